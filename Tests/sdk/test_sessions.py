"""AuthKit tokens and sessions through the official SDK: JWKS, access tokens, the SDK's own session helpers,
refresh rotation, session lists, revocation and logout (catalog-A §6.3, §6.5, §6.6)."""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import jwt
import pytest
from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from jwt import PyJWKClient
from workos import BadRequestError, NotFoundError, WorkOSClient
from workos.session import seal_session_from_auth_response
from workos.user_management import PasswordPlaintext

from conftest import ULID, Environment

PASSWORD = "correct-horse-battery-staple"


def unique_email(label: str = "session") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.org"


def b64url_int(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def decode(client: WorkOSClient, token: str) -> dict:
    """Verifies an access token the way an app does: PyJWKClient on the SDK's JWKS URL, RS256, exp checked."""
    key = PyJWKClient(client.user_management.get_jwks_url()).get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], options={"verify_aud": False})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def get_without_redirect(url: str) -> tuple[int, str | None, bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=15) as response:
            return response.status, response.headers.get("Location"), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location"), error.read()


# --------------------------------------------------------------------------------------------------
# JWKS


def test_jwks_parses_strictly_in_the_sdk_with_a_real_certificate(client: WorkOSClient, environment: Environment) -> None:
    jwks = client.user_management.get_jwks(environment.client_id)
    assert len(jwks.keys) == 1
    raw = environment.raw("GET", f"/sso/jwks/{environment.client_id}", key=None).json["keys"][0]
    assert set(raw) == {"alg", "kty", "use", "n", "e", "kid", "x5c", "x5t#S256"}
    assert raw["alg"] == "RS256" and raw["kty"] == "RSA" and raw["use"] == "sig" and raw["e"] == "AQAB"
    assert re.fullmatch(r"key_[0-9A-HJKMNP-TV-Z]{26}", raw["kid"]), raw["kid"]
    assert jwks.keys[0].kid == raw["kid"]

    der = base64.b64decode(raw["x5c"][0])
    certificate = x509.load_der_x509_certificate(der)
    assert certificate.subject.rfc4514_string() == f"CN={environment.client_id}"
    assert certificate.issuer == certificate.subject
    numbers = certificate.public_key().public_numbers()  # type: ignore[union-attr]
    assert numbers.n == b64url_int(raw["n"]) and numbers.e == 65537
    assert numbers.n.bit_length() == 2048
    assert raw["x5t#S256"] == base64.urlsafe_b64encode(certificate.fingerprint(hashes.SHA256())).rstrip(b"=").decode()
    assert (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days >= 3650


def test_jwks_url_works_with_pyjwkclient_without_an_api_key(client: WorkOSClient, environment: Environment) -> None:
    url = client.user_management.get_jwks_url()
    assert url == f"{environment.base_url}/sso/jwks/{environment.client_id}"
    keys = PyJWKClient(url).get_signing_keys()
    assert [k.key_id for k in keys] == [client.user_management.get_jwks(environment.client_id).keys[0].kid]


def test_jwks_of_an_unknown_client_is_not_found(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError):
        client.user_management.get_jwks("client_unknown")


def test_each_environment_has_its_own_key(client: WorkOSClient, environment: Environment) -> None:
    other = environment.raw("POST", "/_emulator/environments", body={"name": "other"}).json
    mine = client.user_management.get_jwks(environment.client_id).keys[0].kid
    theirs = client.user_management.get_jwks(other["client_id"]).keys[0].kid
    assert mine != theirs


# --------------------------------------------------------------------------------------------------
# Sign-in, session helpers, refresh, revoke, logout (need POST /user_management/authenticate)


@pytest.fixture
def password_grant(environment: Environment) -> None:
    probe = environment.raw("POST", "/user_management/authenticate", body={})
    if probe.status == 501:
        pytest.skip("POST /user_management/authenticate is not emulated yet")


def sign_in(client: WorkOSClient, organization_id: str | None = None):  # type: ignore[no-untyped-def]
    email = unique_email()
    user = client.user_management.create_user(
        email=email, password=PasswordPlaintext(password=PASSWORD), email_verified=True
    )
    if organization_id is not None:
        client.organization_membership.create_organization_membership(
            user_id=user.id, organization_id=organization_id
        )
    return user, client.user_management.authenticate_with_password(email=email, password=PASSWORD)


@pytest.mark.usefixtures("password_grant")
def test_password_sign_in_issues_a_token_the_sdk_session_helpers_accept(client: WorkOSClient) -> None:
    user, auth = sign_in(client)
    claims = decode(client, auth.access_token)
    assert claims["sub"] == user.id
    assert re.fullmatch(f"session_{ULID}", claims["sid"])
    assert re.fullmatch(ULID, claims["jti"])
    assert claims["exp"] - claims["iat"] == 300
    assert claims["iss"] == "https://api.workos.com"
    assert auth.user.last_sign_in_at is not None

    cookie_password = Fernet.generate_key().decode()
    sealed = seal_session_from_auth_response(
        access_token=auth.access_token,
        refresh_token=auth.refresh_token,
        user=auth.user.to_dict(),
        cookie_password=cookie_password,
    )
    session = client.user_management.load_sealed_session(session_data=sealed, cookie_password=cookie_password)
    authenticated = session.authenticate()
    assert authenticated.authenticated is True, authenticated
    assert authenticated.session_id == claims["sid"]
    assert authenticated.entitlements == [] and authenticated.feature_flags == []

    refreshed = session.refresh()
    assert refreshed.authenticated is True, refreshed
    assert refreshed.session_id == claims["sid"]
    again = client.user_management.load_sealed_session(
        session_data=refreshed.sealed_session, cookie_password=cookie_password
    ).authenticate()
    assert again.authenticated is True and again.session_id == claims["sid"]


@pytest.mark.usefixtures("password_grant")
def test_refresh_tokens_rotate_and_are_single_use(client: WorkOSClient) -> None:
    _, auth = sign_in(client)
    sid = decode(client, auth.access_token)["sid"]
    first = client.user_management.authenticate_with_refresh_token(refresh_token=auth.refresh_token)
    assert first.refresh_token != auth.refresh_token
    assert decode(client, first.access_token)["sid"] == sid
    with pytest.raises(BadRequestError) as raised:
        client.user_management.authenticate_with_refresh_token(refresh_token=auth.refresh_token)
    assert raised.value.error == "invalid_grant"
    second = client.user_management.authenticate_with_refresh_token(refresh_token=first.refresh_token)
    assert decode(client, second.access_token)["sid"] == sid


@pytest.mark.usefixtures("password_grant")
def test_refresh_switches_organization_and_token_carries_role(client: WorkOSClient) -> None:
    organization = client.organizations.create_organization(name=f"Sessions {uuid.uuid4().hex[:8]}")
    user, auth = sign_in(client, organization_id=organization.id)
    switched = client.user_management.authenticate_with_refresh_token(
        refresh_token=auth.refresh_token, organization_id=organization.id
    )
    assert switched.organization_id == organization.id
    claims = decode(client, switched.access_token)
    assert claims["org_id"] == organization.id
    assert claims["role"] == "member" and claims["roles"] == ["member"]
    assert isinstance(claims["permissions"], list)

    stranger = client.organizations.create_organization(name=f"Stranger {uuid.uuid4().hex[:8]}")
    with pytest.raises(BadRequestError) as raised:
        client.user_management.authenticate_with_refresh_token(
            refresh_token=switched.refresh_token, organization_id=stranger.id
        )
    assert raised.value.error == "organization_membership_not_found"


@pytest.mark.usefixtures("password_grant")
def test_list_sessions_and_revoke_session(client: WorkOSClient, environment: Environment) -> None:
    user, auth = sign_in(client)
    sid = decode(client, auth.access_token)["sid"]
    sessions = client.user_management.list_sessions(user.id)
    assert [s.id for s in sessions.data] == [sid]
    listed = sessions.data[0]
    assert listed.user_id == user.id and listed.status == "active" and listed.auth_method == "password"
    assert listed.ended_at is None

    assert client.user_management.revoke_session(session_id=sid) is None
    assert client.user_management.list_sessions(user.id).data == []
    with pytest.raises(BadRequestError) as raised:
        client.user_management.authenticate_with_refresh_token(refresh_token=auth.refresh_token)
    assert raised.value.error == "invalid_grant"
    revoked = environment.raw("GET", "/events?events=session.revoked").json["data"]
    assert [e["data"]["id"] for e in revoked] == [sid]

    with pytest.raises(BadRequestError):
        client.user_management.revoke_session(session_id="session_unknown")


@pytest.mark.usefixtures("password_grant")
def test_logout_url_ends_the_session_and_redirects(client: WorkOSClient) -> None:
    user, auth = sign_in(client)
    sid = decode(client, auth.access_token)["sid"]
    url = client.user_management.get_logout_url(session_id=sid, return_to="http://localhost:3000/signed-out")
    status, location, _ = get_without_redirect(url)
    assert status == 302 and location == "http://localhost:3000/signed-out"
    assert client.user_management.list_sessions(user.id).data == []
    with pytest.raises(BadRequestError):
        client.user_management.authenticate_with_refresh_token(refresh_token=auth.refresh_token)

    _, other = sign_in(client)
    other_sid = decode(client, other.access_token)["sid"]
    refused = client.user_management.get_logout_url(session_id=other_sid, return_to="https://evil.example.net/")
    status, _, body = get_without_redirect(refused)
    assert status == 422 and b"evil.example.net" in body
    status, _, _ = get_without_redirect(client.user_management.get_logout_url(session_id="session_unknown"))
    assert status == 422


def test_logout_of_an_unknown_session_is_422(client: WorkOSClient) -> None:
    url = client.user_management.get_logout_url(session_id="session_unknown")
    assert urllib.parse.urlparse(url).path.endswith("/user_management/sessions/logout")
    status, _, body = get_without_redirect(url)
    assert status == 422 and b"session_unknown" in body
