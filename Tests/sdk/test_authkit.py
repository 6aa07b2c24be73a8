"""AuthKit sign-in through the official Python SDK (workos 10.6.0), the way an application runs it.

The browser's part (following the authorize redirect, submitting the hosted page) uses urllib with the
scripted-form protocol of emulator.md: POST form-encoded `email` (and `password`) to the exact URL the
authorize call redirected to, and read the `code` from the 302 back to the redirect URI.
"""

from __future__ import annotations

import base64
import json
import pathlib
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Optional

import pytest
from cryptography.fernet import Fernet
from workos import WorkOSClient
from workos._errors import (
    BadRequestError,
    EmailVerificationRequiredError,
    MfaChallengeError,
    OrganizationSelectionRequiredError,
)
from workos.session import seal_session_from_auth_response
from workos.user_management import PasswordPlaintext

from conftest import (
    DEFAULT_API_KEY,
    REDIRECT_URI,
    Emulator,
    Environment,
    browser,
    callback,
    create_environment,
    http,
    unique,
)

SEED = pathlib.Path(__file__).resolve().parents[2] / "seed" / "default.json"





def hosted_page(authorization_url: str) -> str:
    """Follows the authorize redirect; answers the hosted page's URL."""
    status, location, body = browser("GET", authorization_url)
    assert status == 302, f"authorize answered {status}: {body[:500]}"
    assert location and "/_emulator/authkit/" in location, location
    return location



def sign_in_on_page(page_url: str, form: dict[str, str]) -> dict[str, str]:
    status, location, body = browser("POST", page_url, form)
    assert status == 302, f"page answered {status}: {body[:500]}"
    return callback(location)


def outbox_code(environment: Environment, to: str, kind: str) -> str:
    emails = environment.raw("GET", "/_emulator/emails?to=" + urllib.parse.quote(to)).json["data"]
    matching = [e for e in emails if e["type"] == kind]
    assert matching, f"no {kind} e-mail to {to}: {emails}"
    return matching[0]["code"]


def user_id(client: WorkOSClient, email: str) -> str:
    return client.user_management.list_users(email=email).data[0].id


# --------------------------------------------------------------------------------------------------
# The whole flow


def test_whole_flow_authorize_page_code_session_helpers_refresh_and_logout(
    environment: Environment, client: WorkOSClient
) -> None:
    url = client.user_management.get_authorization_url(
        provider="authkit", redirect_uri=REDIRECT_URI, state="state-123"
    )
    page_url = hosted_page(url)
    status, _, page = browser("GET", page_url)
    assert status == 200
    assert "alice@example.com" in page and "<script" not in page

    query = sign_in_on_page(page_url, {"email": "alice@example.com", "password": "alice-password"})
    assert query["state"] == "state-123"
    auth = client.user_management.authenticate_with_code(code=query["code"], ip_address="203.0.113.5")
    assert auth.user.email == "alice@example.com"
    assert auth.user.last_sign_in_at is not None
    assert auth.organization_id and auth.organization_id.startswith("org_")
    assert auth.access_token.count(".") == 2 and auth.refresh_token

    # The page is used up, and so is the code.
    assert browser("POST", page_url, {"email": "alice@example.com"})[0] == 410
    with pytest.raises(BadRequestError) as reused:
        client.user_management.authenticate_with_code(code=query["code"])
    assert reused.value.error == "invalid_grant"

    # The SDK's own session helpers verify the access token against GET /sso/jwks/{client_id}.
    cookie_password = Fernet.generate_key().decode()
    sealed = seal_session_from_auth_response(
        access_token=auth.access_token,
        refresh_token=auth.refresh_token,
        user=auth.user.to_dict(),
        cookie_password=cookie_password,
    )
    session = client.user_management.load_sealed_session(session_data=sealed, cookie_password=cookie_password)
    verified = session.authenticate()
    assert verified.authenticated, verified
    assert verified.session_id.startswith("session_")
    assert verified.organization_id == auth.organization_id
    assert verified.role == "admin"
    assert "members:manage" in (verified.permissions or [])

    refreshed = client.user_management.authenticate_with_refresh_token(refresh_token=auth.refresh_token)
    assert refreshed.refresh_token != auth.refresh_token
    with pytest.raises(BadRequestError) as old:
        client.user_management.authenticate_with_refresh_token(refresh_token=auth.refresh_token)
    assert old.value.error == "invalid_grant"

    sealed_again = seal_session_from_auth_response(
        access_token=refreshed.access_token,
        refresh_token=refreshed.refresh_token,
        user=refreshed.user.to_dict(),
        cookie_password=cookie_password,
    )
    session = client.user_management.load_sealed_session(session_data=sealed_again, cookie_password=cookie_password)
    rotated = session.refresh()
    assert rotated.authenticated, rotated
    assert rotated.session_id == verified.session_id

    logout_url = session.get_logout_url(return_to="http://localhost:3000/signed-out")
    assert logout_url.startswith(environment.base_url + "/user_management/sessions/logout?")
    status, location, _ = browser("GET", logout_url)
    assert status == 302 and location == "http://localhost:3000/signed-out"
    assert not session.refresh().authenticated


