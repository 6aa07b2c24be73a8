"""Wire protocol: authentication, error shapes, 501 for the rest, idempotency, request ids (catalog-A §1)."""

from __future__ import annotations

import re
import uuid

import pytest
from workos import (
    AuthenticationError,
    NotFoundError,
    ServerError,
    UnprocessableEntityError,
    WorkOSClient,
)

from conftest import Emulator, Environment, http, unique

MISSING_ORG = "org_01HZZZZZZZZZZZZZZZZZZZZZZZ"


# --- 401 -----------------------------------------------------------------------------------------------


def test_a_wrong_api_key_raises_authentication_error(make_client) -> None:
    bad = make_client("sk_test_not_a_real_key")
    with pytest.raises(AuthenticationError) as raised:
        bad.organizations.list_organizations()
    assert raised.value.status_code == 401
    assert raised.value.message == "Unauthorized"
    assert raised.value.code == "unauthorized"
    assert raised.value.request_id


def test_a_missing_or_wrong_key_gets_a_401_workos_body(server: Emulator) -> None:
    for key in (None, "sk_test_not_a_real_key", "not_even_sk"):
        response = http(server.base_url, "GET", "/organizations", key=key)
        assert response.status == 401, (key, response)
        assert response.json == {"message": "Unauthorized", "code": "unauthorized"}, key
        assert response.header("X-Request-ID")


# --- 404 -----------------------------------------------------------------------------------------------


