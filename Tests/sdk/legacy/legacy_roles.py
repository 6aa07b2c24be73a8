"""The legacy Python SDK (workos 5.46.0) against the emulator.

Python SDK ≤ 5.x lists an organization's roles with `organizations.list_organization_roles`, which calls the old
path `GET /organizations/{id}/roles` (catalog-A §5.1) and validates each role with pydantic: `object` must be
"role", `type` must be `EnvironmentRole` or `OrganizationRole`, and the list must say `object: "list"`. It also sends
array query parameters as repeated keys (`statuses=a&statuses=b`, catalog-A §1.4).

The module's emulator process and SDK client come from conftest.py.
"""

from __future__ import annotations

import uuid

from workos import WorkOSClient

from conftest import raw


def test_list_organization_roles_parses_environment_and_custom_roles_in_priority_order(
    client: WorkOSClient, base_url: str
) -> None:
    org = client.organizations.create_organization(name=f"Legacy {uuid.uuid4().hex[:8]}")
    raw(base_url, "POST", f"/authorization/organizations/{org.id}/roles", {"name": "Auditor", "slug": "org-auditor"})

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
