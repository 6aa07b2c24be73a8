"""The legacy Python SDK (workos 5.46.0) and the standalone MFA API.

Python SDK 5.x's `mfa` module calls the current paths (`/auth/factors/enroll`, `/auth/factors/{id}`,
`/auth/factors/{id}/challenge`, `/auth/challenges/{id}/verify`), sends every parameter with unset ones as JSON
`null`, and validates factors with pydantic models chosen by `type`: a totp factor must carry `totp`, an sms factor
`sms` (catalog-B §5). The older paths `POST /auth/factors/challenge` and `POST /auth/factors/verify` (Node SDKs before
~2022) are not called by any Python SDK, so they are exercised here with raw requests.

The module's emulator process and SDK client come from conftest.py.
"""

from __future__ import annotations

import re

import pytest
from workos import WorkOSClient
from workos.exceptions import NotFoundException
from workos.types.mfa import AuthenticationFactorSms, AuthenticationFactorTotp, AuthenticationFactorTotpExtended

from conftest import raw


def test_mfa_module_enrolls_challenges_verifies_and_deletes(client: WorkOSClient, base_url: str) -> None:
    totp = client.mfa.enroll_factor(type="totp", totp_issuer="Acme", totp_user="bob@acme.test")
    assert isinstance(totp, AuthenticationFactorTotpExtended)
    assert totp.totp.secret and totp.totp.qr_code.startswith("data:image/png;base64,")
    assert isinstance(client.mfa.get_factor(totp.id), AuthenticationFactorTotp)
    challenge = client.mfa.challenge_factor(authentication_factor_id=totp.id)
    assert challenge.expires_at is None and challenge.code is None

    sms = client.mfa.enroll_factor(type="sms", phone_number="+14155550123")
    assert isinstance(sms, AuthenticationFactorSms) and sms.sms.phone_number == "+14155550123"
    fetched = client.mfa.get_factor(sms.id)
    assert isinstance(fetched, AuthenticationFactorSms) and fetched.sms.phone_number == "+14155550123"
    sent = client.mfa.challenge_factor(authentication_factor_id=sms.id, sms_template="Code: {{code}}")
    assert sent.expires_at is not None and sent.code is None
    code = raw(base_url, "GET", f"/_emulator/auth_challenges/{sent.id}/code")["code"]
    assert re.fullmatch(r"\d{6}", code)
    wrong = "".join(str((int(digit) + 5) % 10) for digit in code)
    assert client.mfa.verify_challenge(authentication_challenge_id=sent.id, code=wrong).valid is False
    verified = client.mfa.verify_challenge(authentication_challenge_id=sent.id, code=code)
    assert verified.valid is True and verified.challenge.id == sent.id

    client.mfa.delete_factor(sms.id)
    with pytest.raises(NotFoundException):
        client.mfa.get_factor(sms.id)


def test_old_challenge_and_verify_paths_take_the_ids_in_the_body(client: WorkOSClient, base_url: str) -> None:
    factor = raw(base_url, "POST", "/auth/factors/enroll", {"type": "generic_otp"})
    challenge = raw(base_url, "POST", "/auth/factors/challenge", {"authentication_factor_id": factor["id"]})
    assert challenge["authentication_factor_id"] == factor["id"] and re.fullmatch(r"\d{6}", challenge["code"])
    verified = raw(
        base_url, "POST", "/auth/factors/verify",
        {"authentication_challenge_id": challenge["id"], "code": challenge["code"]},
    )
    assert verified["valid"] is True and verified["challenge"]["id"] == challenge["id"]
