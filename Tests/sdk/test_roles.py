"""Roles and permissions through the official SDK (catalog-A §5; spec `/authorization/permissions`)."""

from __future__ import annotations

import re

import pytest
from workos import BadRequestError, ConflictError, NotFoundError, WorkOSClient

from conftest import ISO_MILLIS, ULID, Environment, unique


def _seeded_org_id(client: WorkOSClient) -> str:
    return client.organizations.get_organization_by_external_id("example-corp").id


def _events(client: WorkOSClient, *names: str) -> list:
    return list(client.events.list_events(events=list(names), limit=100, order="asc").data)


# --- environment roles ---------------------------------------------------------------------------------


def test_list_environment_roles_returns_the_seeded_roles_in_priority_order(client: WorkOSClient) -> None:
    roles = client.authorization.list_environment_roles()
    assert [r.slug for r in roles.data] == ["admin", "member"]
    admin = roles.data[0]
    assert re.fullmatch(f"role_{ULID}", admin.id), admin.id
    assert admin.object == "role"
    assert admin.type == "EnvironmentRole"
    assert admin.resource_type_slug == "organization"
    assert admin.permissions == ["members:read", "members:manage", "billing:manage"]


def test_role_lists_have_no_list_metadata_and_every_role_key(environment: Environment) -> None:
    response = environment.raw("GET", "/authorization/roles")
    assert response.status == 200, response
    assert set(response.json) == {"object", "data"}
    role = response.json["data"][0]
    assert set(role) == {
        "object", "id", "slug", "name", "description", "type", "resource_type_slug", "permissions",
        "created_at", "updated_at",
    }
    assert ISO_MILLIS.match(role["created_at"])


def test_create_environment_role_then_get_update_and_set_permissions(client: WorkOSClient) -> None:
    role = client.authorization.create_environment_role(slug="editor", name="Editor", description="Edits things")
    assert role.slug == "editor"
    assert role.type == "EnvironmentRole"
    assert role.description == "Edits things"
    assert role.permissions == []

    assert client.authorization.get_environment_role("editor").id == role.id

    renamed = client.authorization.update_environment_role("editor", name="Writer", description=None)
    assert renamed.name == "Writer"
    assert renamed.description is None

    with_permissions = client.authorization.set_environment_role_permissions("editor", permissions=["members:read"])
    assert with_permissions.permissions == ["members:read"]
    added = client.authorization.add_environment_role_permission("editor", body_slug="billing:manage")
    assert added.permissions == ["members:read", "billing:manage"]
    again = client.authorization.add_environment_role_permission("editor", body_slug="billing:manage")
    assert again.permissions == ["members:read", "billing:manage"]

    events = [e for e in _events(client, "role.created", "role.updated") if e.data.slug == "editor"]
    assert [e.event for e in events] == ["role.created", "role.updated", "role.updated", "role.updated"]


def test_create_environment_role_with_a_taken_slug_is_a_conflict(client: WorkOSClient) -> None:
    with pytest.raises(ConflictError) as raised:
        client.authorization.create_environment_role(slug="admin", name="Admin again")
    assert raised.value.code == "role_slug_conflict"


def test_get_unknown_environment_role_is_not_found(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError):
        client.authorization.get_environment_role("nobody")


# --- organization roles --------------------------------------------------------------------------------


