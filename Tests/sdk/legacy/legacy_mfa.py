"""The legacy Python SDK (workos 5.46.0) and the standalone MFA API.

Python SDK 5.x's `mfa` module calls the current paths (`/auth/factors/enroll`, `/auth/factors/{id}`,
`/auth/factors/{id}/challenge`, `/auth/challenges/{id}/verify`), sends every parameter with unset ones as JSON
`null`, and validates factors with pydantic models chosen by `type`: a totp factor must carry `totp`, an sms factor
`sms` (catalog-B §5). The older paths `POST /auth/factors/challenge` and `POST /auth/factors/verify` (Node SDKs before
~2022) are not called by any Python SDK, so they are exercised here with raw requests.

This module starts its own emulator process (the binary from $WORKOS_EMULATOR_BIN) on a free port.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.request
from typing import Any, Iterator

import pytest
from workos import WorkOSClient
from workos.exceptions import NotFoundException
from workos.types.mfa import AuthenticationFactorSms, AuthenticationFactorTotp, AuthenticationFactorTotpExtended

API_KEY = "sk_test_emulator"
CLIENT_ID = "client_emulator"
LISTENING = re.compile(r"listening on (http://\S+)")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    binary = os.environ.get("WORKOS_EMULATOR_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.exit("set WORKOS_EMULATOR_BIN to the workos-emulator binary", 2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKOS_")}
    with tempfile.TemporaryDirectory(prefix="workos-emulator-legacy-") as directory:
        process = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", "--db", os.path.join(directory, "legacy.sqlite")],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=directory,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            url = None
            assert process.stdout is not None
            while url is None and time.monotonic() < deadline:
                line = process.stdout.readline()
                if not line:
                    break
                match = LISTENING.search(line)
                url = match.group(1) if match else None
            assert url, "the emulator never printed its 'listening on' line"
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0


def _raw(base_url: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(
        base_url + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        text = response.read()
        return json.loads(text) if text else None


@pytest.fixture
def client(base_url: str) -> WorkOSClient:
    return WorkOSClient(api_key=API_KEY, client_id=CLIENT_ID, base_url=base_url, request_timeout=20)


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
    code = _raw(base_url, "GET", f"/_emulator/auth_challenges/{sent.id}/code")["code"]
    assert re.fullmatch(r"\d{6}", code)
    wrong = "".join(str((int(digit) + 5) % 10) for digit in code)
    assert client.mfa.verify_challenge(authentication_challenge_id=sent.id, code=wrong).valid is False
    verified = client.mfa.verify_challenge(authentication_challenge_id=sent.id, code=code)
    assert verified.valid is True and verified.challenge.id == sent.id

    client.mfa.delete_factor(sms.id)
    with pytest.raises(NotFoundException):
        client.mfa.get_factor(sms.id)


def test_old_challenge_and_verify_paths_take_the_ids_in_the_body(client: WorkOSClient, base_url: str) -> None:
    factor = _raw(base_url, "POST", "/auth/factors/enroll", {"type": "generic_otp"})
    challenge = _raw(base_url, "POST", "/auth/factors/challenge", {"authentication_factor_id": factor["id"]})
    assert challenge["authentication_factor_id"] == factor["id"] and re.fullmatch(r"\d{6}", challenge["code"])
    verified = _raw(
        base_url, "POST", "/auth/factors/verify",
        {"authentication_challenge_id": challenge["id"], "code": challenge["code"]},
    )
    assert verified["valid"] is True and verified["challenge"]["id"] == challenge["id"]
