"""The legacy Python SDK (workos 5.46.0) against the emulator.

Python SDK ≤ 5.x lists an organization's roles with `organizations.list_organization_roles`, which calls the old
path `GET /organizations/{id}/roles` (catalog-A §5.1) and validates each role with pydantic: `object` must be
"role", `type` must be `EnvironmentRole` or `OrganizationRole`, and the list must say `object: "list"`. It also sends
array query parameters as repeated keys (`statuses=a&statuses=b`, catalog-A §1.4).

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
import uuid
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


def test_list_organization_roles_parses_environment_and_custom_roles_in_priority_order(
    client: WorkOSClient, base_url: str
) -> None:
    org = client.organizations.create_organization(name=f"Legacy {uuid.uuid4().hex[:8]}")
    _raw(base_url, "POST", f"/authorization/organizations/{org.id}/roles", {"name": "Auditor", "slug": "org-auditor"})

    roles = client.organizations.list_organization_roles(organization_id=org.id)

    assert roles.object == "list"
    assert [(role.slug, role.type) for role in roles.data] == [
        ("admin", "EnvironmentRole"),
        ("member", "EnvironmentRole"),
        ("org-auditor", "OrganizationRole"),
    ]
    assert all(role.object == "role" and role.id.startswith("role_") for role in roles.data)
    assert roles.data[2].name == "Auditor"
    assert roles.data[2].description is None


def test_memberships_parse_and_repeated_statuses_keys_filter(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=f"Legacy members {uuid.uuid4().hex[:8]}")
    user = client.user_management.create_user(email=f"legacy-{uuid.uuid4().hex[:8]}@acme.test")
    membership = client.user_management.create_organization_membership(
        user_id=user.id, organization_id=org.id, role_slug="admin"
    )
    assert membership.object == "organization_membership"
    assert membership.role == {"slug": "admin"}
    client.user_management.deactivate_organization_membership(membership.id)

    active_only = client.user_management.list_organization_memberships(user_id=user.id)
    assert active_only.data == []
    # Python 5 sends statuses=active&statuses=inactive (repeated keys).
    both = client.user_management.list_organization_memberships(user_id=user.id, statuses=["active", "inactive"])
    assert [(m.id, m.status) for m in both.data] == [(membership.id, "inactive")]
