"""Users and identities through the official SDK (catalog-A §6.1, §6.2)."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from datetime import timezone

import pytest
from workos import BadRequestError, NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.common.models import UserCreated, UserDeleted, UserUpdated
from workos.user_management import PasswordHashed, PasswordPlaintext

from conftest import ISO_MILLIS, ULID, Environment

#: Every key of the User object; nullable ones must be present as null (catalog-A §1.11).
USER_KEYS = {
    "object", "id", "email", "first_name", "last_name", "name", "profile_picture_url", "email_verified",
    "external_id", "metadata", "locale", "last_sign_in_at", "created_at", "updated_at",
}


def unique_email(label: str = "user") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.org"


def test_create_user_returns_every_field_the_sdk_parses(client: WorkOSClient, environment: Environment) -> None:
    email = unique_email("Create").upper()
    user = client.user_management.create_user(email=email, first_name="Marcelina", last_name="Davis")

    assert re.fullmatch(f"user_{ULID}", user.id), user.id
    assert user.object == "user"
    assert user.email == email.lower()
    assert user.first_name == "Marcelina" and user.last_name == "Davis"
    assert user.name == "Marcelina Davis"
    assert user.email_verified is False
    assert user.external_id is None and user.profile_picture_url is None and user.last_sign_in_at is None
    assert user.metadata == {} and user.locale is None
    assert user.created_at.utcoffset() == timezone.utc.utcoffset(None)

    raw = environment.raw("GET", f"/user_management/users/{user.id}").json
    assert set(raw) == USER_KEYS
    assert ISO_MILLIS.match(raw["created_at"]) and ISO_MILLIS.match(raw["updated_at"])


def test_create_user_with_a_password_never_shows_the_password(client: WorkOSClient, environment: Environment) -> None:
    password = "correct-horse-battery-staple"
    user = client.user_management.create_user(
        email=unique_email("pw"), password=PasswordPlaintext(password=password), email_verified=True
    )
    assert user.email_verified is True
    for path in (f"/user_management/users/{user.id}", "/events?events=user.created", "/_emulator/emails"):
        assert password not in environment.raw("GET", path).body.decode(), path


def test_create_user_with_an_imported_ssha256_hash(client: WorkOSClient, environment: Environment) -> None:
    salt = b"pepper42"
    digest = hashlib.sha256(b"imported-password" + salt).digest()
    password_hash = "{SSHA256}" + base64.b64encode(digest + salt).decode()
    user = client.user_management.create_user(
        email=unique_email("imported"),
        password=PasswordHashed(
            password_hash=password_hash, password_hash_type="ssha256", password_salt_position="suffix"
        ),
    )
    assert password_hash not in environment.raw("GET", f"/user_management/users/{user.id}").body.decode()


def test_create_user_errors_are_workos_shaped(client: WorkOSClient) -> None:
    email = unique_email("dup")
    client.user_management.create_user(email=email)

    with pytest.raises(BadRequestError) as duplicate:
        client.user_management.create_user(email=email.upper())
    assert duplicate.value.code == "user_creation_error"
    assert duplicate.value.errors and duplicate.value.errors[0]["code"] == "email_not_available"

    with pytest.raises(BadRequestError) as weak:
        client.user_management.create_user(email=unique_email("weak"), password=PasswordPlaintext(password="short"))
    assert weak.value.code == "password_strength_error"
    assert weak.value.errors[0]["code"] == "password_too_short"

    with pytest.raises(BadRequestError) as bad_hash:
        client.user_management.create_user(
            email=unique_email("badhash"),
            password=PasswordHashed(password_hash="definitely-not-bcrypt", password_hash_type="bcrypt"),
        )
    assert bad_hash.value.code == "invalid_password_hash"

    with pytest.raises(BadRequestError) as metadata:
        client.user_management.create_user(email=unique_email("meta"), metadata={f"k{i}": "v" for i in range(51)})
    assert metadata.value.code == "invalid_metadata"


def test_external_id_is_unique_and_findable(client: WorkOSClient) -> None:
    external_id = f"ext-{uuid.uuid4().hex[:12]}"
    user = client.user_management.create_user(email=unique_email("ext"), external_id=external_id)
    assert client.user_management.get_user_by_external_id(external_id).id == user.id

    with pytest.raises(BadRequestError) as taken:
        client.user_management.create_user(email=unique_email("ext2"), external_id=external_id)
    assert taken.value.code == "external_id_already_used"


def test_get_user_returns_what_create_returned_and_unknown_ids_raise_not_found(client: WorkOSClient) -> None:
    created = client.user_management.create_user(email=unique_email("get"), metadata={"plan": "pro"})
    assert client.user_management.get_user(created.id).to_dict() == created.to_dict()
    with pytest.raises(NotFoundError):
        client.user_management.get_user("user_01HZZZZZZZZZZZZZZZZZZZZZZZ")


def test_update_user_changes_fields_and_explicit_none_clears(client: WorkOSClient) -> None:
    user = client.user_management.create_user(
        email=unique_email("upd"), external_id=f"u-{uuid.uuid4().hex[:8]}", metadata={"a": "b"}
    )
    updated = client.user_management.update_user(user.id, first_name="New", locale="fr-FR")
    assert updated.first_name == "New" and updated.locale == "fr-FR"
    assert updated.external_id == user.external_id

    cleared = client.user_management.update_user(user.id, metadata=None, external_id=None, locale=None)
    assert cleared.metadata == {} and cleared.external_id is None and cleared.locale is None
    assert cleared.first_name == "New"

    with_password = client.user_management.update_user(
        user.id, password=PasswordPlaintext(password="a-fresh-password")
    )
    assert with_password.updated_at >= cleared.updated_at


def test_update_user_email_rules(client: WorkOSClient) -> None:
    taken = unique_email("taken")
    client.user_management.create_user(email=taken)
    user = client.user_management.create_user(email=unique_email("mover"), email_verified=True)

    moved = client.user_management.update_user(user.id, email=unique_email("Moved").upper())
    assert moved.email == moved.email.lower() and moved.email_verified is False

    with pytest.raises(BadRequestError) as not_available:
        client.user_management.update_user(user.id, email=taken)
    assert not_available.value.code == "email_not_available"

    with pytest.raises(BadRequestError) as invalid:
        client.user_management.update_user(user.id, email="not-an-address")
    assert invalid.value.code == "invalid_email"


def test_user_events_carry_the_user(client: WorkOSClient) -> None:
    user = client.user_management.create_user(email=unique_email("events"))
    client.user_management.update_user(user.id, last_name="Evented")
    client.user_management.delete_user(user.id)

    created = client.events.list_events(events=["user.created"]).data
    assert any(isinstance(e, UserCreated) and e.data.id == user.id for e in created)
    updated = [e for e in client.events.list_events(events=["user.updated"]).data if e.data.id == user.id]
    assert len(updated) == 1 and isinstance(updated[0], UserUpdated)
    assert updated[0].data.last_name == "Evented"
    deleted = [e for e in client.events.list_events(events=["user.deleted"]).data if e.data.id == user.id]
    assert len(deleted) == 1 and isinstance(deleted[0], UserDeleted)


def test_delete_user_then_get_raises_not_found(client: WorkOSClient, environment: Environment) -> None:
    user = client.user_management.create_user(email=unique_email("del"))
    assert client.user_management.delete_user(user.id) is None
    with pytest.raises(NotFoundError):
        client.user_management.get_user(user.id)
    response = environment.raw("DELETE", f"/user_management/users/{user.id}")
    assert response.status == 404, response


def test_list_users_auto_paging_iter_walks_every_user_newest_first(client: WorkOSClient) -> None:
    created = [client.user_management.create_user(email=unique_email(f"page{i}")).id for i in range(7)]
    page = client.user_management.list_users(limit=3)
    assert len(page.data) == 3
    seen = [user.id for user in page.auto_paging_iter()]
    assert len(seen) == len(set(seen))
    assert seen[:7] == list(reversed(created))
    assert {"alice@example.com", "bob@example.com"} <= {
        u.email for u in client.user_management.list_users(limit=100).data
    }


def test_list_users_filters_by_email_case_insensitively(client: WorkOSClient) -> None:
    email = unique_email("filter")
    user = client.user_management.create_user(email=email)
    found = client.user_management.list_users(email=email.upper()).data
    assert [u.id for u in found] == [user.id]
    assert client.user_management.list_users(email=unique_email("nobody")).data == []


def test_list_users_filters_by_organization_membership(client: WorkOSClient) -> None:
    org = client.organizations.create_organization(name=f"Members {uuid.uuid4().hex[:8]}")
    member = client.user_management.create_user(email=unique_email("member"))
    client.user_management.create_user(email=unique_email("outsider"))
    client.organization_membership.create_organization_membership(user_id=member.id, organization_id=org.id)
    assert [u.id for u in client.user_management.list_users(organization_id=org.id).data] == [member.id]


def test_list_users_with_a_bad_limit_raises_unprocessable_entity(client: WorkOSClient) -> None:
    with pytest.raises(UnprocessableEntityError):
        client.user_management.list_users(limit=500)


def test_get_user_identities_is_an_empty_list_for_a_new_user(client: WorkOSClient) -> None:
    user = client.user_management.create_user(email=unique_email("ids"))
    assert client.user_management.get_user_identities(user.id) == []
    with pytest.raises(NotFoundError):
        client.user_management.get_user_identities("user_01HZZZZZZZZZZZZZZZZZZZZZZZ")


def test_seeded_users_are_there(client: WorkOSClient) -> None:
    alice = client.user_management.list_users(email="alice@example.com").data
    bob = client.user_management.list_users(email="bob@example.com").data
    assert len(alice) == 1 and alice[0].email_verified is True
    assert len(bob) == 1 and bob[0].email_verified is False
