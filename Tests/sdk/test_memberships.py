"""Organization memberships through the official SDK (catalog-A §6.10): `client.organization_membership`."""

from __future__ import annotations

import re
import uuid

import pytest
from workos import BadRequestError, ConflictError, NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.organization_membership import RoleMultiple, RoleSingle

from conftest import ULID, Environment, unique


def _user(client: WorkOSClient, label: str = "member") -> str:
    return client.user_management.create_user(email=f"{label}-{uuid.uuid4().hex[:10]}@acme.test").id


def _org(client: WorkOSClient, name: str = "Acme") -> str:
    return client.organizations.create_organization(name=unique(name)).id


def test_create_membership_parses_with_the_embedded_user_and_default_role(client: WorkOSClient) -> None:
    user_id, org_id = _user(client), _org(client)
    membership = client.organization_membership.create_organization_membership(
        user_id=user_id, organization_id=org_id
    )
    assert re.fullmatch(f"om_{ULID}", membership.id), membership.id
    assert membership.object == "organization_membership"
    assert membership.status == "active"
    assert membership.directory_managed is False
    assert membership.role.slug == "member"
    assert [r.slug for r in membership.roles] == ["member"]
    assert membership.user.id == user_id
    assert membership.organization_name.startswith("Acme")
    assert membership.custom_attributes == {}


def test_create_membership_with_a_role_or_several_roles(client: WorkOSClient) -> None:
    org_id = _org(client)
    admin = client.organization_membership.create_organization_membership(
        user_id=_user(client), organization_id=org_id, role=RoleSingle(role_slug="admin")
    )
    assert admin.role.slug == "admin"
    both = client.organization_membership.create_organization_membership(
        user_id=_user(client), organization_id=org_id, role=RoleMultiple(role_slugs=["member", "admin"])
    )
    assert [r.slug for r in both.roles] == ["admin", "member"]


def test_create_membership_errors_map_to_the_sdk_exceptions(client: WorkOSClient) -> None:
    user_id, org_id = _user(client), _org(client)
    with pytest.raises(UnprocessableEntityError) as raised:
        client.organization_membership.create_organization_membership(
            user_id=user_id, organization_id=org_id, role=RoleSingle(role_slug="owner")
        )
    assert raised.value.code == "invalid_role"
    with pytest.raises(NotFoundError):
        client.organization_membership.create_organization_membership(user_id="user_missing", organization_id=org_id)
    client.organization_membership.create_organization_membership(user_id=user_id, organization_id=org_id)
    with pytest.raises(ConflictError) as conflict:
        client.organization_membership.create_organization_membership(user_id=user_id, organization_id=org_id)
    assert conflict.value.code == "organization_membership_already_exists"


def test_get_update_and_delete_membership(client: WorkOSClient) -> None:
    user_id, org_id = _user(client), _org(client)
    created = client.organization_membership.create_organization_membership(user_id=user_id, organization_id=org_id)
    fetched = client.organization_membership.get_organization_membership(created.id)
    assert fetched.id == created.id and fetched.user.id == user_id

    updated = client.organization_membership.update_organization_membership(
        created.id, role=RoleSingle(role_slug="admin")
    )
    assert updated.role.slug == "admin"
    assert updated.user.id == user_id

    assert client.organization_membership.delete_organization_membership(created.id) is None
    with pytest.raises(NotFoundError):
        client.organization_membership.get_organization_membership(created.id)


def test_deactivate_and_reactivate_keep_the_roles(client: WorkOSClient) -> None:
    created = client.organization_membership.create_organization_membership(
        user_id=_user(client), organization_id=_org(client), role=RoleSingle(role_slug="admin")
    )
    inactive = client.organization_membership.deactivate_organization_membership(created.id)
    assert inactive.status == "inactive"
    assert client.organization_membership.deactivate_organization_membership(created.id).status == "inactive"
    active = client.organization_membership.reactivate_organization_membership(created.id)
    assert active.status == "active"
    assert active.role.slug == "admin"

    events = client.events.list_events(events=["organization_membership.updated"], limit=100, order="asc").data
    mine = [e for e in events if e.data.id == created.id]
    assert [e.data.status for e in mine] == ["inactive", "active"]  # the repeated deactivate emitted nothing


