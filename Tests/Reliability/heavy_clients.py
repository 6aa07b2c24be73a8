#!/usr/bin/env python3
"""Hostile and heavy clients against a real emulator process (issue 7), measuring a well-behaved client meanwhile.

    python3 Tests/Reliability/heavy_clients.py [--bin PATH] [--duration 30] [--scenarios slowloris,idle,nonreader,overcap]

Scenarios (each on the same server, one after another, resources checked after each):
  slowloris  300 connections each sending one byte of a request head per second (reconnecting when cut off);
  idle       1,000 keep-alive connections that made one request and then stay silent;
  nonreader  20 connections that pipeline 2,000 requests for 100-organization pages and never read a byte;
  overcap    the connection cap (1,024) filled with idle connections, then 200 more connections.
During each, a well-behaved client sends 20 requests/s (GET /health and GET /organizations?limit=10 alternately)
on one keep-alive connection opened before the attack; its p50/p99/max latency and errors are reported. After
each scenario the attackers close and the script waits for the server's open sockets and threads to return to
the baseline (total fds are reported too: SQLite's WAL reader pool opens up to its capacity of connections on
demand and keeps them; RSS is reported and compared with a tolerance, since glibc keeps freed heap).

Exit status 1 when a check fails: the server died, the good client saw errors or a p99 over 1 s, a hostile
connection hung (no answer and no close within the deadline), or fds/threads did not return to the baseline.
"""

from __future__ import annotations

import argparse
import json
import selectors
import socket
import sys
import tempfile
import time

from emulator import Emulator, LatencyProbe, find_binary, percentile, raw_connect, request, wait_until

CAP = 1024
HEADER_TIMEOUT = 10  # HTTPServer.Configuration.headerTimeout
WRITE_TIMEOUT = 30  # HTTPServer.Configuration.writeTimeout
RSS_TOLERANCE_MB = 64


def settle(emulator: Emulator, baseline: dict, timeout: float) -> dict:
    """Waits for sockets and threads to come back to the baseline (within 2), then reports resources."""
    wait_until(
        lambda: emulator.sockets() <= baseline["sockets"] + 2 and emulator.threads() <= baseline["threads"] + 2,
        timeout,
    )
    return emulator.resources()


def slowloris(emulator: Emulator, duration: float, connections: int = 300) -> dict:
    head = b"GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: " + b"a" * 10_000
    sockets: dict[socket.socket, tuple[int, float]] = {}
    cut_after: list[float] = []
    answered_408 = 0
    opened = 0

    def open_one() -> None:
        nonlocal opened
        sock = raw_connect(emulator.port)
        sock.setblocking(False)
        sockets[sock] = (0, time.monotonic())
        opened += 1

    for _ in range(connections):
        open_one()
    started = time.monotonic()
    while time.monotonic() - started < duration:
        tick = time.monotonic()
        for sock in list(sockets):
            position, opened_at = sockets[sock]
            try:
                data = sock.recv(4096)
                # Anything readable means the server answered (408) or closed: it cut this one off.
                if data.startswith(b"HTTP/1.1 408"):
                    answered_408 += 1
                cut_after.append(time.monotonic() - opened_at)
                sock.close()
                del sockets[sock]
                open_one()
                continue
            except BlockingIOError:
                pass
            except OSError:
                cut_after.append(time.monotonic() - opened_at)
                sock.close()
                del sockets[sock]
                open_one()
                continue
            try:
                sock.send(head[position:position + 1])
                sockets[sock] = (position + 1, opened_at)
            except (BlockingIOError, OSError):
                pass
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    for sock in sockets:
        sock.close()
    return {
        "connections": connections,
        "opened_total": opened,
        "cut_off": len(cut_after),
        "answered_408": answered_408,
        "cut_after_s_p50": round(percentile(cut_after, 0.5), 2),
        "cut_after_s_max": round(max(cut_after), 2) if cut_after else None,
    }