def test_an_unknown_organization_raises_not_found_naming_the_id(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.organizations.get_organization(MISSING_ORG)
    assert raised.value.status_code == 404
    assert MISSING_ORG in raised.value.message
    assert raised.value.code == "entity_not_found"


def test_a_404_has_message_code_and_entity_id(environment: Environment) -> None:
    response = environment.raw("GET", f"/organizations/{MISSING_ORG}")
    assert response.status == 404, response
    assert response.json == {
        "message": f"Organization not found: '{MISSING_ORG}'.",
        "code": "entity_not_found",
        "entity_id": MISSING_ORG,
    }


def test_updating_or_deleting_an_unknown_organization_raises_not_found(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError):
        client.organizations.update_organization(MISSING_ORG, name="x")
    with pytest.raises(NotFoundError):
        client.organizations.delete_organization(MISSING_ORG)


def test_an_organization_of_another_environment_is_not_found(
    client: WorkOSClient, make_client, server: Emulator
) -> None:
    from conftest import create_environment

    other_env = create_environment(server.base_url, unique("neighbour"))
    other = make_client(other_env.api_key, other_env.client_id)
    theirs = other.organizations.create_organization(name=unique("Private"))
    with pytest.raises(NotFoundError):
        client.organizations.get_organization(theirs.id)
    assert theirs.id not in [o.id for o in client.organizations.list_organizations(limit=100).data]


# --- 422 -----------------------------------------------------------------------------------------------


def test_creating_an_organization_without_a_name_is_a_422_naming_the_field(environment: Environment) -> None:
    response = environment.raw("POST", "/organizations", body={})
    assert response.status == 422, response
    body = response.json
    assert body["code"] == "invalid_request_parameters"
    assert body["message"] == "Validation failed."
    errors = body["errors"]
    assert isinstance(errors, list) and errors
    name_errors = [e for e in errors if e.get("field") == "name"]
    assert name_errors, errors
    assert {"field", "code", "message"} <= set(name_errors[0])


def test_a_422_becomes_unprocessable_entity_error_with_errors_in_the_sdk(client: WorkOSClient) -> None:
    # The typed SDK methods cannot leave out `name`; its low-level request() sends the body as given.
    with pytest.raises(UnprocessableEntityError) as raised:
        client.request("post", ("organizations",), body={"metadata": {"a": "b"}})
    assert raised.value.status_code == 422
    assert raised.value.code == "invalid_request_parameters"
    assert any(e["field"] == "name" for e in raised.value.errors)


def test_a_malformed_json_body_is_rejected_with_a_4xx_json_error(environment: Environment) -> None:
    response = environment.raw(
        "POST", "/organizations", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status < 500, response
    assert isinstance(response.json, dict) and "message" in response.json


# --- 501 -----------------------------------------------------------------------------------------------


def test_an_unemulated_operation_answers_501_not_emulated(environment: Environment) -> None:
    response = environment.raw("GET", "/vault/v1/kv")
    assert response.status == 501, response
    assert response.json["code"] == "not_emulated"
    assert response.json.get("message")
    assert response.header("X-Request-ID")


def test_the_sdk_raises_server_error_with_code_not_emulated_without_retrying(make_client, environment) -> None:
    client = make_client(environment.api_key, environment.client_id)
    with pytest.raises(ServerError) as raised:
        client.feature_flags.list_feature_flags()
    assert raised.value.status_code == 501
    assert raised.value.code == "not_emulated"


def test_every_operation_coverage_lists_as_not_emulated_answers_501(environment: Environment) -> None:
    coverage = environment.raw("GET", "/_emulator/coverage").json
    wrong = []
    for op in (o for o in coverage["data"] if o["state"] == "not_emulated"):
        path = re.sub(r"\{[^}]+\}|:[A-Za-z_]+", "x_01HZZZZZZZZZZZZZZZZZZZZZZZ", op["path"])
        body = {} if op["method"] in ("POST", "PUT", "PATCH") else None
        response = environment.raw(op["method"], path, body=body)
        if response.status != 501 or (response.json or {}).get("code") != "not_emulated":
            wrong.append(f"{op['method']} {path} -> {response.status} {response.body[:120]!r}")
    assert not wrong, "\n".join(wrong)


# --- Idempotency-Key ------------------------------------------------------------------------------------


def test_the_same_idempotency_key_replays_the_first_response_and_creates_one_org(
    environment: Environment, client: WorkOSClient
) -> None:
    name = unique("Once")
    key = str(uuid.uuid4())
    first = environment.raw("POST", "/organizations", body={"name": name}, headers={"Idempotency-Key": key})
    second = environment.raw("POST", "/organizations", body={"name": name}, headers={"Idempotency-Key": key})
    assert first.status == 201, first
    assert second.status == 201, second
    assert second.json == first.json
    assert (second.header("Idempotent-Replayed") or "").lower() == "true"
    assert first.header("Idempotent-Replayed") is None
    assert [o.id for o in client.organizations.list_organizations(search=name).data] == [first.json["id"]]
    events = client.events.list_events(events=["organization.created"], organization_id=first.json["id"]).data
    assert len(events) == 1


def test_different_idempotency_keys_create_different_orgs(environment: Environment, client: WorkOSClient) -> None:
    name = unique("Twice")
    first = environment.raw("POST", "/organizations", body={"name": name}, headers={"Idempotency-Key": "k-1"})
    second = environment.raw("POST", "/organizations", body={"name": name}, headers={"Idempotency-Key": "k-2"})
    assert first.status == second.status == 201
    assert first.json["id"] != second.json["id"]
    assert len(client.organizations.list_organizations(search=name).data) == 2


def test_the_sdk_idempotency_key_request_option_replays_the_create(client: WorkOSClient) -> None:
    key = str(uuid.uuid4())
    name = unique("SdkOnce")
    first = client.organizations.create_organization(name=name, request_options={"idempotency_key": key})
    second = client.organizations.create_organization(name=name, request_options={"idempotency_key": key})
    assert second.id == first.id
    assert len(client.organizations.list_organizations(search=name).data) == 1


def test_idempotency_keys_are_scoped_to_their_environment(server: Emulator) -> None:
    from conftest import create_environment

    one = create_environment(server.base_url, unique("idem-one"))
    two = create_environment(server.base_url, unique("idem-two"))
    key = str(uuid.uuid4())
    a = one.raw("POST", "/organizations", body={"name": "Same"}, headers={"Idempotency-Key": key})
    b = two.raw("POST", "/organizations", body={"name": "Same"}, headers={"Idempotency-Key": key})
    assert a.status == b.status == 201
    assert a.json["id"] != b.json["id"]
    assert two.raw("GET", f"/organizations/{b.json['id']}").status == 200


# --- Request ids and content types ------------------------------------------------------------------


def test_every_response_carries_an_x_request_id(environment: Environment, server: Emulator) -> None:
    created = environment.raw("POST", "/organizations", body={"name": unique("Rid")})
    responses = {
        "health": http(server.base_url, "GET", "/health"),
        "201": created,
        "200": environment.raw("GET", f"/organizations/{created.json['id']}"),
        "204": environment.raw("DELETE", f"/organizations/{created.json['id']}"),
        "401": http(server.base_url, "GET", "/organizations", key="sk_test_nope"),
        "404": environment.raw("GET", f"/organizations/{MISSING_ORG}"),
        "422": environment.raw("POST", "/organizations", body={}),
        "501": environment.raw("GET", "/vault/v1/kv"),
    }
    missing = [label for label, r in responses.items() if not r.header("X-Request-ID")]
    assert not missing, f"no X-Request-ID on: {missing}"
    ids = [r.header("X-Request-ID") for r in responses.values()]
    assert len(set(ids)) == len(ids), ids


def test_a_client_x_request_id_is_echoed(environment: Environment) -> None:
    response = environment.raw("GET", "/organizations", headers={"X-Request-ID": "req_from_the_client_42"})
    assert response.status == 200, response
    assert response.header("X-Request-ID") == "req_from_the_client_42"


def test_json_responses_are_labelled_application_json(environment: Environment) -> None:
    for response in (
        environment.raw("GET", "/organizations"),
        environment.raw("GET", f"/organizations/{MISSING_ORG}"),
        environment.raw("GET", "/vault/v1/kv"),
    ):
        assert "application/json" in (response.header("Content-Type") or ""), response