def test_pkce_public_client(environment: Environment, make_client: Callable[..., WorkOSClient]) -> None:
    from workos import create_public_client  # noqa: PLC0415 - only this test needs it

    public = create_public_client(client_id=environment.client_id, base_url=environment.base_url)
    try:
        pkce = public.user_management.get_authorization_url_with_pkce(provider="authkit", redirect_uri=REDIRECT_URI)
        query = sign_in_on_page(hosted_page(pkce["url"]), {"email": "alice@example.com"})
        assert query["state"] == pkce["state"]
        auth = public.user_management.authenticate_with_code_pkce(
            code=query["code"], code_verifier=pkce["code_verifier"]
        )
        assert auth.user.email == "alice@example.com"
        pkce = public.user_management.get_authorization_url_with_pkce(provider="authkit", redirect_uri=REDIRECT_URI)
        query = sign_in_on_page(hosted_page(pkce["url"]), {"email": "alice@example.com"})
        with pytest.raises(BadRequestError) as mismatch:
            public.user_management.authenticate_with_code_pkce(code=query["code"], code_verifier="x" * 43)
        assert mismatch.value.error == "invalid_grant"
    finally:
        public.close()


def test_oauth_provider_consent_records_an_identity(environment: Environment, client: WorkOSClient) -> None:
    url = client.user_management.get_authorization_url(
        provider="GoogleOAuth", redirect_uri=REDIRECT_URI, provider_scopes=["openid", "email"], state="g"
    )
    query = sign_in_on_page(hosted_page(url), {"email": "gina@example.com", "first_name": "Gina"})
    auth = client.user_management.authenticate_with_code(code=query["code"])
    assert auth.user.email == "gina@example.com" and auth.user.first_name == "Gina"
    assert auth.oauth_tokens is not None and auth.oauth_tokens.scopes == ["openid", "email"]
    identities = client.user_management.get_user_identities(auth.user.id)
    assert [i.provider for i in identities] == ["GoogleOAuth"]


# --------------------------------------------------------------------------------------------------
# The other grants


def test_password_grant_and_invalid_credentials(client: WorkOSClient) -> None:
    auth = client.user_management.authenticate_with_password(email="alice@example.com", password="alice-password")
    assert auth.user.email == "alice@example.com"
    with pytest.raises(BadRequestError) as wrong:
        client.user_management.authenticate_with_password(email="alice@example.com", password="wrong-password")
    assert wrong.value.code == "invalid_credentials"


def test_magic_auth_with_the_outbox_code(environment: Environment, client: WorkOSClient) -> None:
    client.user_management.create_magic_auth(email="bob@example.com")
    code = outbox_code(environment, "bob@example.com", "magic_auth")
    auth = client.user_management.authenticate_with_magic_auth(code=code, email="bob@example.com")
    assert auth.user.email == "bob@example.com" and auth.user.email_verified
    with pytest.raises(BadRequestError) as used:
        client.user_management.authenticate_with_magic_auth(code=code, email="bob@example.com")
    assert used.value.code == "one_time_code_previously_used"


