"""Directory Sync through the official Python SDK (workos==10.6.0), the way an app reads what a directory synced.

The directory provider's side (directories, users, groups) goes through the emulator's control API with the
environment's raw client (emulator.md "Control API"); everything an app does goes through `client.directory_sync`
and `client.events`, so the SDK must parse every object and every `dsync.*` payload the emulator sends.
"""

from __future__ import annotations

from typing import Any

import pytest
from workos import WorkOSClient
from workos._errors import NotFoundError, UnprocessableEntityError

from conftest import Environment, unique

DSYNC_EVENTS = [
    "dsync.activated",
    "dsync.deleted",
    "dsync.user.created",
    "dsync.user.updated",
    "dsync.user.deleted",
    "dsync.group.created",
    "dsync.group.updated",
    "dsync.group.deleted",
    "dsync.group.user_added",
    "dsync.group.user_removed",
]


def control(environment: Environment, method: str, path: str, status: int, **body: Any) -> dict[str, Any]:
    response = environment.raw(method, path, body=body)
    assert response.status == status, response
    return response.json if response.body else {}


def create_directory(environment: Environment, organization_id: str, **body: Any) -> dict[str, Any]:
    return control(environment, "POST", "/_emulator/directories", 201, organization_id=organization_id, **body)


def create_group(environment: Environment, directory_id: str, name: str) -> dict[str, Any]:
    return control(environment, "POST", f"/_emulator/directories/{directory_id}/groups", 201, name=name)


def create_user(environment: Environment, directory_id: str, first: str, **body: Any) -> dict[str, Any]:
    return control(
        environment,
        "POST",
        f"/_emulator/directories/{directory_id}/users",
        201,
        emails=[{"primary": True, "type": "work", "value": f"{first}@foocorp.com"}],
        first_name=first.title(),
        last_name="Doe",
        username=first,
        idp_id=f"idp-{first}",
        custom_attributes={"department": "R&D"},
        raw_attributes={"id": f"idp-{first}"},
        **body,
    )


@pytest.fixture
def org_id(client: WorkOSClient) -> str:
    return client.organizations.create_organization(name=unique("Dsync Org")).id


