"""The standalone MFA API through the official SDK (`client.multi_factor_auth`, workos 10.6.0) the way an app uses it:
enroll a factor, challenge it, verify the code the user typed, delete it (catalog-B §5). SMS codes come from the
emulator's helper `GET /_emulator/auth_challenges/{id}/code`, since no text message is sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import timedelta
from typing import Callable

import pytest
from workos import BadRequestError, NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.common.models import AuthenticationChallenge, AuthenticationFactor, AuthenticationFactorEnrolled

from conftest import ULID, Environment, create_environment


def totp_now(secret: str) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s) computed here from the enrolled secret, as an authenticator app would."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def other_code(code: str) -> str:
    """A code that differs from `code` in every digit."""
    return "".join(str((int(digit) + 5) % 10) for digit in code)


def sms_code(environment: Environment, challenge_id: str) -> dict:
    response = environment.raw("GET", f"/_emulator/auth_challenges/{challenge_id}/code")
    assert response.status == 200, response
    return response.json


def test_totp_factor_enroll_get_challenge_verify_delete(client: WorkOSClient) -> None:
    mfa = client.multi_factor_auth
    enrolled = mfa.enroll_factor(type="totp", totp_issuer="Acme", totp_user="bob@acme.test")
    assert isinstance(enrolled, AuthenticationFactorEnrolled)
    assert re.fullmatch(f"auth_factor_{ULID}", enrolled.id)
    assert enrolled.type == "totp" and enrolled.user_id is None and enrolled.sms is None
    assert enrolled.totp is not None
    assert enrolled.totp.issuer == "Acme" and enrolled.totp.user == "bob@acme.test"
    assert enrolled.totp.qr_code.startswith("data:image/png;base64,")
    assert enrolled.totp.uri.startswith(f"otpauth://totp/Acme:bob@acme.test?secret={enrolled.totp.secret}")

    factor = mfa.get_factor(enrolled.id)
    assert isinstance(factor, AuthenticationFactor)
    assert factor.id == enrolled.id and factor.totp is not None and factor.totp.issuer == "Acme"

    challenge = mfa.challenge_factor(enrolled.id)
    assert isinstance(challenge, AuthenticationChallenge)
    assert challenge.authentication_factor_id == enrolled.id
    assert challenge.expires_at is None and challenge.code is None

    code = totp_now(enrolled.totp.secret)
    wrong = mfa.verify_challenge(challenge.id, code=other_code(code))
    assert wrong.valid is False and wrong.challenge.id == challenge.id
    right = mfa.verify_challenge(challenge.id, code=code)
    assert right.valid is True and right.challenge.id == challenge.id
    with pytest.raises(UnprocessableEntityError) as again:
        mfa.verify_challenge(challenge.id, code=code)
    assert again.value.code == "authentication_challenge_previously_verified"

    mfa.delete_factor(enrolled.id)
    with pytest.raises(NotFoundError):
        mfa.get_factor(enrolled.id)
    with pytest.raises(NotFoundError):
        mfa.verify_challenge(challenge.id, code=code)


def test_sms_factor_with_a_template_and_the_code_from_the_emulator(
    client: WorkOSClient, environment: Environment
) -> None:
    mfa = client.multi_factor_auth
    enrolled = mfa.enroll_factor(type="sms", phone_number="+14155550123")
    assert enrolled.type == "sms" and enrolled.totp is None
    assert enrolled.sms is not None and enrolled.sms.phone_number == "+14155550123"
    assert mfa.get_factor(enrolled.id).sms.phone_number == "+14155550123"

    challenge = mfa.challenge_factor(enrolled.id, sms_template="Your Acme code is {{code}}")
    assert challenge.code is None
    assert challenge.expires_at is not None
    assert challenge.expires_at - challenge.created_at == timedelta(minutes=10)

    sent = sms_code(environment, challenge.id)
    assert re.fullmatch(r"\d{6}", sent["code"])
    assert sent["phone_number"] == "+14155550123"
    assert sent["message"] == f"Your Acme code is {sent['code']}"
    assert mfa.verify_challenge(challenge.id, code=sent["code"]).valid is True

    with pytest.raises(UnprocessableEntityError):
        mfa.challenge_factor(enrolled.id, sms_template="No placeholder here")
    with pytest.raises(UnprocessableEntityError):
        mfa.challenge_factor(enrolled.id, sms_template="Sign in at https://acme.test with {{code}}")


def test_generic_otp_factor_of_a_user_answers_its_code(client: WorkOSClient) -> None:
    mfa = client.multi_factor_auth
    user = client.user_management.create_user(email="otp-user@example.org")
    enrolled = mfa.enroll_factor(type="generic_otp", user_id=user.id)
    assert enrolled.type == "generic_otp" and enrolled.user_id == user.id
    assert enrolled.totp is None and enrolled.sms is None

    challenge = mfa.challenge_factor(enrolled.id)
    assert challenge.code is not None and re.fullmatch(r"\d{6}", challenge.code)
    assert challenge.expires_at is not None

    verified = mfa.verify_challenge(challenge.id, code=challenge.code)
    assert verified.valid is True


def test_enrollment_errors(client: WorkOSClient) -> None:
    mfa = client.multi_factor_auth
    with pytest.raises(UnprocessableEntityError) as invalid:
        mfa.enroll_factor(type="sms", phone_number="foo")
    assert invalid.value.code == "invalid_phone_number"
    assert invalid.value.message == "Phone number is invalid: 'foo'"
    with pytest.raises(UnprocessableEntityError):
        mfa.enroll_factor(type="totp", totp_issuer="Acme")
    with pytest.raises(UnprocessableEntityError):
        mfa.enroll_factor(type="webauthn")
    with pytest.raises(UnprocessableEntityError):
        mfa.enroll_factor(type="generic_otp", user_id="user_01JZZZZZZZZZZZZZZZZZZZZZZZ")


def test_verify_after_too_many_wrong_codes_and_unknown_ids(client: WorkOSClient) -> None:
    mfa = client.multi_factor_auth
    factor = mfa.enroll_factor(type="generic_otp")
    challenge = mfa.challenge_factor(factor.id)
    assert challenge.code is not None
    for _ in range(5):
        assert mfa.verify_challenge(challenge.id, code=other_code(challenge.code)).valid is False
    with pytest.raises(BadRequestError) as locked:
        mfa.verify_challenge(challenge.id, code=challenge.code)
    assert locked.value.code == "one_time_code_too_many_attempts"

    with pytest.raises(NotFoundError):
        mfa.verify_challenge("auth_challenge_01JZZZZZZZZZZZZZZZZZZZZZZZ", code="123456")
    with pytest.raises(NotFoundError):
        mfa.challenge_factor("auth_factor_01JZZZZZZZZZZZZZZZZZZZZZZZ")
    with pytest.raises(NotFoundError):
        mfa.delete_factor("auth_factor_01JZZZZZZZZZZZZZZZZZZZZZZZ")


def test_another_environments_factor_is_not_found(
    client: WorkOSClient, make_client: Callable[..., WorkOSClient], environment: Environment
) -> None:
    factor = client.multi_factor_auth.enroll_factor(type="generic_otp")
    other = create_environment(environment.base_url, "sdk mfa other")
    foreign = make_client(other.api_key, other.client_id).multi_factor_auth
    with pytest.raises(NotFoundError):
        foreign.get_factor(factor.id)
    with pytest.raises(NotFoundError):
        foreign.delete_factor(factor.id)
    assert client.multi_factor_auth.get_factor(factor.id).id == factor.id
