"""Audit Logs through the official SDK (catalog-B §4): events, schemas, actions, exports and retention."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
from datetime import datetime, timezone
from typing import Any, Callable

import pytest
from workos import BadRequestError, NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.audit_logs import (
    AuditLogEvent,
    AuditLogEventActor,
    AuditLogEventContext,
    AuditLogEventTarget,
    AuditLogSchemaActorInput,
    AuditLogSchemaTargetInput,
    RetentionPeriod,
    RetentionPeriodInDays,
)

from conftest import ISO_MILLIS, ULID, Environment, create_environment, unique

RANGE_START = "2026-01-01T00:00:00.000Z"
RANGE_END = "2026-12-31T23:59:59.999Z"


def organization(client: WorkOSClient) -> str:
    return client.organizations.create_organization(name=unique("Audit")).id


def event(
    action: str = "user.signed_in",
    occurred_at: datetime = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc),
    actor_name: str = "Jon Smith",
    actor_id: str = "user_1",
    targets: list[AuditLogEventTarget] | None = None,
    metadata: dict[str, Any] | None = None,
    actor_metadata: dict[str, Any] | None = None,
    version: int | None = None,
) -> AuditLogEvent:
    return AuditLogEvent(
        action=action,
        occurred_at=occurred_at,
        actor=AuditLogEventActor(id=actor_id, type="user", name=actor_name, metadata=actor_metadata),
        targets=targets if targets is not None else [AuditLogEventTarget(id="team_1", type="team")],
        context=AuditLogEventContext(location="123.123.123.123", user_agent="Chrome/104.0.0.0"),
        metadata=metadata,
        version=version,
    )


def download(url: str) -> list[dict[str, str]]:
    """The export's CSV, fetched without an API key, the way an app hands the URL to a browser or a job."""
    with urllib.request.urlopen(url, timeout=15) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        text = response.read().decode()
    return list(csv.DictReader(io.StringIO(text)))


def ready_export(client: WorkOSClient, organization_id: str, **filters: Any) -> list[dict[str, str]]:
    created = client.audit_logs.create_export(
        organization_id=organization_id, range_start=RANGE_START, range_end=RANGE_END, **filters
    )
    export = client.audit_logs.get_export(created.id)
    assert export.state == "ready" and export.url
    return download(export.url)


def test_create_event_answers_success_and_the_event_reaches_an_export(client: WorkOSClient) -> None:
    organization_id = organization(client)
    response = client.audit_logs.create_event(
        organization_id=organization_id,
        event=event(metadata={"plan": "pro", "seats": 3, "trial": False}),
    )
    assert response.success is True

    rows = ready_export(client, organization_id)
    assert len(rows) == 1
    row = rows[0]
    assert row["action"] == "user.signed_in"
    assert row["occurred_at"] == "2026-03-01T12:00:00.000Z"
    assert row["actor_id"] == "user_1" and row["actor_name"] == "Jon Smith" and row["actor_type"] == "user"
    assert json.loads(row["targets"]) == [{"id": "team_1", "type": "team"}]
    assert row["context_location"] == "123.123.123.123"
    assert row["context_user_agent"] == "Chrome/104.0.0.0"
    assert json.loads(row["metadata"]) == {"plan": "pro", "seats": 3, "trial": False}
    assert re.fullmatch(f"audit_log_event_{ULID}", row["id"]), row["id"]


def test_create_event_with_the_same_idempotency_key_is_stored_once(client: WorkOSClient) -> None:
    organization_id = organization(client)
    for _ in range(2):
        response = client.audit_logs.create_event(
            organization_id=organization_id, event=event(), idempotency_key="3a1f6c1e-idem-key"
        )
        assert response.success is True
    client.audit_logs.create_event(organization_id=organization_id, event=event())
    assert len(ready_export(client, organization_id)) == 2


def test_create_event_errors(client: WorkOSClient, environment: Environment) -> None:
    organization_id = organization(client)
    with pytest.raises(NotFoundError):
        client.audit_logs.create_event(organization_id="org_01JZZZZZZZZZZZZZZZZZZZZZZZ", event=event())

    # The SDK always sends a valid occurred_at, so the raw API shows the 400 and the 422.
    body = {"organization_id": organization_id, "event": event().to_dict()}
    body["event"]["occurred_at"] = "yesterday"
    bad_date = environment.raw("POST", "/audit_logs/events", body=body)
    assert bad_date.status == 400, bad_date
    assert bad_date.json["errors"] == [{"field": "occurred_at", "code": "occurred_at must be an ISO 8601 date string"}]
    del body["event"]["action"]
    missing = environment.raw("POST", "/audit_logs/events", body=body)
    assert missing.status == 422, missing
    assert missing.json["errors"][0]["field"] == "event.action"

    with pytest.raises(UnprocessableEntityError):
        client.audit_logs.create_event(
            organization_id=organization_id, event=event(metadata={f"k{i}": "v" for i in range(51)})
        )
    assert ready_export(client, organization_id) == []


