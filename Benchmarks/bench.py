#!/usr/bin/env python3
# workos-emulator benchmarks: the driver behind Benchmarks/run (issue 6). Python 3.9+ standard library only.
# Licensed MIT.
"""Measures the emulator against baselines taken in the same run on the same machine.

Baselines: nginx serving a static 100-byte JSON file on loopback (the ceiling of this machine) and the emulator's
own `GET /health`. Every throughput figure is reported with its ratio to nginx at the same connection count, because
absolute numbers on a shared 2-core machine mean little.

Run through `Benchmarks/run` (which installs wrk and nginx and builds the release binary); see Benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPTS = HERE / "scripts"
API_KEY = "sk_test_emulator"
LISTENING = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/\[\]]+):(\d+)")
#: Ids of generated organizations: "org_" + a 26-character ULID-shaped string, increasing with n.
GENERATED_ID_FORMAT = "org_01J%023d"


# --------------------------------------------------------------------------------------------------
# Settings of a run


@dataclasses.dataclass
class Settings:
    quick: bool
    binary: pathlib.Path
    output: pathlib.Path
    connections: list[int]
    duration: int  # seconds per wrk run
    warmup: int  # seconds of warm-up per scenario (0: none)
    max_requests: Optional[int]  # per wrk thread, for quick runs
    small_rows: int
    large_rows: int
    cold_starts: int
    idle_cpu_seconds: float
    serial_requests: int
    reset_objects: int
    sections: frozenset[str] = frozenset(("main", "serial", "lists", "reset", "cold"))

    @staticmethod
    def make(args: argparse.Namespace) -> "Settings":
        settings = Settings.defaults(args)
        if args.only:
            settings.sections = frozenset(args.only.split(","))
        if args.connections:
            settings.connections = [int(count) for count in args.connections.split(",")]
        return settings

    @staticmethod
    def defaults(args: argparse.Namespace) -> "Settings":
        if args.quick:
            return Settings(
                quick=True, binary=args.binary, output=args.output, connections=[16], duration=5, warmup=0,
                max_requests=150, small_rows=1_000, large_rows=10_000, cold_starts=3, idle_cpu_seconds=1.0,
                serial_requests=300, reset_objects=1_000,
            )
        return Settings(
            quick=False, binary=args.binary, output=args.output, connections=[1, 16, 64],
            duration=args.duration, warmup=1, max_requests=None, small_rows=10_000, large_rows=1_000_000,
            cold_starts=20, idle_cpu_seconds=10.0, serial_requests=1_000, reset_objects=1_000,
        )


# --------------------------------------------------------------------------------------------------
# Small helpers


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(base: str, method: str, path: str, body: Any = None, key: Optional[str] = API_KEY) -> tuple[int, Any]:
    """One request with urllib; returns (status, decoded JSON body or None)."""
    headers = {"Accept": "application/json"}
    data = None
    if key:
        headers["Authorization"] = f"Bearer {key}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif method in ("POST", "PUT"):
        data = b""
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        with error:
            raw = error.read()
        try:
            return error.code, json.loads(raw) if raw else None
        except ValueError:
            return error.code, raw.decode(errors="replace")


def health_once(port: int) -> bool:
    """One `GET /health` on a new connection; True on a 200."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            head = sock.recv(64)
            return head.startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of /proc/PID/status in KiB: VmRSS (all resident), RssAnon (private heap and stacks), RssFile
    (mapped files: the binary's code and shared libraries, shared with any other process mapping them)."""
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15 of proc(5))
    return ticks / os.sysconf("SC_CLK_TCK")


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and its live children (nginx's workers), in seconds."""
    total = 0.0
    try:
        total += cpu_seconds(pid)
        for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(cpu_seconds(int(child)) for child in children)
    except OSError:
        pass
    return total


def format_us(us: Optional[float]) -> str:
    if us is None:
        return "—"
    if us >= 10_000:
        return f"{us / 1000:.0f} ms"
    if us >= 1_000:
        return f"{us / 1000:.2f} ms"
    return f"{us:.0f} µs"


def load_average() -> str:
    try:
        return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --------------------------------------------------------------------------------------------------
# Processes under test


class Emulator:
    """One emulator process on a SQLite file, listening on a port it picked (--port 0)."""

    def __init__(self, binary: pathlib.Path, database: pathlib.Path, extra: Optional[list[str]] = None):
        self.database = database
        env = {k: v for k, v in os.environ.items() if not k.startswith("WORKOS_")}
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(binary), "--host", "127.0.0.1", "--port", "0", "--db", str(database), *(extra or [])],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr, env=env, text=True,
        )
        self.port = 0
        assert self.process.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = LISTENING.search(line)
            if match:
                self.port = int(match.group(2))
                break
        if not self.port:
            self.process.kill()
            self.stderr.seek(0)
            raise RuntimeError(f"the emulator did not start: {self.stderr.read().decode(errors='replace')}")
        # Keep draining stdout so the emulator never blocks on a full pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