def idle(emulator: Emulator, duration: float, connections: int = 1000) -> dict:
    sockets = []
    for _ in range(connections):
        sock = raw_connect(emulator.port)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        sockets.append(sock)
    answered = 0
    for sock in sockets:
        data = sock.recv(4096)
        answered += data.startswith(b"HTTP/1.1 200")
    during = emulator.resources()
    time.sleep(duration)
    # The idle connections must still be usable (the idle timeout is 60 s).
    still_served = 0
    for sock in sockets[:: max(1, connections // 20)]:
        try:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            still_served += sock.recv(4096).startswith(b"HTTP/1.1 200")
        except OSError:
            pass
    for sock in sockets:
        sock.close()
    return {"connections": connections, "answered": answered, "resources_during": during,
            "sampled_still_served": still_served, "sampled": len(sockets[:: max(1, connections // 20)])}


def nonreader(emulator: Emulator, duration: float, connections: int = 20, pipelined: int = 2000) -> dict:
    request_bytes = (
        b"GET /organizations?limit=100 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer sk_test_emulator\r\n\r\n"
    ) * pipelined
    sockets = []
    for _ in range(connections):
        sock = raw_connect(emulator.port)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        sent = 0
        try:
            while sent < len(request_bytes):
                sent += sock.send(request_bytes[sent:sent + 65536])
        except (BlockingIOError, OSError):
            pass
        sockets.append(sock)
    time.sleep(2)
    during = emulator.resources()
    started = time.monotonic()
    # The server must give up on clients that never read after its write timeout, even while they stay open:
    # its sockets for them close (only the listener and the well-behaved client's connection remain).
    released = wait_until(lambda: emulator.sockets() <= 3, WRITE_TIMEOUT + 15)
    released_after = time.monotonic() - started + 2
    time.sleep(max(0.0, duration - released_after))
    for sock in sockets:
        sock.close()
    return {"connections": connections, "pipelined_each": pipelined, "resources_during": during,
            "server_released_them_while_still_open": released, "released_after_s": round(released_after, 1)}


def overcap(emulator: Emulator, duration: float, extra: int = 200) -> dict:
    # The good client already holds one connection; fill the rest of the cap.
    holders = []
    for _ in range(CAP - 1):
        holders.append(raw_connect(emulator.port))
    wait_until(lambda: emulator.fds() >= CAP, 10)
    outcomes = {"503": 0, "closed": 0, "hung": 0, "other": 0}
    times = []
    selector = selectors.DefaultSelector()
    pending = {}
    for _ in range(extra):
        started = time.monotonic()
        try:
            sock = raw_connect(emulator.port, timeout=5)
        except OSError:
            outcomes["closed"] += 1
            times.append(time.monotonic() - started)
            continue
        try:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        except OSError:
            pass
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        pending[sock] = started
    deadline = time.monotonic() + 10
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.5):
            sock = key.fileobj
            try:
                data = sock.recv(4096)
            except OSError:
                data = b""
            outcome = "503" if data.startswith(b"HTTP/1.1 503") else "closed" if not data else "other"
            outcomes[outcome] += 1
            times.append(time.monotonic() - pending.pop(sock))
            selector.unregister(sock)
            sock.close()
    outcomes["hung"] = len(pending)
    for sock in pending:
        sock.close()
    time.sleep(max(0.0, duration - 10))
    for sock in holders:
        sock.close()
    return {"held": len(holders) + 1, "extra": extra, "outcomes": outcomes,
            "answer_or_close_ms_p50": round(percentile(times, 0.5) * 1000, 1),
            "answer_or_close_ms_p99": round(percentile(times, 0.99) * 1000, 1)}


SCENARIOS = {"slowloris": slowloris, "idle": idle, "nonreader": nonreader, "overcap": overcap}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--scenarios", default="slowloris,idle,nonreader,overcap")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    binary = find_binary(args.bin)
    failures: list[str] = []
    results: dict = {"binary": binary}
    with tempfile.TemporaryDirectory() as directory:
        emulator = Emulator(binary, f"{directory}/heavy.sqlite")
        try:
            for index in range(50):
                status, _, _ = request(emulator.port, "POST", "/organizations", {"name": f"Heavy {index}"})
                assert status == 201, status
            # Concurrent reads open SQLite's reader connections now, so they are part of the baseline.
            readers = [LatencyProbe(emulator.port, rate=200).start() for _ in range(8)]
            time.sleep(3)
            for reader in readers:
                reader.stop()
            probe = LatencyProbe(emulator.port).start()
            time.sleep(10)
            results["baseline_client"] = probe.stop()
            time.sleep(6)  # parked worker threads exit after 5 s
            baseline = emulator.resources()
            results["baseline_resources"] = baseline
            print(f"baseline: {baseline}, client {results['baseline_client']}", flush=True)
            for name in args.scenarios.split(","):
                probe = LatencyProbe(emulator.port).start()
                time.sleep(0.5)
                outcome = SCENARIOS[name](emulator, args.duration)
                client = probe.stop()
                if not emulator.alive():
                    failures.append(f"{name}: the server died")
                    break
                after = settle(emulator, baseline, timeout=WRITE_TIMEOUT + 30)
                outcome.update({"client": client, "resources_after": after})
                results[name] = outcome
                print(f"{name}: {json.dumps(outcome)}", flush=True)
                if client["errors"]:
                    failures.append(f"{name}: the well-behaved client saw {client['errors']} errors")
                if client["p99_ms"] > 1000:
                    failures.append(f"{name}: the well-behaved client's p99 was {client['p99_ms']} ms")
                if after["sockets"] > baseline["sockets"] + 2 or after["threads"] > baseline["threads"] + 2:
                    failures.append(f"{name}: resources did not return to the baseline: {after} vs {baseline}")
                if after["rss_mb"] > baseline["rss_mb"] + RSS_TOLERANCE_MB:
                    failures.append(f"{name}: RSS {after['rss_mb']} MB vs baseline {baseline['rss_mb']} MB")
                if name == "overcap" and outcome["outcomes"]["hung"]:
                    failures.append(f"overcap: {outcome['outcomes']['hung']} connections over the cap hung")
                if name == "nonreader" and not outcome["server_released_them_while_still_open"]:
                    failures.append("nonreader: the server kept threads for clients that never read")
                if name == "slowloris" and outcome["cut_after_s_max"] and outcome["cut_after_s_max"] > HEADER_TIMEOUT + 3:
                    failures.append(f"slowloris: a connection lived {outcome['cut_after_s_max']} s")
        finally:
            results["exit_status"] = emulator.stop()
    if results["exit_status"] != 0:
        failures.append(f"the server exited with {results['exit_status']} on SIGTERM")
    results["failures"] = failures
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)
    print("FAILED:\n  " + "\n  ".join(failures) if failures else "all heavy-client checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