def test_schemas_version_per_action_and_list_actions_shows_the_latest(client: WorkOSClient) -> None:
    first = client.audit_logs.create_schema(
        "invoice.paid",
        targets=[
            AuditLogSchemaTargetInput(
                type="invoice", metadata={"type": "object", "properties": {"cost": {"type": "number"}}}
            )
        ],
        actor=AuditLogSchemaActorInput(metadata={"type": "object", "properties": {"role": {"type": "string"}}}),
        metadata={"type": "object", "properties": {"transactionId": {"type": "string"}}},
    )
    assert first.object == "audit_log_schema"
    assert first.version == 1
    assert first.targets[0].type == "invoice"
    assert first.targets[0].metadata == {"type": "object", "properties": {"cost": {"type": "number"}}}
    assert first.actor is not None and first.actor.metadata["properties"] == {"role": {"type": "string"}}
    assert first.metadata == {"type": "object", "properties": {"transactionId": {"type": "string"}}}
    assert first.created_at.tzinfo is not None

    second = client.audit_logs.create_schema("invoice.paid", targets=[AuditLogSchemaTargetInput(type="invoice")])
    assert second.version == 2 and second.actor is None and second.metadata is None
    client.audit_logs.create_schema("user.signed_in", targets=[AuditLogSchemaTargetInput(type="team")])

    schemas = client.audit_logs.list_action_schemas("invoice.paid")
    assert [schema.version for schema in schemas.data] == [2, 1]
    paged = client.audit_logs.list_action_schemas("invoice.paid", limit=1).auto_paging_iter()
    assert [schema.version for schema in paged] == [2, 1]

    actions = client.audit_logs.list_actions()
    assert [action.name for action in actions.data] == ["user.signed_in", "invoice.paid"]
    invoice = actions.data[1]
    assert invoice.object == "audit_log_action"
    assert invoice.schema.version == 2
    assert invoice.updated_at >= invoice.created_at
    assert [action.name for action in client.audit_logs.list_actions(limit=1).auto_paging_iter()] == [
        "user.signed_in",
        "invoice.paid",
    ]

    with pytest.raises(NotFoundError):
        client.audit_logs.list_action_schemas("nothing.here")
    with pytest.raises(UnprocessableEntityError):
        client.audit_logs.create_schema("user.signed_in", targets=[])


def test_events_are_validated_against_their_actions_schema(client: WorkOSClient) -> None:
    organization_id = organization(client)
    client.audit_logs.create_schema(
        "invoice.paid",
        targets=[
            AuditLogSchemaTargetInput(
                type="invoice", metadata={"type": "object", "properties": {"cost": {"type": "number"}}}
            )
        ],
        metadata={"type": "object", "properties": {"paid": {"type": "boolean"}}},
    )
    invoice = AuditLogEventTarget(id="inv_1", type="invoice", metadata={"cost": 12.5})
    passed = client.audit_logs.create_event(
        organization_id=organization_id, event=event("invoice.paid", targets=[invoice], metadata={"paid": True})
    )
    assert passed.success is True

    with pytest.raises(BadRequestError) as failed:
        client.audit_logs.create_event(
            organization_id=organization_id,
            event=event(
                "invoice.paid",
                targets=[AuditLogEventTarget(id="inv_2", type="invoice", metadata={"cost": "ten"})],
                metadata={"paid": "yes"},
            ),
        )
    assert failed.value.code == "invalid_audit_log_event"
    assert [error["instancePath"] for error in failed.value.errors] == ["/targets/0/metadata/cost", "/metadata/paid"]

    with pytest.raises(BadRequestError) as missing_target:
        client.audit_logs.create_event(
            organization_id=organization_id, event=event("invoice.paid", targets=[])
        )
    assert [error["instancePath"] for error in missing_target.value.errors] == ["/targets"]

    with pytest.raises(BadRequestError) as unknown_version:
        client.audit_logs.create_event(
            organization_id=organization_id, event=event("invoice.paid", targets=[invoice], version=5)
        )
    assert [error["instancePath"] for error in unknown_version.value.errors] == ["/version"]
    assert len(ready_export(client, organization_id)) == 1


def test_export_lifecycle_and_its_filters(client: WorkOSClient) -> None:
    organization_id = organization(client)
    client.audit_logs.create_event(
        organization_id=organization_id,
        event=event("doc.viewed", actor_name="Ann", actor_id="u1", targets=[AuditLogEventTarget(id="d", type="doc")]),
    )
    client.audit_logs.create_event(
        organization_id=organization_id, event=event("doc.shared", actor_name="Bob", actor_id="u2")
    )
    client.audit_logs.create_event(
        organization_id=organization_id,
        event=event("doc.viewed", occurred_at=datetime(2025, 6, 1, tzinfo=timezone.utc), actor_id="u3"),
    )

    created = client.audit_logs.create_export(
        organization_id=organization_id, range_start=RANGE_START, range_end=RANGE_END
    )
    assert re.fullmatch(f"audit_log_export_{ULID}", created.id), created.id
    assert created.object == "audit_log_export"
    assert created.state == "pending" and created.url is None
    assert created.created_at.tzinfo is not None

    fetched = client.audit_logs.get_export(created.id)
    assert fetched.state == "ready"
    assert fetched.url and "/_emulator/audit_log_exports/" in fetched.url
    refetched = client.audit_logs.get_export(created.id)
    assert refetched.url != fetched.url  # "refetching the export will regenerate the URL"
    assert sorted(row["actor_id"] for row in download(refetched.url)) == ["u1", "u2"]
    with pytest.raises(urllib.error.HTTPError) as stale:
        download(fetched.url)
    assert stale.value.code == 404

    def actors(**filters: Any) -> list[str]:
        return sorted(row["actor_id"] for row in ready_export(client, organization_id, **filters))

    assert actors(actions=["doc.viewed"]) == ["u1"]
    assert actors(actor_names=["Bob"]) == ["u2"]
    assert actors(actors=["Ann"]) == ["u1"]
    assert actors(actor_ids=["u2", "u1"]) == ["u1", "u2"]
    assert actors(targets=["doc"]) == ["u1"]
    assert actors(actions=["doc.shared"], targets=["doc"]) == []


