"""Webhooks through the official SDK (workos 10.6.0 `client.webhooks`): endpoint CRUD, and real deliveries to a
local `http.server` receiver that the SDK's own `verify_event` accepts."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

import pytest
from workos import NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.common.models import OrganizationCreated, OrganizationUpdated
from workos.webhooks.models import WebhookEndpoint

from conftest import ULID, Environment, create_environment, http, unique


class Receiver:
    """An HTTP server on 127.0.0.1 that records every POST (raw body and headers) and answers scripted statuses."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses = list(statuses or [])
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server hook
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.02)
        with self.lock:
            return list(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def unique_email() -> str:
    return f"hook-{unique('u').split()[1]}@example.com"


def settled_deliveries(environment: Environment, query: str = "") -> list[dict[str, Any]]:
    """The control API's deliveries once none is pending (10 s at most)."""
    deadline = time.monotonic() + 10
    while True:
        response = environment.raw("GET", f"/_emulator/webhook_deliveries?limit=100{query}")
        assert response.status == 200, response
        data = response.json["data"]
        if all(d["status"] != "pending" for d in data) or time.monotonic() > deadline:
            return data
        time.sleep(0.02)


def test_endpoint_crud_round_trips_through_the_sdk(client: WorkOSClient) -> None:
    created = client.webhooks.create_webhook_endpoint(
        endpoint_url="https://example.com/hooks", events=["organization.created", "user.created"]
    )
    assert isinstance(created, WebhookEndpoint)
    assert re.fullmatch(f"we_{ULID}", created.id), created.id
    assert created.object == "webhook_endpoint"
    assert created.endpoint_url == "https://example.com/hooks"
    assert created.status == "enabled"
    assert created.events == ["organization.created", "user.created"]
    assert created.secret.startswith("whsec_")
    other = client.webhooks.create_webhook_endpoint(endpoint_url="http://127.0.0.1:9/b", events=["user.deleted"])

    page = client.webhooks.list_webhook_endpoints(limit=1)
    assert [e.id for e in page.data] == [other.id]
    assert [e.id for e in client.webhooks.list_webhook_endpoints(order="asc").data] == [created.id, other.id]
    assert [e.id for e in client.webhooks.list_webhook_endpoints(limit=1).auto_paging_iter()] == [other.id, created.id]

    updated = client.webhooks.update_webhook_endpoint(
        created.id, endpoint_url="http://127.0.0.1:9/a", status="disabled", events=["user.updated"]
    )
    assert (updated.endpoint_url, updated.status, updated.events) == ("http://127.0.0.1:9/a", "disabled", ["user.updated"])
    assert updated.secret == created.secret
    assert updated.updated_at >= created.updated_at

    client.webhooks.delete_webhook_endpoint(created.id)
    with pytest.raises(NotFoundError):
        client.webhooks.delete_webhook_endpoint(created.id)
    with pytest.raises(NotFoundError):
        client.webhooks.update_webhook_endpoint(created.id, status="enabled")
    assert [e.id for e in client.webhooks.list_webhook_endpoints().data] == [other.id]


def test_bad_endpoints_are_unprocessable(client: WorkOSClient) -> None:
    with pytest.raises(UnprocessableEntityError) as unknown:
        client.webhooks.create_webhook_endpoint(endpoint_url="https://example.com/h", events=["user.exploded"])
    assert unknown.value.code == "invalid_request_parameters"
    with pytest.raises(UnprocessableEntityError) as bad_url:
        client.webhooks.create_webhook_endpoint(endpoint_url="not a url", events=["user.created"])
    assert bad_url.value.code == "invalid_url"
    assert client.webhooks.list_webhook_endpoints().data == []


def test_another_environments_endpoint_is_not_found(client: WorkOSClient, make_client: Callable[..., WorkOSClient],
                                                    environment: Environment) -> None:
    created = client.webhooks.create_webhook_endpoint(endpoint_url="http://127.0.0.1:9/x", events=["user.created"])
    other = create_environment(environment.base_url, unique("other"))
    other_client = make_client(other.api_key, other.client_id)
    with pytest.raises(NotFoundError):
        other_client.webhooks.update_webhook_endpoint(created.id, status="disabled")
    with pytest.raises(NotFoundError):
        other_client.webhooks.delete_webhook_endpoint(created.id)
    assert other_client.webhooks.list_webhook_endpoints().data == []


def test_deliveries_are_accepted_by_the_sdks_verify_event(
    client: WorkOSClient, environment: Environment, receiver: Receiver
) -> None:
    endpoint = client.webhooks.create_webhook_endpoint(
        endpoint_url=receiver.url, events=["organization.created", "organization.updated"]
    )
    org = client.organizations.create_organization(name=unique("Hooked"))
    client.organizations.update_organization(org.id, name=unique("Rehooked"))
    # user.created is not subscribed: it must not arrive.
    client.user_management.create_user(email=unique_email())

    requests = receiver.wait_for(2)
    time.sleep(0.3)
    assert len(receiver.requests) == 2, receiver.requests
    parsed = []
    for request in requests:
        assert request["path"] == "/webhooks"
        assert request["headers"]["Content-Type"] == "application/json"
        assert request["headers"]["User-Agent"] == "workos-emulator"
        event = client.webhooks.verify_event(
            event_body=request["body"],
            event_signature=request["headers"]["WorkOS-Signature"],
            secret=endpoint.secret,
        )
        parsed.append(event)
        with pytest.raises(ValueError):
            client.webhooks.verify_event(
                event_body=request["body"],
                event_signature=request["headers"]["WorkOS-Signature"],
                secret="whsec_wrong",
            )
    kinds = sorted((type(e).__name__, e.data.id) for e in parsed)
    assert kinds == [("OrganizationCreated", org.id), ("OrganizationUpdated", org.id)]
    created = next(e for e in parsed if isinstance(e, OrganizationCreated))
    listed = client.events.list_events(events=["organization.created"], organization_id=org.id).data
    assert [e.id for e in listed] == [created.id]
    assert any(isinstance(e, OrganizationUpdated) for e in parsed)

    deliveries = settled_deliveries(environment)
    assert [(d["event"], d["status"], d["attempts"], d["response_status"]) for d in deliveries] == [
        ("organization.updated", "delivered", 1, 200),
        ("organization.created", "delivered", 1, 200),
    ]
    assert {d["endpoint_id"] for d in deliveries} == {endpoint.id}
    assert settled_deliveries(environment, "&event=organization.created")[0]["event_id"] == created.id


def test_control_api_endpoint_with_a_chosen_secret_gets_every_event(
    client: WorkOSClient, environment: Environment, receiver: Receiver
) -> None:
    response = environment.raw(
        "POST", "/_emulator/webhook_endpoints", body={"url": receiver.url, "secret": "whsec_chosen"}
    )
    assert response.status == 201, response
    assert response.json["secret"] == "whsec_chosen" and response.json["events"] == []
    org = client.organizations.create_organization(name=unique("Everything"))
    (request,) = receiver.wait_for(1)
    event = client.webhooks.verify_event(
        event_body=request["body"], event_signature=request["headers"]["WorkOS-Signature"], secret="whsec_chosen"
    )
    assert isinstance(event, OrganizationCreated) and event.data.id == org.id
    assert json.loads(request["body"])["object"] == "event"


def test_a_failing_receiver_is_retried_then_delivered(start_emulator: Callable[..., Any]) -> None:
    emulator = start_emulator("--port", "0", "--db", ":memory:", "--webhook-retry-delay-ms", "20",
                              "--webhook-max-attempts", "3")
    environment = create_environment(emulator.base_url, "retries")
    receiver = Receiver(statuses=[503])
    try:
        response = environment.raw("POST", "/_emulator/webhook_endpoints", body={"url": receiver.url})
        assert response.status == 201, response
        assert http(emulator.base_url, "POST", "/organizations", key=environment.api_key,
                    body={"name": "Retry me"}).status == 201
        assert len(receiver.wait_for(2)) == 2
        (delivery,) = settled_deliveries(environment)
        assert (delivery["status"], delivery["attempts"], delivery["response_status"]) == ("delivered", 2, 200)
    finally:
        receiver.close()