def test_list_and_get_directories_parse_with_their_filters(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    okta = create_directory(environment, org_id, name="Okta Main", type="okta scim v2.0", domain="foocorp.com")
    google = create_directory(environment, org_id, name="Google", type="gsuite directory")
    create_user(environment, okta["id"], "ann")

    page = client.directory_sync.list_directories(organization_id=org_id)
    assert [d.id for d in page.data] == [google["id"], okta["id"]]
    assert page.list_metadata.after is None
    assert [d.id for d in client.directory_sync.list_directories(search="okta main").data] == [okta["id"]]
    assert [d.id for d in client.directory_sync.list_directories(domain="foocorp.com").data] == [okta["id"]]

    directory = client.directory_sync.get_directory(okta["id"])
    assert directory.organization_id == org_id
    assert directory.state == "linked"
    assert directory.type == "okta scim v2.0"
    assert directory.domain == "foocorp.com"
    assert directory.metadata is not None and directory.metadata.users.active == 1
    with pytest.raises(NotFoundError):
        client.directory_sync.get_directory("directory_01HZZZZZZZZZZZZZZZZZZZZZZZ")


def test_users_and_groups_list_and_get_like_an_app_reads_them(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    directory = create_directory(environment, org_id)
    engineering = create_group(environment, directory["id"], "Engineering")
    admins = create_group(environment, directory["id"], "Admins")
    ann = create_user(environment, directory["id"], "ann", groups=[engineering["id"], admins["id"]])
    bob = create_user(environment, directory["id"], "bob", state="inactive")

    users = client.directory_sync.list_users(directory=directory["id"])
    assert [u.id for u in users.data] == [bob["id"], ann["id"]]
    assert [u.id for u in client.directory_sync.list_users(group=engineering["id"]).data] == [ann["id"]]
    assert [u.id for u in client.directory_sync.list_users(directory=directory["id"], email="BOB@foocorp.com").data] == [
        bob["id"]
    ]
    assert [u.id for u in client.directory_sync.list_users(directory=directory["id"], idp_id="idp-ann").data] == [
        ann["id"]
    ]
    everyone = list(client.directory_sync.list_users(directory=directory["id"], limit=1).auto_paging_iter())
    assert [u.id for u in everyone] == [bob["id"], ann["id"]]

    user = client.directory_sync.get_user(ann["id"])
    assert user.email == "ann@foocorp.com"
    assert user.organization_id == org_id
    assert user.state == "active"
    assert user.custom_attributes == {"department": "R&D"}
    assert user.emails is not None and user.emails[0].primary is True
    assert user.groups is not None and {g.id for g in user.groups} == {engineering["id"], admins["id"]}

    groups = client.directory_sync.list_groups(directory=directory["id"])
    assert [g.id for g in groups.data] == [admins["id"], engineering["id"]]
    assert [g.id for g in client.directory_sync.list_groups(user=bob["id"]).data] == []
    group = client.directory_sync.get_group(engineering["id"])
    assert group.name == "Engineering"
    assert group.directory_id == directory["id"]

    with pytest.raises(UnprocessableEntityError):
        client.directory_sync.list_users()
    with pytest.raises(NotFoundError):
        client.directory_sync.get_user("directory_user_01HZZZZZZZZZZZZZZZZZZZZZZZ")
    with pytest.raises(NotFoundError):
        client.directory_sync.get_group("directory_group_01HZZZZZZZZZZZZZZZZZZZZZZZ")


def test_delete_directory_removes_it_and_emits_dsync_deleted(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    directory = create_directory(environment, org_id)
    user = create_user(environment, directory["id"], "ann")
    assert client.directory_sync.delete_directory(directory["id"]) is None
    with pytest.raises(NotFoundError):
        client.directory_sync.get_directory(directory["id"])
    with pytest.raises(NotFoundError):
        client.directory_sync.get_user(user["id"])
    (event,) = client.events.list_events(events=["dsync.deleted"], organization_id=org_id).data
    assert event.data.id == directory["id"]
    assert event.data.state == "deleting"


def test_create_directory_sync_queues_a_google_workspace_sync_once_per_cooldown(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    google = create_directory(environment, org_id, type="gsuite directory")
    assert client.directory_sync.create_directory_sync(google["id"]).status == "queued"
    # A second request within five minutes is a 429; asked raw, since the SDK would retry it.
    again = environment.raw("POST", f"/directories/{google['id']}/sync")
    assert again.status == 429, again
    assert again.json["code"] == "directory_sync_rate_limited"
    assert again.json["retry_after_seconds"] > 0


def test_every_dsync_event_the_emulator_emits_parses_in_the_sdk(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    directory = create_directory(environment, org_id, name="Evented", domain="foocorp.com")
    group = create_group(environment, directory["id"], "Engineering")
    other = create_group(environment, directory["id"], "Other")
    user = create_user(environment, directory["id"], "ann", groups=[group["id"]])
    control(environment, "PUT", f"/_emulator/directory_users/{user['id']}", 200, first_name="Anne", groups=[other["id"]])
    control(environment, "PUT", f"/_emulator/directory_groups/{group['id']}", 200, name="Platform")
    control(environment, "DELETE", f"/_emulator/directory_users/{user['id']}", 204)
    control(environment, "DELETE", f"/_emulator/directory_groups/{group['id']}", 204)
    client.directory_sync.delete_directory(directory["id"])

    events = list(
        client.events.list_events(events=DSYNC_EVENTS, organization_id=org_id, limit=100).auto_paging_iter()
    )
    seen = {e.event for e in events}
    assert seen == set(DSYNC_EVENTS), sorted(set(DSYNC_EVENTS) - seen)
    for event in events:
        assert type(event).__name__ != "EventSchemaUnknown", event
    by_type = {e.event: e for e in events}
    activated = by_type["dsync.activated"].data
    assert activated.state == "active" and activated.external_key
    updated = by_type["dsync.user.updated"].data
    assert updated.first_name == "Anne"
    assert updated.previous_attributes == {"first_name": "Ann", "name": "Ann Doe"}
    assert by_type["dsync.group.updated"].data.previous_attributes == {"name": "Engineering"}
    removed = by_type["dsync.group.user_removed"].data
    assert removed.directory_id == directory["id"]
    assert removed.user.id == user["id"] and removed.group.id == group["id"]
    added = [e.data for e in events if e.event == "dsync.group.user_added"]
    assert {a.group.id for a in added} == {group["id"], other["id"]}
    assert by_type["dsync.user.deleted"].data.id == user["id"]
    assert by_type["dsync.group.deleted"].data.name == "Platform"