class Nginx:
    """nginx with its own configuration in a temp dir, serving one static 100-byte JSON file."""

    BODY_SIZE = 100

    def __init__(self, workdir: pathlib.Path):
        self.port = free_port()
        root = workdir / "nginx"
        (root / "html").mkdir(parents=True)
        prefix = b'{"object":"static","padding":"'
        suffix = b'"}'
        body = prefix + b"x" * (self.BODY_SIZE - len(prefix) - len(suffix)) + suffix
        assert len(body) == self.BODY_SIZE
        (root / "html" / "static.json").write_bytes(body)
        # Workers run as an unprivileged user when started as root: the files must be world-readable.
        for path in (workdir, root, root / "html"):
            path.chmod(0o755)
        (root / "html" / "static.json").chmod(0o644)
        config = root / "nginx.conf"
        user = "user root;" if os.geteuid() == 0 else ""
        config.write_text(
            f"""
{user}
worker_processes auto;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    server {{
        listen 127.0.0.1:{self.port};
        root {root}/html;
        location = /static.json {{ default_type application/json; }}
    }}
}}
"""
        )
        self.process = subprocess.Popen(
            ["nginx", "-c", str(config), "-p", str(root)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/static.json", timeout=1) as response:
                    if response.status == 200 and len(response.read()) == self.BODY_SIZE:
                        return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --------------------------------------------------------------------------------------------------
# Load generation


@dataclasses.dataclass
class Result:
    scenario: str
    connections: int
    requests: int = 0
    seconds: float = 0.0
    p50_us: Optional[float] = None
    p99_us: Optional[float] = None
    errors: int = 0
    cpu_us_per_request: Optional[float] = None  # server CPU time (user + system) per request

    @property
    def rate(self) -> Optional[float]:
        return self.requests / self.seconds if self.seconds > 0 and self.requests > 0 else None


def run_wrk(
    settings: Settings,
    url: str,
    connections: int,
    script: str = "request.lua",
    env: Optional[dict[str, str]] = None,
    duration: Optional[int] = None,
    max_requests: Optional[int] = None,
    threads: Optional[int] = None,
) -> dict[str, Any]:
    """Runs wrk once and returns the BENCH_RESULT record of its done() callback.

    With `max_requests`, each wrk thread stops after that many responses and prints a marker; once every thread has,
    wrk gets SIGINT, on which it reports at once (its -d only takes whole seconds).
    """
    threads = threads or (1 if connections == 1 else 2)
    run_env = dict(os.environ)
    run_env.update(env or {})
    run_env["BENCH_THREADS"] = str(threads)
    if max_requests:
        run_env["BENCH_MAX_REQUESTS"] = str(max(1, max_requests // threads))
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration or settings.duration}s",
        "--timeout", "10s", "-s", str(SCRIPTS / script), url,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=run_env)
    assert process.stdout is not None
    done_threads = 0
    unexpected = 0
    record: Optional[dict[str, Any]] = None
    output: list[str] = []
    for line in process.stdout:
        output.append(line)
        if line.startswith("BENCH_THREAD_DONE"):
            done_threads += 1
            if done_threads == threads:
                process.send_signal(signal.SIGINT)
        elif line.startswith("BENCH_UNEXPECTED "):
            unexpected += int(line.split()[1])
        elif line.startswith("BENCH_RESULT "):
            record = json.loads(line[len("BENCH_RESULT "):])
    process.wait()
    if record is None:
        raise RuntimeError(f"wrk printed no result ({' '.join(command)}):\n{''.join(output)}")
    record["unexpected"] = unexpected
    return record


def measure(
    settings: Settings,
    scenario: str,
    url: str,
    connections: int,
    env: Optional[dict[str, str]] = None,
    script: str = "request.lua",
    max_requests: Optional[int] = None,
    server: Optional[int] = None,
    fresh_env: Optional[Callable[[], dict[str, str]]] = None,
) -> Result:
    """One scenario at one connection count; `server` is the pid whose CPU time (with its children's) is counted.

    `fresh_env`, when given, makes the environment of each wrk run (single-use refresh tokens).
    """
    if fresh_env:
        env = fresh_env()
    if settings.warmup:
        run_wrk(settings, url, connections, script, env, duration=settings.warmup)
        if fresh_env:
            env = fresh_env()
    cpu_before = process_tree_cpu_seconds(server) if server else 0.0
    record = run_wrk(settings, url, connections, script, env, max_requests=max_requests or settings.max_requests)
    cpu_used = process_tree_cpu_seconds(server) - cpu_before if server else 0.0
    errors = sum(record["errors"].values()) + record["unexpected"]
    result = Result(
        scenario=scenario, connections=connections, requests=record["requests"],
        seconds=record["duration_us"] / 1e6, p50_us=record["p50_us"], p99_us=record["p99_us"], errors=errors,
        # /proc counts CPU time in ticks of 10 ms: below 20 of them the figure would be noise.
        cpu_us_per_request=1e6 * cpu_used / record["requests"] if server and record["requests"] and cpu_used >= 0.2
        else None,
    )
    rate = f"{result.rate:,.0f} req/s" if result.rate else "no requests"
    cpu = f", {result.cpu_us_per_request:.0f} µs CPU/req" if result.cpu_us_per_request else ""
    log(f"  {scenario} c={connections}: {rate}, p50 {format_us(result.p50_us)}, p99 {format_us(result.p99_us)}"
        + cpu + (f", {errors} errors" if errors else ""))
    return result


def scenario_env(path: str, method: str = "GET", body: Optional[str] = None, key: str = API_KEY, **extra: str):
    env = {"BENCH_METHOD": method, "BENCH_PATH": path, "BENCH_KEY": key, "BENCH_BODY": body or ""}
    env.update(extra)
    return env


class RefreshTokens:
    """Signs one user in again and again (password grant) for fresh refresh tokens, one chain per connection."""

    EMAIL = "bench-refresh@example.com"
    PASSWORD = "Bench-refresh-password-2026!"

    def __init__(self, base: str):
        self.base = base

    @staticmethod
    def prepare(base: str) -> "RefreshTokens | str":
        """A token source, or why the scenario cannot run yet."""
        status, _ = http(base, "POST", "/user_management/authenticate",
                         {"client_id": "client_emulator", "client_secret": API_KEY, "grant_type": "refresh_token",
                          "refresh_token": "bench-probe"})
        if status in (404, 405, 501):
            return f"not yet available (answers {status})"
        status, body = http(base, "POST", "/user_management/users",
                            {"email": RefreshTokens.EMAIL, "password": RefreshTokens.PASSWORD,
                             "email_verified": True, "first_name": "Bench"})
        if status not in (200, 201):
            return f"not yet available (POST /user_management/users answers {status})"
        source = RefreshTokens(base)
        try:
            source.sign_in()
        except RuntimeError as error:
            return f"not yet available ({error})"
        return source

    def sign_in(self) -> str:
        status, body = http(self.base, "POST", "/user_management/authenticate",
                            {"client_id": "client_emulator", "client_secret": API_KEY, "grant_type": "password",
                             "email": self.EMAIL, "password": self.PASSWORD})
        if status != 200 or not isinstance(body, dict) or "refresh_token" not in body:
            raise RuntimeError(f"POST /user_management/authenticate answers {status}")
        return body["refresh_token"]

    def env(self, connections: int) -> dict[str, str]:
        # One spare per wrk thread (at most 2): wrk calls request() once on its first thread's state to check the
        # script before connecting, which takes a token that never comes back.
        tokens = [self.sign_in() for _ in range(connections + 2)]
        return {"BENCH_TOKENS": ",".join(tokens), "BENCH_KEY": API_KEY, "BENCH_CLIENT_ID": "client_emulator"}


# --------------------------------------------------------------------------------------------------
# Data


def default_environment_id(database: pathlib.Path) -> str:
    output = subprocess.run(
        ["sqlite3", str(database), "SELECT id FROM environments WHERE is_default = 1;"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not output:
        raise RuntimeError(f"no default environment in {database}")
    return output


def make_database_with_rows(settings: Settings, workdir: pathlib.Path, rows: int) -> pathlib.Path:
    """A database the emulator created (migrations + default seed), plus `rows` organizations inserted with the
    sqlite3 CLI (matching migrations/0001_initial.sql), ids GENERATED_ID_FORMAT % 1...rows, every tenth with a
    verified domain (so a domain lookup that scans the environment's domains shows in the list figures)."""
    database = workdir / f"orgs-{rows}.sqlite"
    emulator = Emulator(settings.binary, database)
    emulator.stop()
    environment_id = default_environment_id(database)
    started = time.monotonic()
    sql = f"""
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
INSERT INTO organizations (id, environment_id, name, metadata, allow_profiles_outside_organization,
                           created_at, updated_at)
SELECT printf('{GENERATED_ID_FORMAT}', i), '{environment_id}', 'Bench Org ' || i, '{{}}', 0,
       '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 10 FROM n WHERE i + 10 <= {rows})
INSERT INTO organization_domains (id, environment_id, organization_id, domain, state, verification_strategy,
                                  created_at, updated_at)
SELECT printf('org_domain_01J%023d', i), '{environment_id}', printf('{GENERATED_ID_FORMAT}', i),
       'org' || i || '.bench.example', 'verified', 'manual', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
FROM n;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
"""
    subprocess.run(["sqlite3", str(database)], input=sql, text=True, check=True, capture_output=True)
    log(f"  {rows:,} organizations ({rows // 10:,} with a domain) inserted with sqlite3 in "
        f"{time.monotonic() - started:.1f} s")
    return database


def write_seed(workdir: pathlib.Path, objects: int) -> pathlib.Path:
    """A seed with `objects` organizations (each exactly a POST /organizations body)."""
    seed = {
        "environment": {"name": "Bench", "api_key": API_KEY, "client_id": "client_emulator"},
        "organizations": [
            {"name": f"Seed Org {i}", "external_id": f"seed-{i}", "metadata": {"index": str(i)}}
            for i in range(1, objects + 1)
        ],
    }
    path = workdir / f"seed-{objects}.json"
    path.write_text(json.dumps(seed))
    return path


# --------------------------------------------------------------------------------------------------
# The run


@dataclasses.dataclass
class Report:
    settings: Settings
    started: datetime.datetime
    load_before: str
    results: list[Result] = dataclasses.field(default_factory=list)
    figures: dict[str, Any] = dataclasses.field(default_factory=dict)
    unavailable: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    load_after: str = ""

    def add(self, result: Result) -> None:
        self.results.append(result)

    def find(self, scenario: str, connections: int) -> Optional[Result]:
        for result in self.results:
            if result.scenario == scenario and result.connections == connections:
                return result
        return None


NGINX = "nginx static 100 B (baseline)"
HEALTH = "GET /health (baseline)"
GET_ORG = "GET /organizations/:id"
POST_ORG = "POST /organizations"
SERIAL = "serial SDK-like loop, 1 connection, new database"
RESET = "POST /_emulator/reset, 1,000-object seed"
AUTHENTICATE = "POST /user_management/authenticate (refresh token)"


def list_name(rows: int, cursor: bool = False) -> str:
    return f"GET /organizations?limit=10{'&after=<random>' if cursor else ''}, {rows:,} rows"


def run(settings: Settings) -> Report:
    report = Report(settings=settings, started=datetime.datetime.now(datetime.timezone.utc),
                    load_before=load_average())
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="workos-bench-"))
    nginx: Optional[Nginx] = None
    try:
        if shutil.which("nginx"):
            nginx = Nginx(workdir)
        else:
            report.unavailable.append((NGINX, "nginx is not installed"))

        # --- The main emulator: default seed on a temp file database -------------------------------------------
        if settings.sections & {"main", "serial"}:
            run_main(settings, report, workdir, nginx)
        if "lists" in settings.sections:
            run_lists(settings, report, workdir)
        if "reset" in settings.sections:
            run_reset(settings, report, workdir)
        if "cold" in settings.sections:
            log(f"cold start x{settings.cold_starts}")
            report.figures["cold_new_ms"] = cold_start(settings, workdir, reuse=False)
            report.figures["cold_existing_ms"] = cold_start(settings, workdir, reuse=True)
    finally:
        if nginx:
            nginx.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report.load_after = load_average()
    return report


def run_main(settings: Settings, report: Report, workdir: pathlib.Path, nginx: Optional[Nginx]) -> None:
    """Baselines, `GET /organizations/:id` and `POST /organizations` at each connection count, the serial loop,
    then memory and idle CPU, on one emulator with the default seed."""
    log("emulator on a new database (default seed)")
    emulator = Emulator(settings.binary, workdir / "main.sqlite")
    time.sleep(0.5 if settings.quick else 1.0)
    report.figures["rss_idle_kib"] = rss_kib(emulator.pid)
    report.figures["rss_idle_anon_kib"] = rss_kib(emulator.pid, "RssAnon")
    status, organization = http(emulator.base, "POST", "/organizations",
                                {"name": "Bench Corp", "external_id": "bench-corp",
                                 "domain_data": [{"domain": "bench.example", "state": "verified"}],
                                 "metadata": {"tier": "bench"}})
    if status != 201:
        raise RuntimeError(f"POST /organizations answered {status}: {organization}")
    org_path = f"/organizations/{organization['id']}"
    for path, expected in (("/health", 200), (org_path, 200), ("/organizations?limit=10", 200)):
        status, body = http(emulator.base, "GET", path)
        if status != expected:
            raise RuntimeError(f"GET {path} answered {status}: {body}")

    # First, on the new database: what one SDK test conversation sees, before the load below has written hundreds of
    # thousands of rows and left the checkpoint thread busy.
    if "serial" in settings.sections:
        log("serial loop")
        record = run_wrk(settings, emulator.base, 1, "serial.lua", {"BENCH_KEY": API_KEY}, duration=60,
                         max_requests=settings.serial_requests, threads=1)
        serial = Result(scenario=SERIAL, connections=1, requests=record["requests"],
                        seconds=record["duration_us"] / 1e6, p50_us=record["p50_us"], p99_us=record["p99_us"],
                        errors=sum(record["errors"].values()) + record["unexpected"])
        report.add(serial)
        log(f"  {serial.requests} requests: p50 {format_us(serial.p50_us)}, p99 {format_us(serial.p99_us)}")

    post_body = json.dumps({"name": "Load Org", "metadata": {"tier": "bench"}})
    for connections in settings.connections if "main" in settings.sections else []:
        log(f"{connections} connection(s)")
        if nginx:
            report.add(measure(settings, NGINX, f"http://127.0.0.1:{nginx.port}/static.json", connections,
                               scenario_env("/static.json", key=""),
                               server=nginx.process.pid))
        report.add(measure(settings, HEALTH, emulator.base, connections, scenario_env("/health", key=""),
                           server=emulator.pid))
        report.add(measure(settings, GET_ORG, emulator.base, connections, scenario_env(org_path),
                           server=emulator.pid))
        report.add(measure(settings, POST_ORG, emulator.base, connections,
                           scenario_env("/organizations", "POST", post_body), server=emulator.pid))

    # The refresh-token grant (AuthKit): measured once POST /user_management/authenticate answers.
    signer = RefreshTokens.prepare(emulator.base)
    if isinstance(signer, str):
        report.unavailable.append((AUTHENTICATE, signer))
    else:
        for connections in settings.connections if "main" in settings.sections else []:
            report.add(measure(settings, AUTHENTICATE, emulator.base, connections, script="refresh.lua",
                               server=emulator.pid, fresh_env=lambda count=connections: signer.env(count)))

    if "main" in settings.sections:
        report.figures["rss_loaded_kib"] = rss_kib(emulator.pid)
        report.figures["rss_loaded_anon_kib"] = rss_kib(emulator.pid, "RssAnon")
        time.sleep(0.5)
        before = cpu_seconds(emulator.pid)
        time.sleep(settings.idle_cpu_seconds)
        used = cpu_seconds(emulator.pid) - before
        report.figures["idle_cpu_percent"] = 100.0 * used / settings.idle_cpu_seconds
        report.figures["idle_cpu_seconds"] = settings.idle_cpu_seconds
    emulator.stop()


def run_lists(settings: Settings, report: Report, workdir: pathlib.Path) -> None:
    """`GET /organizations?limit=10` on a small and a large table, first page and random cursors."""
    for rows in (settings.small_rows, settings.large_rows):
        log(f"list with {rows:,} organizations")
        database = make_database_with_rows(settings, workdir, rows)
        emulator = Emulator(settings.binary, database)
        status, page = http(emulator.base, "GET", "/organizations?limit=10")
        if status != 200 or len(page["data"]) != 10:
            raise RuntimeError(f"GET /organizations?limit=10 answered {status}: {page}")
        for connections in settings.connections:
            report.add(measure(settings, list_name(rows), emulator.base, connections,
                               scenario_env("/organizations?limit=10"), server=emulator.pid))
        cursor_connections = 16 if 16 in settings.connections else settings.connections[0]
        report.add(measure(settings, list_name(rows, cursor=True), emulator.base, cursor_connections,
                           scenario_env("/organizations?limit=10", BENCH_CURSOR_FORMAT=GENERATED_ID_FORMAT,
                                        BENCH_CURSOR_MAX=str(rows)), server=emulator.pid))
        emulator.stop()
        database.unlink(missing_ok=True)


def run_reset(settings: Settings, report: Report, workdir: pathlib.Path) -> None:
    """`POST /_emulator/reset` on an emulator whose seed has `reset_objects` organizations."""
    log(f"reset with a {settings.reset_objects:,}-object seed")
    seed = write_seed(workdir, settings.reset_objects)
    emulator = Emulator(settings.binary, workdir / "reset.sqlite", ["--seed", str(seed)])
    status, body = http(emulator.base, "POST", "/_emulator/reset")
    if status != 200:
        raise RuntimeError(f"POST /_emulator/reset answered {status}: {body}")
    status, page = http(emulator.base, "GET", "/organizations?limit=1&order=asc")
    if status != 200 or page["data"][0]["name"] != "Seed Org 1":
        raise RuntimeError(f"the reset did not restore the seed: {page}")
    report.add(measure(settings, RESET, emulator.base, 1, scenario_env("/_emulator/reset", "POST"),
                       max_requests=10 if settings.quick else None, server=emulator.pid))
    emulator.stop()


def cold_start(settings: Settings, workdir: pathlib.Path, reuse: bool) -> list[float]:
    """Milliseconds from spawning the process to the first 200 from /health, once per start.

    `reuse=False`: a new database file each time (migrations and seed applied); `reuse=True`: the same file again.
    """
    times: list[float] = []
    database = workdir / "cold.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKOS_")}
    for index in range(settings.cold_starts):
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                pathlib.Path(f"{database}{suffix}").unlink(missing_ok=True)
        port = free_port()
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(settings.binary), "--host", "127.0.0.1", "--port", str(port), "--db", str(database)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        try:
            deadline = started + 30
            while not health_once(port):
                if process.poll() is not None or time.perf_counter() > deadline:
                    raise RuntimeError(f"cold start {index}: the emulator did not answer /health")
                time.sleep(0.0005)
            times.append((time.perf_counter() - started) * 1000)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return times


