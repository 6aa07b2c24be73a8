"""The emulator's own surface: /health, environments, reset, coverage (emulator.md)."""

from __future__ import annotations

import re

import pytest
from workos import NotFoundError, WorkOSClient

from conftest import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, ISO_MILLIS, Emulator, Environment, http, unique


def test_health_answers_ok_without_authentication(server: Emulator) -> None:
    response = http(server.base_url, "GET", "/health")
    assert response.status == 200, response
    assert response.json == {"status": "ok"}
    assert "application/json" in (response.header("Content-Type") or "")


def test_create_environment_answers_201_with_fresh_credentials(server: Emulator) -> None:
    response = http(server.base_url, "POST", "/_emulator/environments", key=DEFAULT_API_KEY, body={"name": "ci"})
    assert response.status == 201, response
    body = response.json
    assert body["object"] == "environment"
    assert body["name"] == "ci"
    assert body["api_key"].startswith("sk_") and body["api_key"] != DEFAULT_API_KEY
    assert body["client_id"].startswith("client_") and body["client_id"] != DEFAULT_CLIENT_ID
    assert isinstance(body["redirect_uris"], list)
    assert isinstance(body["id"], str) and body["id"]
    assert ISO_MILLIS.match(body["created_at"]), body["created_at"]


def test_create_environment_needs_an_existing_key(server: Emulator) -> None:
    assert http(server.base_url, "POST", "/_emulator/environments", body={}).status == 401
    assert http(server.base_url, "POST", "/_emulator/environments", key="sk_test_nope", body={}).status == 401


def test_create_environment_accepts_a_bodyless_post(server: Emulator) -> None:
    response = http(server.base_url, "POST", "/_emulator/environments", key=DEFAULT_API_KEY)
    assert response.status == 201, response
    assert response.json["api_key"].startswith("sk_")


def test_the_default_environment_answers_to_the_default_key(make_client) -> None:
    default = make_client(DEFAULT_API_KEY, DEFAULT_CLIENT_ID)
    org = default.organizations.get_organization_by_external_id("example-corp")
    assert org.name == "Example Corp"


def test_environments_are_isolated_from_each_other(
    client: WorkOSClient, make_client, server: Emulator
) -> None:
    from conftest import create_environment

    other_env = create_environment(server.base_url, unique("isolated"))
    other = make_client(other_env.api_key, other_env.client_id)
    mine = client.organizations.create_organization(name=unique("Mine"))

    with pytest.raises(NotFoundError):
        other.organizations.get_organization(mine.id)
    theirs_seed = other.organizations.get_organization_by_external_id("example-corp")
    my_seed = client.organizations.get_organization_by_external_id("example-corp")
    assert theirs_seed.id != my_seed.id
    assert [o.id for o in other.organizations.list_organizations(limit=100).data] == [theirs_seed.id]


def test_reset_brings_the_environment_back_to_its_seed(client: WorkOSClient, environment: Environment) -> None:
    seeded = client.organizations.get_organization_by_external_id("example-corp")
    extra = client.organizations.create_organization(name=unique("Temporary"))
    client.organizations.delete_organization(seeded.id)

    response = environment.raw("POST", "/_emulator/reset")
    assert 200 <= response.status < 300, response

    # Same key still works (keys and client id are kept).
    with pytest.raises(NotFoundError):
        client.organizations.get_organization(extra.id)
    restored = client.organizations.get_organization_by_external_id("example-corp")
    assert restored.name == "Example Corp"
    assert restored.metadata == {"tier": "demo"}
    assert [(d.domain, d.state) for d in restored.domains] == [("example.com", "verified")]
    assert [o.id for o in client.organizations.list_organizations(limit=100).data] == [restored.id]
    created = client.events.list_events(events=["organization.created"], limit=100).data
    assert extra.id not in {e.data.id for e in created}


def test_reset_leaves_other_environments_alone(environment: Environment, make_client, server: Emulator) -> None:
    from conftest import create_environment

    other_env = create_environment(server.base_url, unique("bystander"))
    other = make_client(other_env.api_key, other_env.client_id)
    kept = other.organizations.create_organization(name=unique("Kept"))
    response = environment.raw("POST", "/_emulator/reset")
    assert 200 <= response.status < 300, response
    assert other.organizations.get_organization(kept.id).id == kept.id


def test_coverage_lists_every_operation_with_its_state(environment: Environment) -> None:
    response = environment.raw("GET", "/_emulator/coverage")
    assert response.status == 200, response
    body = response.json
    assert body["object"] == "list"
    data = body["data"]
    assert body["summary"]["total"] == len(data)
    assert body["summary"]["emulated"] == sum(1 for op in data if op["state"] == "emulated")
    for op in data:
        assert set(op) >= {"method", "path", "area", "name", "legacy", "state"}, op
        assert op["state"] in ("emulated", "not_emulated"), op
        assert op["method"] in ("GET", "POST", "PUT", "PATCH", "DELETE"), op
        assert isinstance(op["legacy"], bool)

    def normal(path: str) -> str:
        return re.sub(r"\{[^}]+\}|:[A-Za-z_]+", "{}", path)

    states = {(op["method"], normal(op["path"])): op["state"] for op in data}
    for key in [
        ("GET", "/organizations"),
        ("POST", "/organizations"),
        ("GET", "/organizations/{}"),
        ("PUT", "/organizations/{}"),
        ("DELETE", "/organizations/{}"),
        ("GET", "/organizations/external_id/{}"),
        ("POST", "/organization_domains"),
        ("GET", "/organization_domains/{}"),
        ("POST", "/organization_domains/{}/verify"),
        ("DELETE", "/organization_domains/{}"),
        ("GET", "/events"),
    ]:
        assert states.get(key) == "emulated", (key, states.get(key))
    assert states.get(("GET", "/directories")) == "emulated"
    assert states.get(("GET", "/vault/v1/kv")) == "not_emulated"
