"""Email verification, email change, password reset and Magic Auth through the official SDK, reading the codes and
links from the emulator's outbox (`GET /_emulator/emails`) as an end-to-end test would (catalog-A §6.1, §6.7–§6.9).
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
from datetime import timedelta

import pytest
from workos import BadRequestError, ConflictError, NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.common.models import (
    EmailVerificationCreated,
    MagicAuthCreated,
    PasswordResetCreated,
    PasswordResetSucceeded,
)

from conftest import ULID, Environment


def unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.org"


def outbox(environment: Environment, to: str) -> list[dict]:
    """The e-mails sent to `to`, newest first."""
    response = environment.raw("GET", "/_emulator/emails?to=" + urllib.parse.quote(to))
    assert response.status == 200, response
    return response.json["data"]


# ---------------------------------------------------------------------------------------------------------------------
# Email verification


def test_email_verification_with_the_code_from_the_outbox(client: WorkOSClient, environment: Environment) -> None:
    user = client.user_management.create_user(email=unique_email("verify"))

    sent = client.user_management.send_verification_email(user.id)
    assert sent.user.id == user.id and sent.user.email_verified is False

    [email] = outbox(environment, user.email)
    assert email["type"] == "email_verification" and re.fullmatch(r"\d{6}", email["code"])

    [event] = [e for e in client.events.list_events(events=["email_verification.created"]).data if e.data.user_id == user.id]
    assert isinstance(event, EmailVerificationCreated)
    verification = client.user_management.get_email_verification(event.data.id)
    assert verification.code == email["code"] and verification.email == user.email
    assert re.fullmatch(f"email_verification_{ULID}", verification.id)

    verified = client.user_management.verify_email(user.id, code=email["code"])
    assert verified.user.email_verified is True
    assert client.user_management.get_user(user.id).email_verified is True


def test_email_verification_errors(client: WorkOSClient, environment: Environment) -> None:
    user = client.user_management.create_user(email=unique_email("verr"))
    client.user_management.send_verification_email(user.id)
    code = outbox(environment, user.email)[0]["code"]

    with pytest.raises(BadRequestError) as wrong:
        client.user_management.verify_email(user.id, code="000000" if code != "000000" else "111111")
    assert wrong.value.code == "email_verification_code_incorrect"

    client.user_management.verify_email(user.id, code=code)
    with pytest.raises(BadRequestError) as again:
        client.user_management.verify_email(user.id, code=code)
    assert again.value.code == "email_previously_verified"

    with pytest.raises(BadRequestError) as already:
        client.user_management.send_verification_email(user.id)
    assert already.value.code == "email_already_verified"

    with pytest.raises(NotFoundError):
        client.user_management.get_email_verification("email_verification_01HZZZZZZZZZZZZZZZZZZZZZZZ")


# ---------------------------------------------------------------------------------------------------------------------
# Email change


def test_email_change_with_the_code_sent_to_the_new_address(client: WorkOSClient, environment: Environment) -> None:
    user = client.user_management.create_user(email=unique_email("before"))
    new_email = unique_email("after")

    change = client.user_management.send_email_change(user.id, new_email=new_email.upper())
    assert change.object == "email_change" and change.new_email == new_email
    assert change.user.email == user.email
    assert change.expires_at > change.created_at

    [email] = outbox(environment, new_email)
    assert email["type"] == "email_change"

    confirmed = client.user_management.confirm_email_change(user.id, code=email["code"])
    assert confirmed.object == "email_change_confirmation"
    assert confirmed.user.email == new_email and confirmed.user.email_verified is True

    with pytest.raises(ConflictError) as reused:
        client.user_management.confirm_email_change(user.id, code=email["code"])
    assert reused.value.code == "email_change_code_previously_used"


def test_email_change_errors(client: WorkOSClient) -> None:
    taken = client.user_management.create_user(email=unique_email("taken"))
    user = client.user_management.create_user(email=unique_email("changer"))

    with pytest.raises(ConflictError) as not_needed:
        client.user_management.send_email_change(user.id, new_email=user.email)
    assert not_needed.value.code == "email_change_not_needed"
    with pytest.raises(ConflictError) as not_available:
        client.user_management.send_email_change(user.id, new_email=taken.email)
    assert not_available.value.code == "email_not_available"
    with pytest.raises(UnprocessableEntityError) as invalid:
        client.user_management.send_email_change(user.id, new_email="nope")
    assert invalid.value.code == "invalid_email"
    with pytest.raises(ConflictError) as no_pending:
        client.user_management.confirm_email_change(user.id, code="123456")
    assert no_pending.value.code == "no_pending_email_change"

    client.user_management.send_email_change(user.id, new_email=unique_email("wanted"))
    with pytest.raises(BadRequestError) as incorrect:
        client.user_management.confirm_email_change(user.id, code="not-it")
    assert incorrect.value.code == "email_change_code_incorrect"


# ---------------------------------------------------------------------------------------------------------------------
# Password reset


def test_password_reset_through_the_link_in_the_outbox(client: WorkOSClient, environment: Environment) -> None:
    user = client.user_management.create_user(email=unique_email("reset"))

    reset = client.user_management.reset_password(email=user.email)
    assert re.fullmatch(f"password_reset_{ULID}", reset.id)
    assert reset.user_id == user.id and reset.email == user.email
    assert timedelta(minutes=59) < reset.expires_at - reset.created_at <= timedelta(minutes=60)

    [email] = outbox(environment, user.email)
    assert email["type"] == "password_reset"
    link = urllib.parse.urlparse(email["url"])
    [token] = urllib.parse.parse_qs(link.query)["token"]
    assert token == reset.password_reset_token == email["token"]
    assert email["url"] == reset.password_reset_url

    fetched = client.user_management.get_password_reset(reset.id)
    assert fetched.to_dict() == reset.to_dict()

    result = client.user_management.confirm_password_reset(token=token, new_password="my-new-password-1")
    assert result.user.id == user.id and result.user.email_verified is True

    with pytest.raises(BadRequestError) as reused:
        client.user_management.confirm_password_reset(token=token, new_password="my-new-password-2")
    assert reused.value.code == "password_reset_error"

    types = {type(e) for e in client.events.list_events(events=["password_reset.created", "password_reset.succeeded"]).data}
    assert types == {PasswordResetCreated, PasswordResetSucceeded}
    for event in client.events.list_events(events=["password_reset.created", "password_reset.succeeded"]).data:
        assert token not in str(event.to_dict())


def test_password_reset_errors(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError):
        client.user_management.reset_password(email=unique_email("nobody"))

    user = client.user_management.create_user(email=unique_email("weak"))
    reset = client.user_management.reset_password(email=user.email)
    with pytest.raises(BadRequestError) as weak:
        client.user_management.confirm_password_reset(token=reset.password_reset_token, new_password="short")
    assert weak.value.code == "password_reset_error"
    assert weak.value.errors[0]["code"] == "password_too_short"

    with pytest.raises(NotFoundError):
        client.user_management.confirm_password_reset(token="unknown-token", new_password="long-enough-password")


# ---------------------------------------------------------------------------------------------------------------------
# Magic Auth


def test_magic_auth_code_is_created_mailed_and_readable(client: WorkOSClient, environment: Environment) -> None:
    user = client.user_management.create_user(email=unique_email("magic"))

    magic = client.user_management.create_magic_auth(email=user.email)
    assert re.fullmatch(f"magic_auth_{ULID}", magic.id)
    assert magic.user_id == user.id and re.fullmatch(r"\d{6}", magic.code)
    assert magic.expires_at - magic.created_at == timedelta(minutes=10)

    [email] = outbox(environment, user.email)
    assert email["type"] == "magic_auth" and email["code"] == magic.code
    assert client.user_management.get_magic_auth(magic.id).code == magic.code

    [event] = [e for e in client.events.list_events(events=["magic_auth.created"]).data if e.data.id == magic.id]
    assert isinstance(event, MagicAuthCreated)
    assert "code" not in event.to_dict()["data"]


def test_magic_auth_for_a_new_email_signs_the_user_up(client: WorkOSClient) -> None:
    email = unique_email("signup")
    magic = client.user_management.create_magic_auth(email=email)
    assert client.user_management.get_user(magic.user_id).email == email


def test_magic_auth_errors(client: WorkOSClient) -> None:
    with pytest.raises(UnprocessableEntityError):
        client.user_management.create_magic_auth(email="not-an-email")
    with pytest.raises(NotFoundError):
        client.user_management.get_magic_auth("magic_auth_01HZZZZZZZZZZZZZZZZZZZZZZZ")


# ---------------------------------------------------------------------------------------------------------------------
# Outbox


def test_outbox_is_per_environment_newest_first_and_paginated(client: WorkOSClient, environment: Environment) -> None:
    email = unique_email("box")
    for _ in range(3):
        client.user_management.create_magic_auth(email=email)
    page = environment.raw("GET", "/_emulator/emails?limit=2&to=" + urllib.parse.quote(email)).json
    assert len(page["data"]) == 2 and page["list_metadata"]["after"]
    rest = environment.raw(
        "GET", f"/_emulator/emails?limit=2&to={urllib.parse.quote(email)}&after={page['list_metadata']['after']}"
    ).json
    assert len(rest["data"]) == 1 and rest["list_metadata"]["after"] is None
    ids = [e["id"] for e in page["data"] + rest["data"]]
    assert ids == sorted(ids, reverse=True)

    other = environment.raw("POST", "/_emulator/environments", body={"name": "other"}).json
    theirs = environment.raw("GET", "/_emulator/emails", key=other["api_key"]).json
    assert theirs["data"] == []