def test_export_errors(client: WorkOSClient) -> None:
    organization_id = organization(client)
    with pytest.raises(BadRequestError) as reversed_range:
        client.audit_logs.create_export(organization_id=organization_id, range_start=RANGE_END, range_end=RANGE_START)
    assert reversed_range.value.code == "invalid_audit_log_export_range_date"
    with pytest.raises(BadRequestError):
        client.audit_logs.create_export(organization_id=organization_id, range_start="soon", range_end=RANGE_END)
    with pytest.raises(BadRequestError):
        client.audit_logs.create_export(
            organization_id="org_01JZZZZZZZZZZZZZZZZZZZZZZZ", range_start=RANGE_START, range_end=RANGE_END
        )
    with pytest.raises(NotFoundError):
        client.audit_logs.get_export("audit_log_export_01JZZZZZZZZZZZZZZZZZZZZZZZ")


def test_retention_get_and_update_in_days_and_periods(client: WorkOSClient) -> None:
    organization_id = organization(client)
    assert client.audit_logs.get_organization_audit_logs_retention(organization_id).retention_period_in_days is None

    updated = client.audit_logs.update_organization_audit_logs_retention(
        organization_id, retention=RetentionPeriodInDays(retention_period_in_days=365)
    )
    assert updated.retention_period_in_days == 365
    updated = client.audit_logs.update_organization_audit_logs_retention(
        organization_id, retention=RetentionPeriod(retention_period="3_MONTHS")
    )
    assert updated.retention_period_in_days == 90
    assert client.audit_logs.get_organization_audit_logs_retention(organization_id).retention_period_in_days == 90

    with pytest.raises(UnprocessableEntityError):
        client.audit_logs.update_organization_audit_logs_retention(
            organization_id, retention=RetentionPeriodInDays(retention_period_in_days=45)
        )
    with pytest.raises(NotFoundError):
        client.audit_logs.get_organization_audit_logs_retention("org_01JZZZZZZZZZZZZZZZZZZZZZZZ")


def test_audit_log_configuration_raw(client: WorkOSClient, environment: Environment) -> None:
    organization_id = organization(client)
    response = environment.raw("GET", f"/organizations/{organization_id}/audit_log_configuration")
    assert response.status == 200, response
    assert response.json == {"organization_id": organization_id, "retention_period_in_days": 30, "state": "active"}


def test_another_environment_sees_none_of_it(
    client: WorkOSClient, environment: Environment, make_client: Callable[..., WorkOSClient]
) -> None:
    organization_id = organization(client)
    client.audit_logs.create_schema("user.signed_in", targets=[AuditLogSchemaTargetInput(type="team")])
    export = client.audit_logs.create_export(
        organization_id=organization_id, range_start=RANGE_START, range_end=RANGE_END
    )
    other = create_environment(environment.base_url, unique("other"))
    stranger = make_client(other.api_key, other.client_id)
    with pytest.raises(NotFoundError):
        stranger.audit_logs.create_event(organization_id=organization_id, event=event())
    with pytest.raises(NotFoundError):
        stranger.audit_logs.get_export(export.id)
    with pytest.raises(NotFoundError):
        stranger.audit_logs.list_action_schemas("user.signed_in")
    with pytest.raises(NotFoundError):
        stranger.audit_logs.get_organization_audit_logs_retention(organization_id)
    assert stranger.audit_logs.list_actions().data == []


def test_timestamps_are_iso8601_with_milliseconds(client: WorkOSClient, environment: Environment) -> None:
    organization_id = organization(client)
    schema = environment.raw(
        "POST", "/audit_logs/actions/user.signed_in/schemas", body={"targets": [{"type": "team"}]}
    )
    assert ISO_MILLIS.match(schema.json["created_at"]), schema
    export = environment.raw(
        "POST",
        "/audit_logs/exports",
        body={"organization_id": organization_id, "range_start": RANGE_START, "range_end": RANGE_END},
    )
    assert export.status == 201, export
    for key in ("created_at", "updated_at"):
        assert ISO_MILLIS.match(export.json[key]), export
