"""Organization domains through the official SDK (catalog-A §4)."""

from __future__ import annotations

import re

import pytest
from workos import BadRequestError, NotFoundError, WorkOSClient

from conftest import ULID, Environment, unique, unique_domain


@pytest.fixture
def org_id(client: WorkOSClient) -> str:
    return client.organizations.create_organization(name=unique("DomainOwner")).id


def test_create_organization_domain_is_pending_with_a_dns_verification_token(
    client: WorkOSClient, org_id: str
) -> None:
    name = unique_domain("new")
    domain = client.organization_domains.create_organization_domain(domain=name, organization_id=org_id)
    assert re.fullmatch(f"org_domain_{ULID}", domain.id), domain.id
    assert domain.object == "organization_domain"
    assert domain.domain == name
    assert domain.organization_id == org_id
    assert domain.state == "pending"
    assert domain.verification_strategy == "dns"
    assert domain.verification_token
    assert domain.verification_prefix
    assert domain.created_at <= domain.updated_at


def test_create_organization_domain_answers_201(environment: Environment, client: WorkOSClient, org_id: str) -> None:
    response = environment.raw(
        "POST", "/organization_domains", body={"domain": unique_domain("raw"), "organization_id": org_id}
    )
    assert response.status == 201, response
    assert response.json["state"] == "pending"


def test_get_organization_domain_returns_what_create_returned(client: WorkOSClient, org_id: str) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("get"), organization_id=org_id
    )
    fetched = client.organization_domains.get_organization_domain(created.id)
    assert fetched.to_dict() == created.to_dict()


def test_created_domain_appears_in_its_organization(client: WorkOSClient, org_id: str) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("sync"), organization_id=org_id
    )
    org = client.organizations.get_organization(org_id)
    assert [(d.id, d.domain, d.state) for d in org.domains] == [(created.id, created.domain, "pending")]


def test_verify_organization_domain_marks_it_verified(client: WorkOSClient, org_id: str) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("verify"), organization_id=org_id
    )
    verified = client.organization_domains.verify_organization_domain(created.id)
    assert verified.id == created.id
    assert verified.state == "verified"
    assert client.organization_domains.get_organization_domain(created.id).state == "verified"
    org = client.organizations.get_organization(org_id)
    assert [(d.id, d.state) for d in org.domains] == [(created.id, "verified")]


def test_verify_organization_domain_answers_201_to_a_bodyless_post(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("bodyless"), organization_id=org_id
    )
    # Python 10 sends no body but keeps Content-Type: application/json (catalog-A §1.4).
    response = environment.raw(
        "POST", f"/organization_domains/{created.id}/verify", data=b"", headers={"Content-Type": "application/json"}
    )
    assert response.status == 201, response
    assert response.json["state"] == "verified"


def test_verifying_a_verified_domain_again_fails_with_domain_already_verified(
    client: WorkOSClient, org_id: str
) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("twice"), organization_id=org_id
    )
    client.organization_domains.verify_organization_domain(created.id)
    with pytest.raises(BadRequestError) as raised:
        client.organization_domains.verify_organization_domain(created.id)
    assert raised.value.status_code == 400
    assert raised.value.code == "domain_already_verified"
    assert raised.value.message


def test_delete_organization_domain_removes_it_from_the_organization(client: WorkOSClient, org_id: str) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("delete"), organization_id=org_id
    )
    assert client.organization_domains.delete_organization_domain(created.id) is None
    with pytest.raises(NotFoundError):
        client.organization_domains.get_organization_domain(created.id)
    assert client.organizations.get_organization(org_id).domains == []


def test_delete_organization_domain_answers_204_without_a_body(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("raw-delete"), organization_id=org_id
    )
    response = environment.raw("DELETE", f"/organization_domains/{created.id}")
    assert response.status == 204, response
    assert response.body == b""
    assert response.header("Content-Type") is None


def test_get_unknown_organization_domain_raises_not_found(client: WorkOSClient) -> None:
    missing = "org_domain_01HZZZZZZZZZZZZZZZZZZZZZZZ"
    with pytest.raises(NotFoundError) as raised:
        client.organization_domains.get_organization_domain(missing)
    assert missing in raised.value.message


def test_deleting_an_organization_removes_its_domains(client: WorkOSClient, org_id: str) -> None:
    created = client.organization_domains.create_organization_domain(
        domain=unique_domain("cascade"), organization_id=org_id
    )
    client.organizations.delete_organization(org_id)
    with pytest.raises(NotFoundError):
        client.organization_domains.get_organization_domain(created.id)
