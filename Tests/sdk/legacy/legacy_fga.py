"""The legacy Python SDK (workos 5.46.0), the last release with `client.fga`, against the emulator's /fga/v1 API.

The WorkOS FGA quick-start model (users, teams, documents with owner → editor → viewer inheritance and a parent
team whose members can view), written with `PUT /fga/v1/resource-types` as an app's deploy step would (PY5 has no
resource-type writer), then used the way an app on the old SDK does: resources, warrants, `check`, `check_batch`,
`query`, and the list calls, each answer parsed by the SDK's own pydantic models (catalog-B §6).

The module's emulator process and SDK client come from conftest.py.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from workos import WorkOSClient
from workos.exceptions import BadRequestException, NotFoundException
from workos.types.fga import WarrantCheckInput

from conftest import raw

QUICK_START = [
    {"type": "user", "relations": {}},
    {"type": "team", "relations": {"member": {}}},
    {
        "type": "document",
        "relations": {
            "owner": {},
            "parent": {},
            "editor": {"inherit_if": "owner"},
            "viewer": {
                "inherit_if": "any_of",
                "rules": [
                    {"inherit_if": "editor"},
                    {"inherit_if": "member", "of_type": "team", "with_relation": "parent"},
                ],
            },
        },
    },
]


@pytest.fixture(scope="module", autouse=True)
def schema(base_url: str) -> None:
    applied = raw(base_url, "PUT", "/fga/v1/resource-types", QUICK_START)
    assert [t["type"] for t in applied] == ["user", "team", "document"]


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _check(resource_id: str, relation: str, user: str, context: Any = None) -> WarrantCheckInput:
    check: WarrantCheckInput = {
        "resource_type": "document",
        "resource_id": resource_id,
        "relation": relation,
        "subject": {"resource_type": "user", "resource_id": user},
    }
    if context is not None:
        check["context"] = context
    return check


def test_resource_types_list_parses_the_quick_start_schema(client: WorkOSClient) -> None:
    types = client.fga.list_resource_types(order="asc", limit=10)
    assert types.object == "list"
    assert [t.type for t in types.data] == ["user", "team", "document"]
    document = types.data[2]
    assert document.relations["editor"] == {"inherit_if": "owner"}
    assert document.relations["viewer"]["rules"][1]["of_type"] == "team"
    assert document.created_at is not None


def test_resources_create_get_update_list_delete(client: WorkOSClient) -> None:
    doc_id = _unique("planning")
    created = client.fga.create_resource(resource_type="document", resource_id=doc_id, meta={"title": "Plan"})
    assert (created.resource_type, created.resource_id, created.meta) == ("document", doc_id, {"title": "Plan"})
    fetched = client.fga.get_resource(resource_type="document", resource_id=doc_id)
    assert fetched.meta == {"title": "Plan"}
    updated = client.fga.update_resource(resource_type="document", resource_id=doc_id, meta={"title": "Plan v2"})
    assert updated.meta == {"title": "Plan v2"}
    found = client.fga.list_resources(resource_type="document", search=doc_id)
    assert [r.resource_id for r in found.data] == [doc_id]
    assert found.list_metadata.after is None
    client.fga.delete_resource(resource_type="document", resource_id=doc_id)
    with pytest.raises(NotFoundException):
        client.fga.get_resource(resource_type="document", resource_id=doc_id)


def test_list_resources_auto_paginates_through_every_page(client: WorkOSClient) -> None:
    prefix = _unique("page")
    for index in range(13):
        client.fga.create_resource(resource_type="document", resource_id=f"{prefix}-{index:02d}")
    first = client.fga.list_resources(resource_type="document", search=prefix, limit=5, order="asc")
    assert len(first.data) == 5 and first.list_metadata.after is not None
    assert [r.resource_id for r in first] == [f"{prefix}-{index:02d}" for index in range(13)]


def test_warrants_check_and_check_batch_follow_the_inheritance(client: WorkOSClient) -> None:
    doc, team, alice, bob, carol = _unique("doc"), _unique("team"), _unique("alice"), _unique("bob"), _unique("carol")
    token = client.fga.write_warrant(
        op="create", resource_type="document", resource_id=doc, relation="owner",
        subject_type="user", subject_id=alice,
    )
    assert token.warrant_token
    batch = client.fga.batch_write_warrants(
        batch=[
            {"resource_type": "team", "resource_id": team, "relation": "member",
             "subject": {"resource_type": "user", "resource_id": bob}},
            {"op": "create", "resource_type": "document", "resource_id": doc, "relation": "parent",
             "subject": {"resource_type": "team", "resource_id": team}},
        ]
    )
    assert batch.warrant_token and batch.warrant_token != token.warrant_token

    owner = client.fga.check(checks=[_check(doc, "owner", alice)])
    assert owner.authorized() and owner.is_implicit is False
    viewer = client.fga.check(checks=[_check(doc, "viewer", bob)], debug=True, warrant_token="latest")
    assert viewer.authorized() and viewer.is_implicit is True
    assert viewer.debug_info is not None
    assert viewer.debug_info.decision_tree.check.relation == "viewer"
    assert viewer.debug_info.decision_tree.decision == "authorized"
    assert not client.fga.check(checks=[_check(doc, "editor", bob)]).authorized()
    assert client.fga.check(op="any_of", checks=[_check(doc, "editor", bob), _check(doc, "viewer", bob)]).authorized()
    assert not client.fga.check(
        op="all_of", checks=[_check(doc, "editor", bob), _check(doc, "viewer", bob)]
    ).authorized()

    results = client.fga.check_batch(
        checks=[_check(doc, "editor", alice), _check(doc, "viewer", bob), _check(doc, "viewer", carol)]
    )
    assert [r.result for r in results] == ["authorized", "authorized", "not_authorized"]

    listed = client.fga.list_warrants(resource_type="document", resource_id=doc, warrant_token=batch.warrant_token)
    assert sorted((w.relation, w.subject.resource_id, w.subject.relation) for w in listed.data) == [
        ("owner", alice, None),
        ("parent", team, None),
    ]
    client.fga.write_warrant(
        op="delete", resource_type="document", resource_id=doc, relation="owner",
        subject_type="user", subject_id=alice,
    )
    assert not client.fga.check(checks=[_check(doc, "editor", alice)]).authorized()


def test_usersets_and_policies(client: WorkOSClient) -> None:
    doc, team, dana, erin = _unique("doc"), _unique("team"), _unique("dana"), _unique("erin")
    client.fga.batch_write_warrants(
        batch=[
            {"resource_type": "team", "resource_id": team, "relation": "member",
             "subject": {"resource_type": "user", "resource_id": dana}},
            {"resource_type": "document", "resource_id": doc, "relation": "editor",
             "subject": {"resource_type": "team", "resource_id": team, "relation": "member"}},
            {"resource_type": "document", "resource_id": doc, "relation": "viewer",
             "subject": {"resource_type": "user", "resource_id": erin}, "policy": 'region == "us"'},
        ]
    )
    assert client.fga.check(checks=[_check(doc, "viewer", dana)]).authorized()
    assert client.fga.check(checks=[_check(doc, "viewer", erin, {"region": "us"})]).authorized()
    missing = client.fga.check(checks=[_check(doc, "viewer", erin)])
    assert not missing.authorized()
    assert missing.warnings and missing.warnings[0].code == "missing_context_keys"
    assert list(missing.warnings[0].keys) == ["region"]
    policy_warrants = client.fga.list_warrants(subject_type="user", subject_id=erin)
    assert policy_warrants.data[0].policy == 'region == "us"'


def test_query_selects_resources_and_subjects(client: WorkOSClient) -> None:
    doc, team, frank = _unique("doc"), _unique("team"), _unique("frank")
    client.fga.batch_write_warrants(
        batch=[
            {"resource_type": "team", "resource_id": team, "relation": "member",
             "subject": {"resource_type": "user", "resource_id": frank}},
            {"resource_type": "document", "resource_id": doc, "relation": "parent",
             "subject": {"resource_type": "team", "resource_id": team}},
        ]
    )
    resources = client.fga.query(q=f"select document where user:{frank} is *", order="asc", warrant_token="latest")
    assert resources.object == "list"
    assert [(r.resource_id, r.relation, r.is_implicit) for r in resources.data] == [(doc, "viewer", True)]
    assert resources.data[0].warrant.relation == "parent"
    assert resources.data[0].warrant.subject.resource_id == team
    subjects = client.fga.query(q=f"select viewer of type user for document:{doc}", context={"region": "us"})
    assert [(r.resource_type, r.resource_id) for r in subjects.data] == [("user", frank)]
    explicit = client.fga.query(q=f"select explicit member of type user for team:{team}")
    assert [(r.resource_id, r.is_implicit) for r in explicit.data] == [(frank, False)]


def test_errors_map_to_the_sdk_exceptions(client: WorkOSClient) -> None:
    with pytest.raises(NotFoundException) as missing:
        client.fga.get_resource(resource_type="document", resource_id=_unique("none"))
    assert missing.value.code == "not_found"
    with pytest.raises(BadRequestException):
        client.fga.query(q="select document for user:1 where user:2 is viewer")
    with pytest.raises(BadRequestException):
        client.fga.check(checks=[_check("d", "owner", "a"), _check("d", "owner", "b")])
    with pytest.raises(NotFoundException):
        client.fga.write_warrant(
            op="create", resource_type="ghost", resource_id="g", relation="owner",
            subject_type="user", subject_id="u",
        )
