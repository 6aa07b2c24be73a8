"""Fixtures of the SDK conformance suite.

The suite drives a real `workos-emulator` process with the official WorkOS Python SDK (10.6.0),
the way an application would, and uses raw `urllib.request` only for what the SDK cannot express.

* One emulator process serves the whole pytest session (SQLite file in a temp dir); the process is
  stopped with SIGTERM at the end and must exit 0.
* Every test gets its own fresh environment (`POST /_emulator/environments`), so tests are
  independent and may run in any order.
* The binary comes from `$WORKOS_EMULATOR_BIN`, or else `$(swift build --show-bin-path)/workos-emulator`.
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import queue
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

import httpx2
import pytest
from workos import WorkOSClient

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_API_KEY = "sk_test_emulator"
DEFAULT_CLIENT_ID = "client_emulator"

#: The line the emulator prints on stdout once it serves requests.
LISTENING = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/\[\]]+):(\d+)")
#: Timestamps are ISO 8601 UTC with exactly three fractional digits and `Z` (catalog-A §1.10).
ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
#: ULID: 26 Crockford base32 characters (catalog-A §1.9).
ULID = r"[0-9A-HJKMNP-TV-Z]{26}"

STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
SDK_TIMEOUT = 20  # seconds per SDK request; a hung server fails fast instead of after 60 s.
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}  # what workos 10.6.0 retries (with sleeps)


def unique(prefix: str) -> str:
    """A name no other test uses."""
    return f"{prefix} {uuid.uuid4().hex[:10]}"


def unique_domain(label: str = "d") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}.example.org"


# --------------------------------------------------------------------------------------------------
# The emulator process


@functools.cache
def emulator_binary() -> str:
    explicit = os.environ.get("WORKOS_EMULATOR_BIN")
    if explicit:
        path = explicit
    else:
        result = subprocess.run(
            ["swift", "build", "--show-bin-path"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        path = os.path.join(result.stdout.strip(), "workos-emulator")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.exit(f"workos-emulator binary not found at {path} (build it, or set WORKOS_EMULATOR_BIN)", 2)
    return path


def clean_environment(extra: Optional[dict[str, str]] = None) -> dict[str, str]:
    """The caller's environment without any WORKOS_* variable (so a developer's key cannot leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKOS_")}
    env.update(extra or {})
    return env


class Emulator:
    """One `workos-emulator` process; stdout is read by a thread, stderr goes to a temp file."""

    def __init__(self, args: list[str], env: Optional[dict[str, str]] = None, cwd: Optional[str] = None):
        self.args = args
        self._stderr = tempfile.TemporaryFile()
        self._lines: "queue.Queue[Optional[str]]" = queue.Queue()
        self.stdout_lines: list[str] = []
        self._cwd = tempfile.TemporaryDirectory(prefix="workos-emulator-cwd-") if cwd is None else None
        self.process = subprocess.Popen(
            [emulator_binary(), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=clean_environment(env),
            cwd=cwd if cwd is not None else self._cwd.name,
            text=True,
        )
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        self.host: Optional[str] = None
        self.port: Optional[int] = None

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.stdout_lines.append(line.rstrip("\n"))
            self._lines.put(line)
        self._lines.put(None)

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", errors="replace")

    def output(self) -> str:
        return "stdout:\n" + "\n".join(self.stdout_lines) + "\nstderr:\n" + self.stderr()

    def wait_until_listening(self, timeout: float = STARTUP_TIMEOUT) -> "Emulator":
        """Waits for the `listening on http://HOST:PORT` line (no polling of the port)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise AssertionError(f"no 'listening on http://HOST:PORT' line within {timeout}s\n{self.output()}")
            try:
                line = self._lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                code = self.process.wait(timeout=STOP_TIMEOUT)
                raise AssertionError(f"the emulator exited with {code} before listening\n{self.output()}")
            match = LISTENING.search(line)
            if match:
                self.host = match.group(1)
                self.port = int(match.group(2))
                return self

    @property
    def base_url(self) -> str:
        assert self.port is not None, "not listening yet"
        return f"http://{self.host}:{self.port}"

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> int:
        """Sends `sig` and returns the exit code; kills the process if it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the emulator did not stop within {timeout}s of signal {sig}\n{self.output()}")
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)

    def close(self) -> None:
        self.kill()
        self._stderr.close()
        if self._cwd is not None:
            self._cwd.cleanup()