def test_pending_membership_cannot_be_deactivated(client: WorkOSClient) -> None:
    org_id = _org(client)
    email = f"pending-{uuid.uuid4().hex[:8]}@acme.test"
    user_id = client.user_management.create_user(email=email).id
    client.user_management.send_invitation(email=email, organization_id=org_id)
    pending = client.organization_membership.list_organization_memberships(user_id=user_id, statuses=["pending"])
    assert [m.status for m in pending.data] == ["pending"]
    with pytest.raises(BadRequestError) as raised:
        client.organization_membership.deactivate_organization_membership(pending.data[0].id)
    assert raised.value.code == "cannot_deactivate_pending_organization_membership"


def test_list_memberships_walks_every_page_with_auto_paging_iter(client: WorkOSClient) -> None:
    org_id = _org(client, "Paged")
    created = [
        client.organization_membership.create_organization_membership(
            user_id=_user(client, f"p{i}"), organization_id=org_id
        ).id
        for i in range(5)
    ]
    first = client.organization_membership.list_organization_memberships(organization_id=org_id, limit=2)
    assert len(first.data) == 2
    seen = [m.id for m in first.auto_paging_iter()]
    assert seen == list(reversed(created))
    assert all(m.user.email.endswith("@acme.test") for m in first.data)


def test_list_memberships_defaults_to_active_and_filters_by_statuses(client: WorkOSClient) -> None:
    user_id = _user(client)
    active = client.organization_membership.create_organization_membership(user_id=user_id, organization_id=_org(client))
    inactive = client.organization_membership.create_organization_membership(user_id=user_id, organization_id=_org(client))
    client.organization_membership.deactivate_organization_membership(inactive.id)

    default = client.organization_membership.list_organization_memberships(user_id=user_id)
    assert [m.id for m in default.data] == [active.id]
    both = client.organization_membership.list_organization_memberships(user_id=user_id, statuses=["active", "inactive"])
    assert [m.id for m in both.data] == [inactive.id, active.id]


def test_list_memberships_accepts_repeated_statuses_keys(client: WorkOSClient, environment: Environment) -> None:
    user_id = _user(client)
    created = client.organization_membership.create_organization_membership(user_id=user_id, organization_id=_org(client))
    client.organization_membership.deactivate_organization_membership(created.id)
    response = environment.raw(
        "GET", f"/user_management/organization_memberships?user_id={user_id}&statuses=inactive&statuses=pending"
    )
    assert response.status == 200, response
    assert [m["id"] for m in response.json["data"]] == [created.id]


def test_list_memberships_without_user_or_organization_is_a_bad_request(client: WorkOSClient) -> None:
    with pytest.raises(BadRequestError) as raised:
        client.organization_membership.list_organization_memberships()
    assert raised.value.code == "missing_user_id_or_organization_id"


def test_seeded_memberships_are_listed_with_their_roles(client: WorkOSClient) -> None:
    org_id = client.organizations.get_organization_by_external_id("example-corp").id
    memberships = client.organization_membership.list_organization_memberships(organization_id=org_id, order="asc")
    assert [(m.user.email, m.role.slug) for m in memberships.data] == [
        ("alice@example.com", "admin"),
        ("bob@example.com", "member"),
    ]


def test_membership_events_parse_through_the_sdk(client: WorkOSClient) -> None:
    created = client.organization_membership.create_organization_membership(
        user_id=_user(client), organization_id=_org(client)
    )
    client.organization_membership.update_organization_membership(created.id, role=RoleSingle(role_slug="admin"))
    client.organization_membership.delete_organization_membership(created.id)
    events = client.events.list_events(
        events=[
            "organization_membership.created",
            "organization_membership.updated",
            "organization_membership.deleted",
        ],
        limit=100,
        order="asc",
    ).data
    mine = [e for e in events if e.data.id == created.id]
    assert [e.event for e in mine] == [
        "organization_membership.created",
        "organization_membership.updated",
        "organization_membership.deleted",
    ]
    assert mine[1].data.role.slug == "admin"
    assert mine[0].data.custom_attributes == {}


def test_deleting_a_user_deletes_its_memberships(client: WorkOSClient) -> None:
    user_id = _user(client)
    membership = client.organization_membership.create_organization_membership(
        user_id=user_id, organization_id=_org(client)
    )
    client.user_management.delete_user(user_id)
    with pytest.raises(NotFoundError):
        client.organization_membership.get_organization_membership(membership.id)