# --------------------------------------------------------------------------------------------------
# The table


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(pathlib.Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def tool_versions() -> str:
    def first_line(command: list[str]) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=20)
            return (result.stdout or result.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    wrk = first_line(["wrk", "--version"]).split(" [")[0]
    nginx = first_line(["nginx", "-v"]).replace("nginx version: ", "")
    sqlite = first_line(["sqlite3", "--version"]).split()[0]
    return f"{wrk}, {nginx}, sqlite3 CLI {sqlite}"


def git_revision() -> str:
    try:
        revision = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                  text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "Sources", "migrations"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return revision + (" (with uncommitted changes in Sources/ or migrations/)" if dirty else "")
    except OSError:
        return "?"


def render(report: Report) -> str:
    settings = report.settings
    lines: list[str] = []
    mode = "quick smoke run (numbers not meaningful)" if settings.quick else "full run"
    lines.append(f"# workos-emulator benchmarks — {report.started:%Y-%m-%d %H:%M} UTC, {mode}")
    lines.append("")
    lines.append(f"- machine: {machine_description()}; load average {report.load_before} before, "
                 f"{report.load_after} after (the machine is shared: compare ratios, not absolute figures)")
    lines.append(f"- emulator: `{settings.binary}` at {git_revision()}; {tool_versions()}")
    lines.append(f"- each wrk run: {settings.duration} s after a {settings.warmup} s warm-up"
                 if not settings.quick else f"- each wrk run: {settings.max_requests} requests, no warm-up")
    lines.append("- `vs nginx`: req/s as a share of nginx's at the same connection count in this run; "
                 "`server CPU/req`: "
                 "CPU time (user + system) the server process used per request, steadier than req/s on a busy "
                 "machine")
    lines.append("")
    lines.append("| scenario | conns | req/s | p50 | p99 | vs nginx | server CPU/req | errors |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in report.results:
        baseline = report.find(NGINX, result.connections)
        ratio = "—"
        if baseline and baseline.rate and result.rate:
            ratio = f"{100 * result.rate / baseline.rate:.0f}%"
        rate = f"{result.rate:,.0f}" if result.rate else "—"
        cpu = format_us(result.cpu_us_per_request)
        lines.append(f"| {result.scenario} | {result.connections} | {rate} | {format_us(result.p50_us)} | "
                     f"{format_us(result.p99_us)} | {ratio} | {cpu} | {result.errors} |")
    for scenario, why in report.unavailable:
        lines.append(f"| {scenario} | — | {why} | | | | | |")
    lines.append("")

    figures = report.figures
    cold_new = figures.get("cold_new_ms", [])
    cold_existing = figures.get("cold_existing_ms", [])
    lines.append("| other figure | value |")
    lines.append("| --- | ---: |")
    if cold_new:
        lines.append(f"| cold start → `/health` 200, new database (median of {len(cold_new)}) | "
                     f"{statistics.median(cold_new):.1f} ms (min {min(cold_new):.1f}, max {max(cold_new):.1f}) |")
    if cold_existing:
        lines.append(f"| cold start → `/health` 200, existing database (median of {len(cold_existing)}) | "
                     f"{statistics.median(cold_existing):.1f} ms (min {min(cold_existing):.1f}, "
                     f"max {max(cold_existing):.1f}) |")
    if "rss_loaded_kib" in figures:
        lines.append(f"| RSS idle, after start | {figures['rss_idle_kib'] / 1024:.1f} MiB "
                     f"({figures['rss_idle_anon_kib'] / 1024:.1f} MiB private; the rest is mapped files: code, "
                     "libraries, the WAL index) |")
        lines.append(f"| RSS after the load above | {figures['rss_loaded_kib'] / 1024:.1f} MiB "
                     f"({figures['rss_loaded_anon_kib'] / 1024:.1f} MiB private) |")
        lines.append(f"| idle CPU over {figures['idle_cpu_seconds']:.0f} s after load | "
                     f"{figures['idle_cpu_percent']:.2f}% of one core |")
    lines.append("")

    lines.append("| target (issue 6) | measured | met |")
    lines.append("| --- | --- | :---: |")
    for target, measured, met in targets(report):
        lines.append(f"| {target} | {measured} | {'yes' if met else ('—' if met is None else '**no**')} |")
    lines.append("")
    return "\n".join(lines)


def targets(report: Report) -> list[tuple[str, str, Optional[bool]]]:
    settings = report.settings
    rows: list[tuple[str, str, Optional[bool]]] = []
    figures = report.figures
    if figures.get("cold_new_ms"):
        median = statistics.median(figures["cold_new_ms"])
        rows.append(("cold start → `/health` 200 ≤ 50 ms median (new database)", f"{median:.1f} ms", median <= 50))
    get16 = report.find(GET_ORG, 16)
    nginx16 = report.find(NGINX, 16)
    if get16 and get16.rate:
        share = get16.rate / nginx16.rate if nginx16 and nginx16.rate else None
        measured = f"{get16.rate:,.0f} req/s, " + (f"{100 * share:.0f}% of nginx, " if share else "") + \
            f"p99 {format_us(get16.p99_us)}"
        met = get16.rate >= 30_000 and (share is None or share >= 0.25) and (get16.p99_us or 0) <= 2_000
        rows.append(("`GET /organizations/:id`, 16 conns: ≥ 30,000 req/s, ≥ 25% of nginx, p99 ≤ 2 ms", measured,
                     met))
    post16 = report.find(POST_ORG, 16)
    if post16 and post16.rate:
        rows.append(("`POST /organizations`, 16 conns: ≥ 10,000 req/s", f"{post16.rate:,.0f} req/s",
                     post16.rate >= 10_000))
    small = report.find(list_name(settings.small_rows), 16)
    large = report.find(list_name(settings.large_rows), 16)
    if small and large and small.p99_us and large.p99_us:
        ratio = large.p99_us / small.p99_us
        rows.append((f"list p99 with {settings.large_rows:,} rows within 1.5× of {settings.small_rows:,} rows "
                     "(16 conns)", f"{format_us(large.p99_us)} vs {format_us(small.p99_us)} = {ratio:.2f}×",
                     ratio <= 1.5))
    small_c = report.find(list_name(settings.small_rows, True), 16)
    large_c = report.find(list_name(settings.large_rows, True), 16)
    if small_c and large_c and small_c.p99_us and large_c.p99_us:
        ratio = large_c.p99_us / small_c.p99_us
        rows.append(("… the same with a random `after` cursor",
                     f"{format_us(large_c.p99_us)} vs {format_us(small_c.p99_us)} = {ratio:.2f}×", ratio <= 1.5))
    serial = report.find(SERIAL, 1)
    if serial and serial.p50_us:
        # An idle VM puts its vCPUs to sleep between requests on one connection: nginx's own p50 shows that cost.
        nginx1 = report.find(NGINX, 1)
        context = f" (nginx at 1 connection: p50 {format_us(nginx1.p50_us)})" if nginx1 and nginx1.p50_us else ""
        rows.append(("serial round trip (1 connection) p50 ≤ 120 µs", format_us(serial.p50_us) + context,
                     serial.p50_us <= 120))
    reset = report.find(RESET, 1)
    if reset and reset.p50_us:
        rows.append(("reset, 1,000-object seed ≤ 5 ms", f"p50 {format_us(reset.p50_us)}", reset.p50_us <= 5_000))
    if "rss_loaded_kib" in figures:
        idle_mib = figures["rss_idle_kib"] / 1024
        cpu = figures["idle_cpu_percent"]
        rows.append(("idle RSS ≤ 20 MB / idle CPU ~0%", f"{idle_mib:.1f} MiB / {cpu:.2f}%",
                     idle_mib * 1.048576 <= 20 and cpu < 0.5))
    refresh16 = report.find(AUTHENTICATE, 16)
    if refresh16 and refresh16.rate:
        rows.append(("`POST /user_management/authenticate` (refresh token), 16 conns: no target yet",
                     f"{refresh16.rate:,.0f} req/s, p99 {format_us(refresh16.p99_us)}", None))
    else:
        rows.append(("`POST /user_management/authenticate` (refresh token)", "not yet available", None))
    if settings.quick:
        rows = [(target, measured, None) for target, measured, _ in rows]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few hundred requests per scenario (smoke test)")
    parser.add_argument("--binary", type=pathlib.Path, required=True, help="the workos-emulator binary to measure")
    parser.add_argument("--output", type=pathlib.Path, default=HERE / "results" / "latest.md",
                        help="where to write the table (default Benchmarks/results/latest.md)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run in a full run (default 5)")
    parser.add_argument("--only", help="comma-separated parts to run: main,serial,lists,reset,cold (default: all)")
    parser.add_argument("--connections", help="comma-separated connection counts (default 1,16,64; quick: 16)")
    args = parser.parse_args()
    settings = Settings.make(args)
    log(f"{'quick' if settings.quick else 'full'} run of {settings.binary}; load average {load_average()}")
    report = run(settings)
    text = render(report)
    print(text)
    settings.output.parent.mkdir(parents=True, exist_ok=True)
    settings.output.write_text(text)
    log(f"wrote {settings.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
