#!/usr/bin/env python3
"""Captures real WorkOS Python SDK requests as seed inputs for the fuzz targets.

    .venv/bin/python Tests/Fuzz/capture-sdk-corpus.py [path/to/workos-emulator]

Starts the emulator (`--port 0`, a throw-away database), puts a logging TCP proxy in front of it, drives the
official SDK (workos 10.6.0, Tests/sdk/requirements.txt) through the calls the emulator serves, and writes:
  - Tests/Fuzz/corpus/request-parser/sdk-<n>-<method>-<path>.http: the raw bytes of each request as the SDK sent them;
  - Tests/Fuzz/corpus/json/sdk-<n>-….json: each non-empty request body and each JSON response body.
Stdlib only besides the SDK itself.
"""

from __future__ import annotations

import json
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import threading

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "Tests" / "Fuzz" / "corpus"


class LoggingProxy:
    """Relays one upstream; records what clients send, request by request (Content-Length framing only)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.requests: list[bytes] = []
        self.responses: list[bytes] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, is_request: bool) -> None:
        pending = b""
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            sink.sendall(data)
            pending += data
            while True:
                message, pending = self._split_message(pending)
                if message is None:
                    break
                with self.lock:
                    (self.requests if is_request else self.responses).append(message)

    @staticmethod
    def _split_message(buffer: bytes) -> tuple[bytes | None, bytes]:
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return None, buffer
        head = buffer[: end + 4]
        match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        length = int(match.group(1)) if match else 0
        if len(buffer) < end + 4 + length:
            return None, buffer
        return buffer[: end + 4 + length], buffer[end + 4 + length :]


def drive_sdk(base_url: str, calls: list[str]) -> None:
    from workos import WorkOSClient
    from workos.organizations.models import OrganizationDomainData

    client = WorkOSClient(api_key="sk_test_emulator", client_id="client_emulator", base_url=base_url)

    def call(label: str, function, *args, **kwargs):
        calls.append(label)
        try:
            return function(*args, **kwargs)
        except Exception as error:  # 4xx answers are corpus too
            print(f"  {label}: {type(error).__name__}")
            return None

    orgs = client.organizations
    org = call("create_organization", orgs.create_organization, name="Acme Capture",
               domain_data=[OrganizationDomainData(domain="acme-capture.example.com", state="pending")],
               external_id="acme-capture", metadata={"tier": "gold", "région": "eu"})
    call("list_organizations", orgs.list_organizations, limit=5, order="asc")
    call("list_organizations_domains", orgs.list_organizations, domains=["acme-capture.example.com", "b.example"])
    if org is not None:
        call("get_organization", orgs.get_organization, org.id)
        call("get_organization_by_external_id", orgs.get_organization_by_external_id, "acme-capture")
        call("update_organization", orgs.update_organization, org.id, name="Acme Renamed",
             metadata={"note": "line\nbreak \"quoted\" \u00e9\U0001F600"})
        domains = client.organization_domains
        domain = call("create_organization_domain", domains.create_organization_domain,
                      organization_id=org.id, domain="second-capture.example.com")
        if domain is not None:
            call("get_organization_domain", domains.get_organization_domain, domain.id)
            call("verify_organization_domain", domains.verify_organization_domain, domain.id)
            call("delete_organization_domain", domains.delete_organization_domain, domain.id)
        call("list_events", client.events.list_events,
             events=["organization.created", "organization.updated"], limit=10)
        um = client.user_management
        user = call("create_user", um.create_user, email="capture@example.com", first_name="Ada",
                    last_name="Lovelace", email_verified=True)
        call("list_users", um.list_users, email="capture@example.com", limit=3)
        if user is not None:
            call("get_user", um.get_user, user.id)
            call("update_user", um.update_user, user.id, first_name="Augusta")
            call("create_organization_membership", client.organization_membership.create_organization_membership,
                 user_id=user.id, organization_id=org.id)
            call("list_organization_memberships", client.organization_membership.list_organization_memberships, user_id=user.id)
            call("send_invitation", um.send_invitation, email="invitee@example.com", organization_id=org.id)
            call("list_invitations", um.list_invitations, organization_id=org.id)
            call("delete_user", um.delete_user, user.id)
        call("delete_organization", orgs.delete_organization, org.id)
    call("get_organization_unknown", orgs.get_organization, "org_01UNKNOWN0000000000000000")


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    if binary is None:
        bin_dir = subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip()
        binary = f"{bin_dir}/workos-emulator"
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen([binary, "--port", "0", "--db", f"{directory}/capture.sqlite"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = process.stdout.readline()
            port = int(re.search(r":(\d+)\s*$", line).group(1))
            proxy = LoggingProxy(port)
            calls: list[str] = []
            drive_sdk(f"http://127.0.0.1:{proxy.port}", calls)
            import time
            time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(timeout=20)
    (CORPUS / "request-parser").mkdir(parents=True, exist_ok=True)
    (CORPUS / "json").mkdir(parents=True, exist_ok=True)
    for old in list((CORPUS / "request-parser").glob("sdk-*")) + list((CORPUS / "json").glob("sdk-*")):
        old.unlink()
    json_count = 0
    for index, request in enumerate(proxy.requests):
        request_line = request.split(b"\r\n", 1)[0].decode("latin-1")
        method, target = request_line.split(" ")[:2]
        slug = re.sub(r"[^a-z0-9]+", "-", target.split("?")[0].lower()).strip("-")
        slug = re.sub(r"-[a-z_]*0[0-9a-z]{25}", "-id", slug)[:60]
        name = f"{method.lower()}-{slug}"
        (CORPUS / "request-parser" / f"sdk-{index:02d}-{name}.http").write_bytes(request)
        body = request.split(b"\r\n\r\n", 1)[1]
        if body.strip():
            json.loads(body)
            (CORPUS / "json" / f"sdk-{index:02d}-{name}-request.json").write_bytes(body)
            json_count += 1
    for index, response in enumerate(proxy.responses):
        body = response.split(b"\r\n\r\n", 1)[1]
        if body.strip().startswith((b"{", b"[")):
            (CORPUS / "json" / f"sdk-{index:02d}-response.json").write_bytes(body)
            json_count += 1
    print(f"captured {len(proxy.requests)} requests and {json_count} JSON documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
