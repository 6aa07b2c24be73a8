#!/usr/bin/env python3
"""Bounded soak (issue 7): mixed traffic for a fixed time, RSS/fds/threads sampled, no growth trend allowed.

    python3 Tests/Reliability/soak.py [--bin PATH] [--minutes 10] [--clients 8] [--json out.json]

`--clients` threads loop over a weighted mix until the time is up: organization create/get/list/update/delete,
domain create/verify/delete, user create/update/delete, membership create/delete, invitation send/revoke, event
pages, idempotent replays, 404s and 422s, invalid JSON, and now and then a malformed request on a raw socket or a
connection dropped mid-request. A quarter of the steps sign in, as the areas that landed after the first soak do it:
the password grant and a refresh, a Magic Auth code, AuthKit's hosted page (authorize redirect, form POST, code
exchanged once, then replayed for a 400), SSO through the simulated identity provider (authorize, form POST,
`/sso/token`, `/sso/profile`), session list and revoke, JWKS, Admin Portal links opened, widget tokens, TOTP factors
with a challenge, and wrong passwords and unknown codes. Half the clients keep one keep-alive connection, half open a new one per request.
Every 5 s the server's RSS, fd count and thread count are sampled. After a warm-up (the first 20 % of the run) the
RSS trend is fitted by least squares; the run fails when it exceeds 2 MB/min or when the last fifth's mean RSS is
more than 32 MB above the second fifth's, when any request got a 5xx or an unexpected status, or when the
server still holds client sockets after the clients have left.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

from emulator import Emulator, find_binary, raw_connect, request

CLIENT_ID = "client_emulator"  # the bundled seed's client id and redirect URI
REDIRECT_URI = "http://localhost:3000/callback"
PASSWORD = "soak-Password-1234"


class Client(threading.Thread):
    def __init__(self, port: int, index: int, deadline: float, keep_alive: bool):
        super().__init__(daemon=True)
        self.port, self.index, self.deadline, self.keep_alive = port, index, deadline, keep_alive
        self.rng = random.Random(index)
        self.counts: dict[str, int] = {}
        self.unexpected: list[str] = []
        self.orgs: list[str] = []
        self.users: list[str] = []
        self.conn: http.client.HTTPConnection | None = None
        self.signed_in: tuple[str, str] | None = None  # (user id, e-mail) of this client's password user
        self.connection_id: str | None = None

    def call(self, method: str, path: str, body=None, expect=(200, 201, 204), headers=None, form=None):
        if self.conn is None or not self.keep_alive:
            if self.conn is not None:
                self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        payload = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        all_headers = {"Authorization": "Bearer sk_test_emulator", "Content-Type": "application/json"}
        if form is not None:
            # A browser's form POST: no API key, form-encoded.
            payload = urllib.parse.urlencode(form).encode()
            all_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        all_headers.update(headers or {})
        try:
            self.conn.request(method, path, body=payload, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
            self.location = response.getheader("Location")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = None
            self.unexpected.append(f"{method} {path}: {type(error).__name__} {error}")
            return None, None
        key = f"{response.status}"
        self.counts[key] = self.counts.get(key, 0) + 1
        if response.status not in expect:
            self.unexpected.append(f"{method} {path}: {response.status} {data[:200]!r}")
        try:
            return response.status, json.loads(data) if data else None
        except ValueError:
            return response.status, None

    def code_from(self, location: str | None) -> str | None:
        """The `code` of a redirect back to the application, or None (counted as unexpected)."""
        query = urllib.parse.parse_qs(urllib.parse.urlparse(location or "").query)
        if not (location or "").startswith(REDIRECT_URI) or "code" not in query:
            self.unexpected.append(f"no code in the redirect {location!r}")
            return None
        return query["code"][0]

    def page_path(self, location: str | None) -> str:
        parsed = urllib.parse.urlparse(location or "")
        return parsed.path + (f"?{parsed.query}" if parsed.query else "")

    def auth_step(self, tag: str) -> None:
        rng = self.rng
        choice = rng.random()
        credentials = {"client_id": CLIENT_ID, "client_secret": "sk_test_emulator"}
        if self.signed_in is None:
            status, user = self.call("POST", "/user_management/users",
                                     {"email": f"auth-{tag}@soak.example", "password": PASSWORD})
            if status == 201:
                self.signed_in = (user["id"], user["email"])
            return
        user_id, email = self.signed_in
        if choice < 0.18:
            status, body = self.call("POST", "/user_management/authenticate",
                                     {**credentials, "grant_type": "password", "email": email, "password": PASSWORD})
            if status == 200:
                self.call("POST", "/user_management/authenticate",
                          {**credentials, "grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
        elif choice < 0.26:
            self.call("POST", "/user_management/authenticate",
                      {**credentials, "grant_type": "password", "email": email, "password": "wrong-" + tag},
                      expect=(400, 401, 403))
        elif choice < 0.36:
            status, magic = self.call("POST", "/user_management/magic_auth", {"email": email})
            if status == 201:
                self.call("POST", "/user_management/authenticate",
                          {**credentials, "grant_type": "urn:workos:oauth:grant-type:magic-auth:code",
                           "email": email, "code": magic["code"]})
        elif choice < 0.52:
            query = urllib.parse.urlencode({"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
                                            "response_type": "code", "provider": "authkit", "state": tag})
            status, _ = self.call("GET", f"/user_management/authorize?{query}", expect=(302,))
            if status != 302:
                return
            page = self.page_path(self.location)
            self.call("GET", page, expect=(200,))
            status, _ = self.call("POST", page, form={"email": email, "password": PASSWORD}, expect=(302,))
            code = self.code_from(self.location) if status == 302 else None
            if code:
                grant = {**credentials, "grant_type": "authorization_code", "code": code}
                self.call("POST", "/user_management/authenticate", grant)
                self.call("POST", "/user_management/authenticate", grant, expect=(400,))  # single use
        elif choice < 0.66:
            if self.connection_id is None:
                status, connections = self.call("GET", "/connections?limit=1&order=asc")
                if status != 200 or not connections["data"]:
                    return
                self.connection_id = connections["data"][0]["id"]
            query = urllib.parse.urlencode({"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
                                            "response_type": "code", "connection": self.connection_id})
            status, _ = self.call("GET", f"/sso/authorize?{query}", expect=(302,))
            if status != 302:
                return
            page = self.page_path(self.location)
            status, _ = self.call("POST", page, form={"email": "alice@example.com"}, expect=(302,))
            code = self.code_from(self.location) if status == 302 else None
            if code:
                status, token = self.call("POST", "/sso/token", {**credentials, "grant_type": "authorization_code",
                                                                 "code": code})
                if status == 200:
                    self.call("GET", "/sso/profile", headers={"Authorization": f"Bearer {token['access_token']}"})
        elif choice < 0.74:
            status, sessions = self.call("GET", f"/user_management/users/{user_id}/sessions?limit=10")
            active = [s for s in (sessions or {}).get("data", []) if s["status"] == "active"]
            if active:
                self.call("POST", "/user_management/sessions/revoke", {"session_id": active[0]["id"]})
        elif choice < 0.78:
            self.call("GET", f"/sso/jwks/{CLIENT_ID}")
        elif choice < 0.84 and self.orgs:
            status, link = self.call("POST", "/portal/generate_link",
                                     {"organization": rng.choice(self.orgs), "intent": "sso"})
            if status == 201:
                self.call("GET", self.page_path(link["link"]), expect=(200,))
        elif choice < 0.88 and self.orgs:
            # A member of its own: memberships in several organizations make a sign-in ask to choose one.
            organization = rng.choice(self.orgs)
            status, member = self.call("POST", "/user_management/users", {"email": f"widget-{tag}@soak.example"})
            if status != 201:
                return
            self.call("POST", "/user_management/organization_memberships",
                      {"user_id": member["id"], "organization_id": organization})
            self.call("POST", "/widgets/token", {"organization_id": organization, "user_id": member["id"],
                                                 "scopes": ["widgets:users-table:manage"]}, expect=(200, 201, 403))
        elif choice < 0.94:
            # A user of its own: a TOTP factor makes every later sign-in of its user a step-up.
            status, other = self.call("POST", "/user_management/users", {"email": f"mfa-{tag}@soak.example"})
            if status != 201:
                return
            status, created = self.call("POST", f"/user_management/users/{other['id']}/auth_factors",
                                        {"type": "totp", "totp_issuer": "Soak", "totp_user": other["email"]})
            if status == 201:
                self.call("POST", f"/auth/factors/{created['authentication_factor']['id']}/challenge", {})
            if rng.random() < 0.5:
                self.call("DELETE", f"/user_management/users/{other['id']}")
        else:
            self.call("POST", "/user_management/authenticate",
                      {**credentials, "grant_type": "authorization_code", "code": "01UNKNOWN" + tag},
                      expect=(400,))

    def step(self) -> None:
        rng = self.rng
        tag = uuid.uuid4().hex[:12]
        if rng.random() < 0.25 and self.orgs:
            self.auth_step(tag)
            return
        choice = rng.random()
        if choice < 0.12 or not self.orgs:
            status, org = self.call("POST", "/organizations", {
                "name": f"Soak {tag}", "external_id": f"soak-{tag}", "metadata": {"k": tag},
                "domain_data": [{"domain": f"{tag}.soak.example", "state": "pending"}]})
            if status == 201:
                self.orgs.append(org["id"])
        elif choice < 0.30:
            self.call("GET", f"/organizations/{rng.choice(self.orgs)}")
        elif choice < 0.40:
            self.call("GET", f"/organizations?limit={rng.randint(1, 100)}&order={rng.choice(['asc', 'desc'])}")
        elif choice < 0.48:
            self.call("PUT", f"/organizations/{rng.choice(self.orgs)}", {"name": f"Renamed {tag}", "metadata": {"r": tag}})
        elif choice < 0.52 and len(self.orgs) > 5:
            self.call("DELETE", f"/organizations/{self.orgs.pop(rng.randrange(len(self.orgs)))}")
        elif choice < 0.57:
            status, domain = self.call("POST", "/organization_domains",
                                       {"organization_id": rng.choice(self.orgs), "domain": f"d{tag}.soak.example"})
            if status == 201:
                self.call("POST", f"/organization_domains/{domain['id']}/verify")
                if rng.random() < 0.5:
                    self.call("DELETE", f"/organization_domains/{domain['id']}")
        elif choice < 0.64:
            status, user = self.call("POST", "/user_management/users", {"email": f"{tag}@soak.example", "first_name": "S"})
            if status == 201:
                self.users.append(user["id"])
                status, membership = self.call("POST", "/user_management/organization_memberships",
                                               {"user_id": user["id"], "organization_id": rng.choice(self.orgs)})
                if status == 201 and rng.random() < 0.5:
                    self.call("DELETE", f"/user_management/organization_memberships/{membership['id']}")
        elif choice < 0.68 and self.users:
            self.call("PUT", f"/user_management/users/{rng.choice(self.users)}", {"last_name": tag})
        elif choice < 0.70 and len(self.users) > 5:
            self.call("DELETE", f"/user_management/users/{self.users.pop(rng.randrange(len(self.users)))}")
        elif choice < 0.74:
            status, invitation = self.call("POST", "/user_management/invitations",
                                           {"email": f"i{tag}@soak.example", "organization_id": rng.choice(self.orgs)})
            if status == 201:
                self.call("POST", f"/user_management/invitations/{invitation['id']}/revoke")
        elif choice < 0.80:
            self.call("GET", "/events?events=organization.created,organization.updated,user.created&limit=50")
        elif choice < 0.84:
            key = f"soak-{self.index}-{rng.randrange(50)}"
            self.call("POST", "/organizations", {"name": f"Idem {key}"}, headers={"Idempotency-Key": key})
        elif choice < 0.88:
            self.call("GET", "/organizations/org_01JZZZZZZZZZZZZZZZZZZZZZZZ", expect=(404,))
        elif choice < 0.92:
            self.call("POST", "/organizations", {"name": 42, "metadata": "x"}, expect=(400, 422))
        elif choice < 0.95:
            self.call("POST", "/organizations", b'{"name":', expect=(400,))
        elif choice < 0.98:
            try:
                with raw_connect(self.port) as sock:
                    sock.sendall(rng.choice([
                        b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                        b"\x16\x03\x01\x00\xc8garbage\r\n\r\n",
                        b"GET /health HTTP/9.9\r\n\r\n",
                        b"POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{\"na",
                    ]))
                    sock.shutdown(socket.SHUT_WR)
                    sock.recv(4096)
                self.counts["raw"] = self.counts.get("raw", 0) + 1
            except OSError:
                self.counts["raw"] = self.counts.get("raw", 0) + 1
        else:
            try:
                with raw_connect(self.port) as sock:
                    sock.sendall(b"POST /organizations HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n{\"name\"")
                # Dropped mid-request.
                self.counts["dropped"] = self.counts.get("dropped", 0) + 1
            except OSError:
                pass

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            self.step()
        if self.conn is not None:
            self.conn.close()


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float:
    if len(samples) < 3:
        return 0.0
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    covariance = sum((t - mean_t) * (v - mean_v) for t, v in samples)
    variance = sum((t - mean_t) ** 2 for t, _ in samples)
    return covariance / variance * 60 if variance else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json")
    args = parser.parse_args()
    binary = find_binary(args.bin)
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        emulator = Emulator(binary, f"{directory}/soak.sqlite")
        started = time.monotonic()
        deadline = started + args.minutes * 60
        clients = [Client(emulator.port, index, deadline, keep_alive=index % 2 == 0) for index in range(args.clients)]
        for client in clients:
            client.start()
        samples: list[dict] = []
        while time.monotonic() < deadline:
            resources = emulator.resources()
            resources["t"] = round(time.monotonic() - started, 1)
            samples.append(resources)
            print(json.dumps(resources), flush=True)
            time.sleep(5)
        for client in clients:
            client.join(timeout=60)
        time.sleep(6)
        settled = emulator.resources()
        exit_status = emulator.stop()
    counts: dict[str, int] = {}
    for client in clients:
        for key, value in client.counts.items():
            counts[key] = counts.get(key, 0) + value
    unexpected = [line for client in clients for line in client.unexpected]
    warm = [s for s in samples if s["t"] >= args.minutes * 60 * 0.2]
    fifth = max(1, len(samples) // 5)
    second_fifth = samples[fifth:2 * fifth] or samples
    last_fifth = samples[-fifth:]
    mean = lambda rows, key: sum(row[key] for row in rows) / len(rows)  # noqa: E731
    result = {
        "minutes": args.minutes,
        "clients": args.clients,
        "requests": sum(v for k, v in counts.items() if k.isdigit()),
        "statuses": counts,
        "unexpected": len(unexpected),
        "first_unexpected": unexpected[:5],
        "rss_mb_start": samples[0]["rss_mb"],
        "rss_mb_max": max(s["rss_mb"] for s in samples),
        "rss_mb_second_fifth_mean": round(mean(second_fifth, "rss_mb"), 1),
        "rss_mb_last_fifth_mean": round(mean(last_fifth, "rss_mb"), 1),
        "rss_slope_mb_per_min_after_warmup": round(slope_mb_per_min([(s["t"], s["rss_mb"]) for s in warm]), 3),
        "fds_max": max(s["fds"] for s in samples),
        "threads_max": max(s["threads"] for s in samples),
        "after_settling": settled,
        "exit_status": exit_status,
    }
    if unexpected:
        failures.append(f"{len(unexpected)} unexpected answers, e.g. {unexpected[:3]}")
    if any(int(k) >= 500 for k in counts if k.isdigit()):
        failures.append("5xx answers")
    if result["rss_slope_mb_per_min_after_warmup"] > 2:
        failures.append(f"RSS grows {result['rss_slope_mb_per_min_after_warmup']} MB/min after warm-up")
    if result["rss_mb_last_fifth_mean"] > result["rss_mb_second_fifth_mean"] + 32:
        failures.append("RSS of the last fifth is over 32 MB above the second fifth")
    # Sockets, not all fds: SQLite's WAL reader pool opens connections (2 fds each) on demand and keeps them.
    if settled["sockets"] > 1:
        failures.append(f"sockets did not settle: {settled['sockets']} open after the clients left (1 = listener)")
    if exit_status != 0:
        failures.append(f"exit status {exit_status} on SIGTERM")
    result["failures"] = failures
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"summary": result, "samples": samples}, out, indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
