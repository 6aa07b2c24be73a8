"""Events through the official SDK (catalog-A §2)."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from workos import AuthenticationError, BadRequestError, WorkOSClient
from workos.common.models import OrganizationCreated

from conftest import ISO_MILLIS, ULID, Environment, unique, unique_domain

ORG_EVENTS = ["organization.created", "organization.updated", "organization.deleted"]
DOMAIN_EVENTS = [
    "organization_domain.created",
    "organization_domain.verified",
    "organization_domain.updated",
    "organization_domain.deleted",
]


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_organization_created_event_carries_the_organization(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(
        name=unique("Evented"), metadata={"k": "v"}, external_id=f"ev-{unique('x').split()[1]}"
    )
    events = client.events.list_events(events=["organization.created"], organization_id=org.id).data
    assert len(events) == 1, events
    event = events[0]
    assert isinstance(event, OrganizationCreated)
    assert re.fullmatch(f"event_{ULID}", event.id), event.id
    assert event.event == "organization.created"
    assert event.data.id == org.id
    assert event.data.name == org.name
    assert event.data.metadata == {"k": "v"}
    assert event.data.external_id == org.external_id
    assert event.created_at >= org.created_at


def test_list_events_filters_by_event_type(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Types"))
    client.organizations.update_organization(org.id, name=unique("Types2"))
    client.organizations.delete_organization(org.id)

    # The organization is gone, so filter its events locally (organization_id would now be a 400).
    updated = [e for e in client.events.list_events(events=["organization.updated"], limit=100).data]
    assert [(e.event, e.data.id) for e in updated] == [("organization.updated", org.id)]

    two_kinds = [
        e
        for e in client.events.list_events(events=["organization.created", "organization.deleted"], limit=100).data
        if e.data.id == org.id
    ]
    # Newest first by default: deleted, then created.
    assert [e.event for e in two_kinds] == ["organization.deleted", "organization.created"]


def test_list_events_filters_by_organization_id(client: WorkOSClient) -> None:
    mine = client.organizations.create_organization(name=unique("Mine"))
    theirs = client.organizations.create_organization(name=unique("Theirs"))
    events = client.events.list_events(events=ORG_EVENTS, organization_id=mine.id, limit=100).data
    assert [e.data.id for e in events] == [mine.id]
    assert theirs.id not in {e.data.id for e in events}


def test_every_organization_mutation_writes_an_event(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Lifecycle"))
    client.organizations.update_organization(org.id, metadata={"x": "y"})
    client.organizations.delete_organization(org.id)
    events = [
        e for e in client.events.list_events(events=ORG_EVENTS, order="asc", limit=100).data if e.data.id == org.id
    ]
    assert [e.event for e in events] == ORG_EVENTS
    assert events[1].data.metadata == {"x": "y"}


def test_every_domain_mutation_writes_an_event(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("DomainEvents"))
    domain = client.organization_domains.create_organization_domain(
        domain=unique_domain("ev"), organization_id=org.id
    )
    client.organization_domains.verify_organization_domain(domain.id)
    client.organization_domains.delete_organization_domain(domain.id)

    events = client.events.list_events(events=DOMAIN_EVENTS, organization_id=org.id, order="asc").data
    assert [e.event for e in events] == [
        "organization_domain.created",
        "organization_domain.verified",
        "organization_domain.deleted",
    ]
    assert all(e.data.id == domain.id for e in events)
    assert events[1].data.state == "verified"


def test_list_events_range_start_and_range_end_bound_the_creation_time(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Ranged"))
    before = datetime.now(timezone.utc) - timedelta(minutes=5)
    after = datetime.now(timezone.utc) + timedelta(minutes=5)
    kinds = ["organization.created"]

    inside = client.events.list_events(
        events=kinds, organization_id=org.id, range_start=_iso(before), range_end=_iso(after)
    ).data
    assert [e.data.id for e in inside] == [org.id]
    assert client.events.list_events(events=kinds, organization_id=org.id, range_start=_iso(after)).data == []
    assert client.events.list_events(events=kinds, organization_id=org.id, range_end=_iso(before)).data == []


def test_list_events_walks_pages_with_after_only(client: WorkOSClient, environment: Environment) -> None:
    org = client.organizations.create_organization(name=unique("Walk"))
    for i in range(4):
        client.organizations.update_organization(org.id, name=unique(f"Walk{i}"))
    first = client.events.list_events(events=["organization.updated"], organization_id=org.id, limit=2)
    assert len(first.data) == 2
    seen = [e.id for e in first.auto_paging_iter()]
    assert len(seen) == 4 and len(set(seen)) == 4

    response = environment.raw(
        "GET", f"/events?events=organization.updated&organization_id={org.id}&limit=2"
    )
    assert response.status == 200, response
    body = response.json
    assert body["object"] == "list"
    assert set(body["list_metadata"]) == {"after"}
    assert body["list_metadata"]["after"] == body["data"][-1]["id"]
    for event in body["data"]:
        assert event["object"] == "event"
        assert ISO_MILLIS.match(event["created_at"]), event["created_at"]


def test_events_of_other_environments_are_invisible(client: WorkOSClient, make_client, server) -> None:
    from conftest import create_environment

    other_env = create_environment(server.base_url, unique("other"))
    other = make_client(other_env.api_key, other_env.client_id)
    org = other.organizations.create_organization(name=unique("Elsewhere"))
    mine = client.events.list_events(events=["organization.created"], limit=100).data
    assert org.id not in {e.data.id for e in mine}
    assert len(other.events.list_events(events=["organization.created"], organization_id=org.id).data) == 1


def test_list_events_for_an_unknown_organization_is_a_400_naming_it(client: WorkOSClient) -> None:
    missing = "org_01HZZZZZZZZZZZZZZZZZZZZZZZ"
    with pytest.raises(BadRequestError) as raised:
        client.events.list_events(events=["organization.created"], organization_id=missing)
    assert raised.value.message == f"Organization not found: '{missing}'."


def test_list_events_without_events_param_is_a_422(environment: Environment) -> None:
    response = environment.raw("GET", "/events")
    assert response.status == 422, response
    body = response.json
    assert body["code"] == "invalid_request_parameters"
    assert body["message"] == "Validation failed."
    assert any(error.get("field") == "events" for error in body["errors"]), body


def test_list_events_with_a_wrong_key_raises_authentication_error(make_client) -> None:
    bad = make_client("sk_test_wrong_key")
    with pytest.raises(AuthenticationError) as raised:
        bad.events.list_events(events=["organization.created"])
    assert raised.value.status_code == 401
