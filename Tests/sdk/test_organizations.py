"""Organizations through the official SDK (catalog-A §3)."""

from __future__ import annotations

import re
import time
from datetime import timezone

import pytest
from workos import BadRequestError, NotFoundError, WorkOSClient
from workos.organizations.models import OrganizationDomainData

from conftest import ISO_MILLIS, ULID, Environment, unique, unique_domain


def test_create_organization_returns_every_field_the_sdk_parses(client: WorkOSClient) -> None:
    name = unique("Acme")
    org = client.organizations.create_organization(name=name)

    assert re.fullmatch(f"org_{ULID}", org.id), org.id
    assert org.object == "organization"
    assert org.name == name
    assert org.domains == []
    assert org.metadata == {}
    assert org.external_id is None
    assert org.created_at.tzinfo is not None and org.created_at.utcoffset() == timezone.utc.utcoffset(None)
    assert org.created_at <= org.updated_at


def test_organization_timestamps_are_iso8601_with_milliseconds_and_z(
    client: WorkOSClient, environment: Environment
) -> None:
    org = client.organizations.create_organization(name=unique("Stamp"))
    response = environment.raw("GET", f"/organizations/{org.id}")
    assert response.status == 200, response
    assert "application/json" in (response.header("Content-Type") or "")
    body = response.json
    assert body["object"] == "organization"
    for key in ("created_at", "updated_at"):
        assert ISO_MILLIS.match(body[key]), f"{key}={body[key]!r}"
    # Every spec-required key is present, nullable ones as null (catalog-A §1.11).
    for key in ("id", "name", "domains", "metadata", "external_id", "created_at", "updated_at"):
        assert key in body, key


def test_get_organization_returns_what_create_returned(client: WorkOSClient) -> None:
    created = client.organizations.create_organization(
        name=unique("Getter"), metadata={"plan": "pro"}, external_id=unique("ext").replace(" ", "-")
    )
    fetched = client.organizations.get_organization(created.id)
    assert fetched.to_dict() == created.to_dict()


def test_create_organization_with_domain_data_creates_domains_in_their_given_states(client: WorkOSClient) -> None:
    verified, pending = unique_domain("verified"), unique_domain("pending")
    org = client.organizations.create_organization(
        name=unique("Domains"),
        domain_data=[
            OrganizationDomainData(domain=verified, state="verified"),
            OrganizationDomainData(domain=pending, state="pending"),
        ],
    )
    by_domain = {d.domain: d for d in org.domains}
    assert set(by_domain) == {verified, pending}
    assert by_domain[verified].state == "verified"
    assert by_domain[pending].state == "pending"
    for domain in org.domains:
        assert re.fullmatch(f"org_domain_{ULID}", domain.id), domain.id
        assert domain.organization_id == org.id
        assert domain.object == "organization_domain"

    again = client.organizations.get_organization(org.id)
    assert {(d.id, d.domain, d.state) for d in again.domains} == {(d.id, d.domain, d.state) for d in org.domains}


def test_create_organization_with_metadata_and_external_id_keeps_them(client: WorkOSClient) -> None:
    external_id = f"ext-{unique('x').split()[1]}"
    org = client.organizations.create_organization(
        name=unique("Meta"), metadata={"tier": "gold", "region": "eu"}, external_id=external_id
    )
    assert org.metadata == {"tier": "gold", "region": "eu"}
    assert org.external_id == external_id


