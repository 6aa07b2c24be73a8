#!/usr/bin/env python3
"""Crash durability (issue 7): concurrent writers, `kill -9` at random points, restart on the same file, verify.

    python3 Tests/Reliability/crash_durability.py [--bin PATH] [--runs 50] [--writers 16] [--seed N] [--keep DIR]

Each run starts the emulator on the same SQLite file, lets `--writers` threads create organizations
(POST /organizations {name, external_id, metadata}) and rename their own organizations (PUT /organizations/{id}
{name, metadata}), and SIGKILLs the server after a random 0.2–1.5 s. Every write carries a version that appears in
both `name` and `metadata.v`, so a half-applied write is visible. Then:
  - `sqlite3 FILE "PRAGMA integrity_check"` must say ok and `PRAGMA foreign_key_check` must be empty;
  - the server restarts on the same file and every organization is listed through the API:
      * every create that got a 2xx is present; an in-doubt create (no response before the kill) is present or
        absent, never half there; nothing else exists (besides the seed's organization);
      * each organization's state is its last acknowledged write, or the one in-doubt write that followed it,
        with `name` and `metadata.v` from the same write;
  - `organization.created` / `organization.updated` events (GET /events, paginated) match the committed
    mutations one to one: one created event per existing organization, none for absent ones, and the updated
    events of each organization carry exactly its committed versions, in order.
Exit status 1 on any violation. Prints the totals.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Optional

from emulator import Emulator, find_binary, request


@dataclass
class Org:
    """What one writer did to one organization. versions[i] is the name written by the i-th write (0 = create)."""

    key: str  # external_id, unique per create
    versions: list[str] = field(default_factory=list)
    acked: int = 0  # number of leading versions that got a 2xx
    in_doubt: bool = False  # the write after the acked ones was sent without an answer
    id: Optional[str] = None


class Writer(threading.Thread):
    def __init__(self, port: int, run: int, index: int, orgs: list[Org], rng: random.Random, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.run_number, self.index, self.orgs, self.rng, self.stop = port, run, index, orgs, rng, stop
        self.acked = 0
        self.in_doubt = 0
        self.counter = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop.is_set():
            own = [org for org in self.orgs if org.id is not None and not org.in_doubt]
            self.counter += 1
            tag = f"r{self.run_number}w{self.index}n{self.counter}"
            if own and self.rng.random() < 0.5:
                org = self.rng.choice(own)
                version = f"{org.key}-v{len(org.versions)}-{tag}"
                org.versions.append(version)
                method, path = "PUT", f"/organizations/{org.id}"
                body = {"name": version, "metadata": {"v": version}}
            else:
                org = Org(key=f"crash-{tag}")
                version = f"{org.key}-v0"
                org.versions.append(version)
                self.orgs.append(org)
                method, path = "POST", "/organizations"
                body = {"name": version, "external_id": org.key, "metadata": {"v": version}}
            try:
                status, payload, _ = request(self.port, method, path, body, connection=conn)
            except Exception:  # noqa: BLE001 — the server was killed under us: this write is in doubt
                org.in_doubt = True
                self.in_doubt += 1
                return
            if status not in (200, 201):
                raise SystemExit(f"{method} {path} answered {status}: {payload}")
            if method == "POST":
                org.id = payload["id"]
            org.acked = len(org.versions)
            self.acked += 1


def list_all(port: int, path: str, order: Optional[str] = "asc") -> list[dict]:
    items: list[dict] = []
    after = None
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while True:
        separator = "&" if "?" in path else "?"
        cursor = f"&after={after}" if after else ""
        ordering = f"&order={order}" if order else ""
        status, page, _ = request(port, "GET", f"{path}{separator}limit=100{ordering}{cursor}", connection=conn)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {page}")
        items += page["data"]
        after = page["list_metadata"].get("after")
        if not after or not page["data"]:
            return items


def sqlite_check(db: str) -> list[str]:
    problems = []
    integrity = subprocess.run(["sqlite3", db, "PRAGMA integrity_check;"], capture_output=True, text=True)
    if integrity.stdout.strip() != "ok":
        problems.append(f"integrity_check: {integrity.stdout.strip()} {integrity.stderr.strip()}")
    foreign = subprocess.run(["sqlite3", db, "PRAGMA foreign_key_check;"], capture_output=True, text=True)
    if foreign.stdout.strip() or foreign.returncode:
        problems.append(f"foreign_key_check: {foreign.stdout.strip()} {foreign.stderr.strip()}")
    return problems


def verify(port: int, orgs: list[Org]) -> tuple[list[str], dict]:
    problems: list[str] = []
    listed = list_all(port, "/organizations")
    by_key = {org.key: org for org in orgs}
    present: dict[str, dict] = {}
    for item in listed:
        key = item.get("external_id")
        if key is None or not key.startswith("crash-"):
            continue  # the seed's organization
        if key not in by_key:
            problems.append(f"unknown organization {item['id']} {key}")
            continue
        present[key] = item
    committed_versions: dict[str, list[str]] = {}
    settled = {"in_doubt_committed": 0, "in_doubt_rolled_back": 0}
    for org in orgs:
        item = present.get(org.key)
        if item is None:
            if org.acked > 0:
                problems.append(f"LOST acknowledged create {org.key} ({org.id})")
            elif org.in_doubt:
                settled["in_doubt_rolled_back"] += 1
            continue
        if org.id is not None and item["id"] != org.id:
            problems.append(f"{org.key}: id {item['id']} != acknowledged {org.id}")
        if org.id is None:
            org.id = item["id"]  # an in-doubt create that committed: adopt it
        name, meta = item["name"], (item.get("metadata") or {}).get("v")
        if name != meta:
            problems.append(f"PARTIAL write on {org.key}: name {name!r} vs metadata.v {meta!r}")
        allowed = org.versions[: max(org.acked, 1) + (1 if org.in_doubt else 0)]
        allowed_final = {org.versions[org.acked - 1]} if org.acked else set()
        if org.in_doubt:
            allowed_final.add(org.versions[org.acked] if org.acked < len(org.versions) else org.versions[-1])
        if name not in allowed_final:
            problems.append(f"{org.key}: state {name!r} is neither the last acknowledged nor the in-doubt write "
                            f"(acked {org.acked} of {org.versions})")
        count = allowed.index(name) + 1 if name in allowed else org.acked
        if org.in_doubt:
            settled["in_doubt_committed" if count > org.acked else "in_doubt_rolled_back"] += 1
        committed_versions[org.key] = org.versions[:count]
        # The in-doubt write committed (or not): either way it is settled now.
        org.versions = org.versions[:count]
        org.acked = count
        org.in_doubt = False
    # Forget in-doubt creates that did not commit; they never existed.
    orgs[:] = [org for org in orgs if org.key in present]

    # Oldest first, paging forward with `after` (catalog-A §2).
    events = list_all(port, "/events?events=organization.created,organization.updated", order="asc")
    ids = {org.id: org for org in orgs}
    created: dict[str, int] = {}
    updated: dict[str, list[str]] = {}
    for event in events:
        data = event["data"]
        if not str(data.get("external_id") or "").startswith("crash-") and data["id"] not in ids:
            continue  # the seed's organization
        if data["id"] not in ids:
            problems.append(f"ORPHAN event {event['event']} {event['id']} for {data['id']} {data.get('name')}")
            continue
        if event["event"] == "organization.created":
            created[data["id"]] = created.get(data["id"], 0) + 1
            if data["name"] != ids[data["id"]].versions[0]:
                problems.append(f"created event of {data['id']} names {data['name']!r}")
        else:
            updated.setdefault(data["id"], []).append(data["name"])
    for org in orgs:
        if created.get(org.id, 0) != 1:
            problems.append(f"{org.key}: {created.get(org.id, 0)} organization.created events")
        if updated.get(org.id, []) != org.versions[1:]:
            problems.append(f"{org.key}: updated events {updated.get(org.id, [])} != committed {org.versions[1:]}")
    return problems, {"organizations": len(orgs), "events": len(events), **settled}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", help="directory for the database (kept afterwards)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    binary = find_binary(args.bin)
    directory = args.keep or tempfile.mkdtemp(prefix="crash-durability-")
    os.makedirs(directory, exist_ok=True)
    db = f"{directory}/crash.sqlite"
    server_log = open(f"{directory}/server.log", "a")
    print(f"seed {seed}, database {db}, binary {binary}", flush=True)
    orgs: list[Org] = []
    totals = {"runs": 0, "acked": 0, "in_doubt": 0, "in_doubt_committed": 0, "in_doubt_rolled_back": 0,
              "organizations_verified": 0, "events_verified": 0, "problems": 0}
    problems: list[str] = []
    for run in range(args.runs):
        emulator = Emulator(binary, db, stderr=server_log)
        stop = threading.Event()
        per_writer = [[] for _ in range(args.writers)]
        writers = [Writer(emulator.port, run, index, per_writer[index], random.Random(rng.random()), stop)
                   for index in range(args.writers)]
        # Writers only touch their own organizations; hand each its survivors from earlier runs.
        for index, org in enumerate(orgs):
            per_writer[index % args.writers].append(org)
        for writer in writers:
            writer.start()
        delay = rng.uniform(0.2, 1.5)
        time.sleep(delay)
        emulator.kill9()
        stop.set()
        for writer in writers:
            writer.join(timeout=15)
        orgs = [org for group in per_writer for org in group]
        acked = sum(writer.acked for writer in writers)
        in_doubt = sum(writer.in_doubt for writer in writers)
        run_problems = sqlite_check(db)
        verifier = Emulator(binary, db, stderr=server_log)
        counts = {"organizations": 0, "events": 0, "in_doubt_committed": 0, "in_doubt_rolled_back": 0}
        try:
            found, counts = verify(verifier.port, orgs)
            run_problems += found
        finally:
            status = verifier.stop()
            if status != 0:
                run_problems.append(f"verifier exited with {status}")
        totals["runs"] += 1
        totals["acked"] += acked
        totals["in_doubt"] += in_doubt
        totals["in_doubt_committed"] += counts["in_doubt_committed"]
        totals["in_doubt_rolled_back"] += counts["in_doubt_rolled_back"]
        totals["organizations_verified"] += counts["organizations"]
        totals["events_verified"] += counts["events"]
        problems += [f"run {run}: {problem}" for problem in run_problems]
        print(f"run {run:2d}: killed after {delay:.2f}s, {acked} acknowledged writes, {in_doubt} in doubt "
              f"({counts['in_doubt_committed']} committed), "
              f"{counts['organizations']} organizations and {counts['events']} events verified, "
              f"{'OK' if not run_problems else f'{len(run_problems)} PROBLEMS'}", flush=True)
        for problem in run_problems[:10]:
            print(f"    {problem}", flush=True)
    totals["problems"] = len(problems)
    totals["organizations"] = len(orgs)
    totals["final_integrity"] = sqlite_check(db) or "ok"
    print(json.dumps(totals))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