@pytest.fixture
def start_emulator() -> Iterator[Callable[..., Emulator]]:
    """Starts extra emulator processes for one test; kills any still running afterwards."""
    started: list[Emulator] = []

    def start(*args: str, env: Optional[dict[str, str]] = None, wait: bool = True) -> Emulator:
        emulator = Emulator(list(args), env=env)
        started.append(emulator)
        return emulator.wait_until_listening() if wait else emulator

    yield start
    for emulator in started:
        emulator.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The one emulator process of the session, on a SQLite file in a temp dir."""
    database = tmp_path_factory.mktemp("emulator") / "session.sqlite"
    emulator = Emulator(["--host", "127.0.0.1", "--port", "0", "--db", str(database)])
    try:
        emulator.wait_until_listening()
        yield emulator
        code = emulator.stop(signal.SIGTERM)
        assert code == 0, f"SIGTERM should stop the session emulator with exit code 0, got {code}\n{emulator.output()}"
    finally:
        emulator.close()


# --------------------------------------------------------------------------------------------------
# Raw HTTP (urllib), for what the SDK cannot express

NO_KEY = object()


@dataclass
class RawResponse:
    status: int
    headers: Any  # email.message.Message: case-insensitive .get()
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name)

    def __repr__(self) -> str:
        return f"RawResponse({self.status}, {self.body[:500]!r})"


def http(
    base_url: str,
    method: str,
    path: str,
    *,
    key: Any = NO_KEY,
    body: Any = None,
    data: Optional[bytes] = None,
    headers: Optional[dict[str, str]] = None,
    timeout: float = 15,
) -> RawResponse:
    """One request with urllib; never raises for a status code."""
    all_headers = {"Accept": "application/json"}
    if key is not NO_KEY and key is not None:
        all_headers["Authorization"] = f"Bearer {key}"
    if body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    if data is None and method in ("POST", "PUT", "PATCH"):
        data = b""
    request = urllib.request.Request(base_url + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return RawResponse(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return RawResponse(error.code, error.headers, error.read())


# --------------------------------------------------------------------------------------------------
# Environments and SDK clients


@dataclass
class Environment:
    id: str
    api_key: str
    client_id: str
    body: dict[str, Any]
    base_url: str

    def raw(self, method: str, path: str, **kwargs: Any) -> RawResponse:
        """A raw request authenticated with this environment's key (pass key=... to override)."""
        kwargs.setdefault("key", self.api_key)
        return http(self.base_url, method, path, **kwargs)


def create_environment(base_url: str, name: str, key: str = DEFAULT_API_KEY) -> Environment:
    response = http(base_url, "POST", "/_emulator/environments", key=key, body={"name": name})
    assert response.status == 201, f"POST /_emulator/environments: {response}"
    body = response.json
    return Environment(body["id"], body["api_key"], body["client_id"], body, base_url)


@pytest.fixture
def environment(server: Emulator, request: pytest.FixtureRequest) -> Environment:
    """A fresh, seeded environment of the session server, only for this test."""
    return create_environment(server.base_url, f"sdk {request.node.name}"[:200])


@dataclass
class Attempt:
    method: str
    url: str
    status: Optional[int] = None


@dataclass
class Recorder:
    """Every HTTP attempt the SDK makes, so silent retries (and their sleeps) cannot hide."""

    attempts: list[Attempt] = field(default_factory=list)

    def on_request(self, request: Any) -> None:
        self.attempts.append(Attempt(request.method, str(request.url)))
        request.extensions["sdk_attempt"] = len(self.attempts) - 1

    def on_response(self, response: Any) -> None:
        index = response.request.extensions.get("sdk_attempt")
        if index is not None:
            self.attempts[index].status = response.status_code

    def retried(self) -> list[Attempt]:
        return [a for a in self.attempts if a.status is None or a.status in RETRYABLE_STATUSES]


@pytest.fixture
def make_client(server: Emulator) -> Iterator[Callable[..., WorkOSClient]]:
    """Builds SDK clients against the session server the way an app would (default retries)."""
    made: list[tuple[WorkOSClient, httpx2.Client, Recorder]] = []

    def make(api_key: str, client_id: Optional[str] = None, base_url: Optional[str] = None) -> WorkOSClient:
        recorder = Recorder()
        http_client = httpx2.Client(
            timeout=SDK_TIMEOUT,
            event_hooks={"request": [recorder.on_request], "response": [recorder.on_response]},
        )
        client = WorkOSClient(
            api_key=api_key,
            client_id=client_id or DEFAULT_CLIENT_ID,
            base_url=base_url or server.base_url,
            request_timeout=SDK_TIMEOUT,
            http_client=http_client,
        )
        made.append((client, http_client, recorder))
        return client

    yield make
    problems: list[str] = []
    for client, http_client, recorder in made:
        client.close()
        http_client.close()
        problems += [f"{a.method} {a.url} -> {a.status or 'transport error'}" for a in recorder.retried()]
    if problems:
        pytest.fail(
            "the SDK met retryable failures (it retries them with 1-30 s sleeps): " + "; ".join(problems),
            pytrace=False,
        )


@pytest.fixture
def client(environment: Environment, make_client: Callable[..., WorkOSClient]) -> WorkOSClient:
    """The SDK client of this test's environment."""
    return make_client(environment.api_key, environment.client_id)


# --- Browser helpers (hosted pages: AuthKit, SSO identity provider) -----------------------------------------------

REDIRECT_URI = "http://localhost:3000/callback"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # noqa: D401 - urllib hook
        return None


_NO_REDIRECT_OPENER = urllib.request.build_opener(_NoRedirect)


def browser(method: str, url: str, form: Optional[dict[str, str]] = None) -> tuple[int, Optional[str], str]:
    """One browser request without following redirects: (status, Location, body)."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with _NO_REDIRECT_OPENER.open(request, timeout=15) as response:
            return response.status, response.headers.get("Location"), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location"), error.read().decode()


def callback(location: Optional[str]) -> dict[str, str]:
    """The query of a redirect back to the application."""
    assert location and location.startswith(REDIRECT_URI + "?"), location
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(location).query).items()}