def test_update_organization_changes_name_and_metadata_and_bumps_updated_at(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Before"), metadata={"a": "1"})
    time.sleep(0.01)
    new_name = unique("After")
    updated = client.organizations.update_organization(org.id, name=new_name, metadata={"b": "2"})
    assert updated.id == org.id
    assert updated.name == new_name
    assert updated.metadata == {"b": "2"}
    assert updated.created_at == org.created_at
    assert updated.updated_at > org.updated_at

    fetched = client.organizations.get_organization(org.id)
    assert fetched.name == new_name
    assert fetched.metadata == {"b": "2"}


def test_update_organization_without_metadata_keeps_the_metadata(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Keep"), metadata={"keep": "me"})
    updated = client.organizations.update_organization(org.id, name=unique("Renamed"))
    assert updated.metadata == {"keep": "me"}


def test_update_organization_with_explicit_none_metadata_clears_it(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Clear"), metadata={"gone": "soon"})
    updated = client.organizations.update_organization(org.id, metadata=None)
    assert updated.metadata == {}
    assert client.organizations.get_organization(org.id).metadata == {}


def test_get_organization_by_external_id_finds_the_organization(client: WorkOSClient) -> None:
    external_id = f"crm-{unique('x').split()[1]}"
    org = client.organizations.create_organization(name=unique("External"), external_id=external_id)
    found = client.organizations.get_organization_by_external_id(external_id)
    assert found.id == org.id
    assert found.external_id == external_id


def test_update_organization_with_explicit_none_external_id_clears_it(client: WorkOSClient) -> None:
    external_id = f"clear-{unique('x').split()[1]}"
    org = client.organizations.create_organization(name=unique("ClearExt"), external_id=external_id)
    updated = client.organizations.update_organization(org.id, external_id=None)
    assert updated.external_id is None
    with pytest.raises(NotFoundError):
        client.organizations.get_organization_by_external_id(external_id)


def test_create_organization_with_a_used_external_id_is_rejected_with_external_id_already_used(
    client: WorkOSClient,
) -> None:
    external_id = f"dup-{unique('x').split()[1]}"
    client.organizations.create_organization(name=unique("First"), external_id=external_id)
    with pytest.raises(BadRequestError) as raised:
        client.organizations.create_organization(name=unique("Second"), external_id=external_id)
    assert raised.value.code == "external_id_already_used"


def test_create_organization_with_too_many_metadata_keys_is_rejected_with_invalid_metadata(
    client: WorkOSClient,
) -> None:
    with pytest.raises(BadRequestError) as raised:
        client.organizations.create_organization(
            name=unique("TooMuch"), metadata={f"k{i}": "v" for i in range(51)}
        )
    assert raised.value.code == "invalid_metadata"


def test_seeded_environment_has_the_demo_organization(client: WorkOSClient) -> None:
    org = client.organizations.get_organization_by_external_id("example-corp")
    assert org.name == "Example Corp"
    assert org.metadata == {"tier": "demo"}
    assert [(d.domain, d.state) for d in org.domains] == [("example.com", "verified")]


def test_delete_organization_removes_it(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=unique("Doomed"))
    assert client.organizations.delete_organization(org.id) is None
    with pytest.raises(NotFoundError):
        client.organizations.get_organization(org.id)
    listed = [o.id for o in client.organizations.list_organizations(limit=100).auto_paging_iter()]
    assert org.id not in listed


def test_delete_organization_answers_204_without_a_body(client: WorkOSClient, environment: Environment) -> None:
    org = client.organizations.create_organization(name=unique("NoBody"))
    response = environment.raw("DELETE", f"/organizations/{org.id}")
    assert response.status == 204, response
    assert response.body == b""
    assert response.header("Content-Type") is None


# --- listing -----------------------------------------------------------------------------------------


def _create_orgs(client: WorkOSClient, count: int, prefix: str) -> list[str]:
    ids = []
    for i in range(count):
        ids.append(client.organizations.create_organization(name=unique(f"{prefix}{i}")).id)
        time.sleep(0.005)  # distinct created_at milliseconds: newest-first is then well defined
    return ids


def test_list_organizations_auto_paging_iter_visits_every_org_once_newest_first(client: WorkOSClient) -> None:
    seeded = client.organizations.get_organization_by_external_id("example-corp")
    created = _create_orgs(client, 5, "Page")

    first_page = client.organizations.list_organizations(limit=2)
    assert len(first_page.data) == 2
    seen = [org.id for org in first_page.auto_paging_iter()]

    assert len(seen) == len(set(seen)), f"duplicates while paging: {seen}"
    assert seen == list(reversed(created)) + [seeded.id]


def test_list_organizations_pages_carry_before_and_after_cursors(client: WorkOSClient) -> None:
    created = _create_orgs(client, 4, "Cursor")  # 5 organizations with the seeded one
    newest_first = list(reversed(created))

    page = client.organizations.list_organizations(limit=2)
    assert [o.id for o in page.data] == newest_first[:2]
    assert page.list_metadata.before is None
    assert page.list_metadata.after == newest_first[1]

    page = client.organizations.list_organizations(limit=2, after=page.list_metadata.after)
    assert [o.id for o in page.data] == newest_first[2:4]
    assert page.list_metadata.after == newest_first[3]

    page = client.organizations.list_organizations(limit=2, after=page.list_metadata.after)
    assert len(page.data) == 1
    assert page.list_metadata.after is None

    back = client.organizations.list_organizations(limit=2, before=newest_first[2])
    assert [o.id for o in back.data] == newest_first[:2]


def test_list_organizations_in_ascending_order_is_oldest_first(client: WorkOSClient) -> None:
    created = _create_orgs(client, 3, "Asc")
    seen = [o.id for o in client.organizations.list_organizations(limit=2, order="asc").auto_paging_iter()]
    assert seen[-3:] == created
    assert len(seen) == 4


def test_list_organizations_defaults_to_ten_per_page(client: WorkOSClient) -> None:
    _create_orgs(client, 11, "Ten")
    page = client.organizations.list_organizations()
    assert len(page.data) == 10
    assert page.list_metadata.after == page.data[-1].id


def test_list_organizations_domains_filter_returns_only_matching_orgs(client: WorkOSClient) -> None:
    a_domain, b_domain = unique_domain("a"), unique_domain("b")
    a = client.organizations.create_organization(
        name=unique("A"), domain_data=[OrganizationDomainData(domain=a_domain, state="verified")]
    )
    b = client.organizations.create_organization(
        name=unique("B"), domain_data=[OrganizationDomainData(domain=b_domain, state="pending")]
    )
    client.organizations.create_organization(name=unique("C"))

    only_a = client.organizations.list_organizations(domains=[a_domain])
    assert [o.id for o in only_a.data] == [a.id]

    both = client.organizations.list_organizations(domains=[a_domain, b_domain])  # comma-joined
    assert sorted(o.id for o in both.data) == sorted([a.id, b.id])

    none = client.organizations.list_organizations(domains=[unique_domain("nobody")])
    assert none.data == []


def test_list_organizations_domains_filter_accepts_a_repeated_query_key(
    client: WorkOSClient, environment: Environment
) -> None:
    a_domain, b_domain = unique_domain("ra"), unique_domain("rb")
    a = client.organizations.create_organization(
        name=unique("RA"), domain_data=[OrganizationDomainData(domain=a_domain, state="verified")]
    )
    b = client.organizations.create_organization(
        name=unique("RB"), domain_data=[OrganizationDomainData(domain=b_domain, state="verified")]
    )
    # Python SDK 5.x sends arrays as repeated keys (catalog-A §1.4).
    response = environment.raw("GET", f"/organizations?domains={a_domain}&domains={b_domain}")
    assert response.status == 200, response
    assert sorted(o["id"] for o in response.json["data"]) == sorted([a.id, b.id])


def test_list_organizations_search_matches_on_the_name(client: WorkOSClient) -> None:
    token = unique("x").split()[1]
    wanted = client.organizations.create_organization(name=f"Zebra {token} Holdings")
    client.organizations.create_organization(name=unique("Giraffe"))

    found = client.organizations.list_organizations(search=f"Zebra {token}")
    assert [o.id for o in found.data] == [wanted.id]

    assert client.organizations.list_organizations(search=f"nothing-{token}").data == []


def test_list_organizations_is_a_list_envelope_with_both_cursors(environment: Environment) -> None:
    response = environment.raw("GET", "/organizations?limit=1&order=desc")
    assert response.status == 200, response
    body = response.json
    assert body["object"] == "list"
    assert isinstance(body["data"], list) and len(body["data"]) == 1
    assert set(body["list_metadata"]) == {"before", "after"}