def test_email_verification_step_up(
    tmp_path: pathlib.Path, start_emulator: Callable[..., Emulator], make_client: Callable[..., WorkOSClient]
) -> None:
    seed = json.loads(SEED.read_text())
    seed["environment"]["require_email_verification"] = True
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    emulator = start_emulator("--port", "0", "--db", ":memory:", "--seed", str(path))
    client = make_client(DEFAULT_API_KEY, base_url=emulator.base_url)
    # bob@example.com is seeded unverified; give him a password first.
    bob = user_id(client, "bob@example.com")
    client.user_management.update_user(bob, password=PasswordPlaintext(password="bob-password-1"))
    with pytest.raises(EmailVerificationRequiredError) as step:
        client.user_management.authenticate_with_password(email="bob@example.com", password="bob-password-1")
    assert step.value.email_verification_id and step.value.email_verification_id.startswith("email_verification_")
    emails = http(emulator.base_url, "GET", "/_emulator/emails?to=bob@example.com", key=DEFAULT_API_KEY).json["data"]
    code = [e for e in emails if e["type"] == "email_verification"][0]["code"]
    auth = client.user_management.authenticate_with_email_verification(
        code=code, pending_authentication_token=step.value.pending_authentication_token
    )
    assert auth.user.email_verified


def test_totp_step_up(environment: Environment, client: WorkOSClient, tmp_path: pathlib.Path) -> None:
    alice = user_id(client, "alice@example.com")
    enrolled = client.multi_factor_auth.create_user_auth_factor(alice, type="totp", totp_issuer="Example")
    factor = enrolled.authentication_factor
    assert factor.totp is not None and factor.totp.qr_code.startswith("data:image/png;base64,")
    assert factor.totp.uri.startswith("otpauth://totp/Example:")
    if shutil.which("zbarimg"):  # zbar-tools, installed by Tests/run-all: the QR code must scan to the URI
        image = tmp_path / "qr.png"
        image.write_bytes(base64.b64decode(factor.totp.qr_code.split(",", 1)[1]))
        scanned = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, check=True)
        assert scanned.stdout.strip() == factor.totp.uri
    listed = client.multi_factor_auth.list_user_auth_factors(alice)
    assert [f.id for f in listed.data] == [factor.id]

    with pytest.raises(MfaChallengeError) as step:
        client.user_management.authenticate_with_password(email="alice@example.com", password="alice-password")
    assert step.value.user and step.value.user["id"] == alice
    assert [f["id"] for f in step.value.authentication_factors or []] == [factor.id]
    challenge = client.multi_factor_auth.challenge_factor(factor.id)
    code = environment.raw("GET", f"/_emulator/auth_factors/{factor.id}/code").json["code"]
    auth = client.user_management.authenticate_with_totp(
        code=code,
        pending_authentication_token=step.value.pending_authentication_token,
        authentication_challenge_id=challenge.id,
    )
    assert auth.user.id == alice


def test_organization_selection(client: WorkOSClient) -> None:
    alice = user_id(client, "alice@example.com")
    second = client.organizations.create_organization(name=unique("Second"))
    client.organization_membership.create_organization_membership(user_id=alice, organization_id=second.id)
    with pytest.raises(OrganizationSelectionRequiredError) as step:
        client.user_management.authenticate_with_password(email="alice@example.com", password="alice-password")
    assert second.id in [o["id"] for o in step.value.organizations or []]
    auth = client.user_management.authenticate_with_organization_selection(
        pending_authentication_token=step.value.pending_authentication_token, organization_id=second.id
    )
    assert auth.organization_id == second.id


def test_device_code_flow(environment: Environment, client: WorkOSClient) -> None:
    device = client.user_management.create_device(client_id=environment.client_id)
    assert device.verification_uri == environment.base_url + "/_emulator/device"
    with pytest.raises(BadRequestError) as pending:
        client.user_management.authenticate_with_device_code(device_code=device.device_code)
    assert pending.value.error == "authorization_pending"
    status, _, page = browser("GET", device.verification_uri_complete)
    assert status == 200 and "alice@example.com" in page
    status, _, _ = browser(
        "POST", device.verification_uri,
        {"user_code": device.user_code, "action": "approve", "email": "alice@example.com"},
    )
    assert status == 200
    time.sleep(0.01)
    auth = client.user_management.authenticate_with_device_code(device_code=device.device_code)
    assert auth.user.email == "alice@example.com"