def test_organization_roles_lifecycle_through_the_sdk(client: WorkOSClient) -> None:
    org_id = _seeded_org_id(client)
    generated = client.authorization.create_organization_role(org_id, name="Billing Admin")
    assert generated.slug.startswith("org-billing-admin-")
    assert generated.type == "OrganizationRole"

    role = client.authorization.create_organization_role(org_id, name="Auditor", slug="org-auditor")
    listed = client.authorization.list_organization_roles(org_id)
    assert [r.slug for r in listed.data] == ["admin", "member", generated.slug, "org-auditor"]
    assert client.authorization.get_organization_role(org_id, "admin").type == "EnvironmentRole"
    assert client.authorization.get_organization_role(org_id, "org-auditor").id == role.id

    updated = client.authorization.update_organization_role(org_id, "org-auditor", description="Reads reports")
    assert updated.description == "Reads reports"
    assert updated.name == "Auditor"

    client.authorization.set_organization_role_permissions(org_id, "org-auditor", permissions=["members:read"])
    after_add = client.authorization.add_organization_role_permission(org_id, "org-auditor", body_slug="billing:manage")
    assert after_add.permissions == ["members:read", "billing:manage"]
    assert client.authorization.remove_organization_role_permission(org_id, "org-auditor", "members:read") is None
    assert client.authorization.get_organization_role(org_id, "org-auditor").permissions == ["billing:manage"]

    assert client.authorization.delete_organization_role(org_id, "org-auditor") is None
    with pytest.raises(NotFoundError):
        client.authorization.get_organization_role(org_id, "org-auditor")

    names = [e.event for e in _events(client, "organization_role.created", "organization_role.updated", "organization_role.deleted")]
    assert names.count("organization_role.created") == 2
    assert names.count("organization_role.updated") == 4
    assert names[-1] == "organization_role.deleted"


def test_create_organization_role_without_the_org_prefix_is_a_bad_request(client: WorkOSClient) -> None:
    with pytest.raises(BadRequestError) as raised:
        client.authorization.create_organization_role(_seeded_org_id(client), name="X", slug="billing")
    assert raised.value.code == "bad_request"


def test_create_organization_role_twice_is_a_conflict(client: WorkOSClient) -> None:
    org_id = _seeded_org_id(client)
    client.authorization.create_organization_role(org_id, name="Twice", slug="org-twice")
    with pytest.raises(ConflictError) as raised:
        client.authorization.create_organization_role(org_id, name="Twice", slug="org-twice")
    assert raised.value.code == "organization_role_slug_conflict"


def test_list_organization_roles_of_an_unknown_organization_is_not_found(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError):
        client.authorization.list_organization_roles("org_missing")


def test_legacy_organization_roles_path_lists_typed_roles_without_list_metadata(
    client: WorkOSClient, environment: Environment
) -> None:
    org_id = _seeded_org_id(client)
    client.authorization.create_organization_role(org_id, name="Legacy", slug="org-legacy")
    response = environment.raw("GET", f"/organizations/{org_id}/roles")
    assert response.status == 200, response
    assert set(response.json) == {"object", "data"}
    assert [(r["slug"], r["type"]) for r in response.json["data"]] == [
        ("admin", "EnvironmentRole"), ("member", "EnvironmentRole"), ("org-legacy", "OrganizationRole"),
    ]


# --- permissions -----------------------------------------------------------------------------------------


def test_permissions_crud_through_the_sdk(client: WorkOSClient) -> None:
    slug = f"reports:{unique('x').split()[1]}"
    created = client.authorization.create_permission(slug=slug, name="Export reports")
    assert re.fullmatch(f"perm_{ULID}", created.id), created.id
    assert created.system is False
    assert created.description is None

    fetched = client.authorization.get_permission(slug)
    assert fetched.id == created.id

    updated = client.authorization.update_permission(slug, description="CSV export")
    assert updated.description == "CSV export"

    all_slugs = [p.slug for p in client.authorization.list_permissions(limit=2).auto_paging_iter()]
    assert all_slugs == [slug, "billing:manage", "members:manage", "members:read"]

    client.authorization.delete_permission(slug)
    with pytest.raises(NotFoundError):
        client.authorization.get_permission(slug)

    names = [e.event for e in _events(client, "permission.created", "permission.updated", "permission.deleted")]
    assert names[-3:] == ["permission.created", "permission.updated", "permission.deleted"]


def test_create_permission_with_a_taken_slug_is_a_conflict(client: WorkOSClient) -> None:
    with pytest.raises(ConflictError) as raised:
        client.authorization.create_permission(slug="members:read", name="Again")
    assert raised.value.code == "permission_slug_conflict"
