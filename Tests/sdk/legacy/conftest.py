"""What every legacy check (workos 5.46.0) shares: its own emulator process and an SDK client for it.

Each module gets a fresh emulator (the binary from $WORKOS_EMULATOR_BIN) on a free port with its own database, so
the legacy files never see each other's data; `raw()` calls the emulator's API (and control API) without the SDK.
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


def raw(base_url: str, method: str, path: str, body: Any = None) -> Any:
    """The JSON answer of one API call with the default environment's key (no SDK in between)."""
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
