"""Shared helpers of the reliability scripts: start the emulator binary, read its fds/RSS/threads, measure a
well-behaved client's latency while something else goes on. Python 3 standard library only.

The binary is the first of: --bin, $WORKOS_EMULATOR_BIN, `swift build -c release --show-bin-path` (built
with --scratch-path $SCRATCH_PATH when set).
"""

from __future__ import annotations

import http.client
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import Optional

ROOT = pathlib.Path(__file__).resolve().parents[2]
API_KEY = "sk_test_emulator"
LISTENING = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/\[\]]+):(\d+)")


def find_binary(explicit: Optional[str] = None) -> str:
    if explicit:
        return explicit
    if os.environ.get("WORKOS_EMULATOR_BIN"):
        return os.environ["WORKOS_EMULATOR_BIN"]
    command = ["swift", "build", "-c", "release", "--show-bin-path"]
    if os.environ.get("SCRATCH_PATH"):
        command += ["--scratch-path", os.environ["SCRATCH_PATH"]]
    return subprocess.check_output(command, cwd=ROOT, text=True).strip() + "/workos-emulator"


class Emulator:
    """One emulator process on a free port."""

    def __init__(self, binary: str, db: str, extra: Optional[list[str]] = None, stderr=subprocess.DEVNULL) -> None:
        self.binary = binary
        self.db = db
        self.process = subprocess.Popen(
            [binary, "--port", "0", "--db", db, *(extra or [])],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        deadline = time.monotonic() + 60
        self.port = 0
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"emulator exited with {self.process.wait()} before listening")
            match = LISTENING.search(line)
            if match:
                self.port = int(match.group(2))
                break
        if not self.port:
            raise RuntimeError("emulator did not print its listening line")
        # Keep draining stdout so the process can never block on a full pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def fds(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def sockets(self) -> int:
        """Open sockets (listener and client connections; SQLite's files and the runtime's fds excluded)."""
        count = 0
        for name in os.listdir(f"/proc/{self.pid}/fd"):
            try:
                count += os.readlink(f"/proc/{self.pid}/fd/{name}").startswith("socket:")
            except OSError:
                pass
        return count

    def status(self, key: str) -> int:
        """A numeric field of /proc/PID/status (VmRSS in kB, Threads)."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return -1

    def rss_mb(self) -> float:
        return self.status("VmRSS") / 1024

    def threads(self) -> int:
        return self.status("Threads")

    def resources(self) -> dict:
        return {"fds": self.fds(), "sockets": self.sockets(), "rss_mb": round(self.rss_mb(), 1),
                "threads": self.threads()}

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return -9
        return self.process.returncode

    def alive(self) -> bool:
        return self.process.poll() is None


def request(port: int, method: str, path: str, body=None, key: Optional[str] = API_KEY, timeout: float = 30,
            connection: Optional[http.client.HTTPConnection] = None):
    """One JSON request; returns (status, parsed body or None, headers)."""
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        parsed = json.loads(data) if data else None
        return response.status, parsed, dict(response.getheaders())
    finally:
        if own:
            conn.close()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


@dataclass
class LatencyProbe:
    """A well-behaved client: one keep-alive connection, `rate` requests a second alternating GET /health and an
    authenticated GET /organizations?limit=10, reconnecting when the server closes. Latencies in milliseconds."""

    port: int
    rate: float = 20
    timeout: float = 30
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fresh_connection: bool = False

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "LatencyProbe":
        self._thread.start()
        return self

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(timeout=self.timeout + 5)
        return self.summary()

    def summary(self) -> dict:
        return {
            "requests": len(self.latencies),
            "errors": len(self.errors),
            "p50_ms": round(percentile(self.latencies, 0.50), 2),
            "p99_ms": round(percentile(self.latencies, 0.99), 2),
            "max_ms": round(max(self.latencies), 2) if self.latencies else float("nan"),
            "first_errors": self.errors[:3],
        }

    def _run(self) -> None:
        conn: Optional[http.client.HTTPConnection] = None
        index = 0
        while not self._stop.is_set():
            path = "/health" if index % 2 == 0 else "/organizations?limit=10"
            index += 1
            started = time.perf_counter()
            try:
                if conn is None or self.fresh_connection:
                    if conn is not None:
                        conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                status, _, _ = request(self.port, "GET", path, connection=conn)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200:
                    self.errors.append(f"{path}: {status}")
                else:
                    self.latencies.append(elapsed)
            except Exception as error:  # noqa: BLE001 — every failure is a data point
                self.errors.append(f"{path}: {type(error).__name__}: {error}")
                if conn is not None:
                    conn.close()
                conn = None
            self._stop.wait(max(0.0, 1 / self.rate - (time.perf_counter() - started)))
        if conn is not None:
            conn.close()


def raw_connect(port: int, timeout: float = 10) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def wait_until(predicate, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
