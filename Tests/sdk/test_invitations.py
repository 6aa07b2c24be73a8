"""Invitations through the official SDK (catalog-A §6.11), tokens read from the emulator's outbox."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from workos import BadRequestError, NotFoundError, WorkOSClient

from conftest import ULID, Environment, unique


def _email(label: str = "guest") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@acme.test"


def _org(client: WorkOSClient) -> str:
    return client.organizations.create_organization(name=unique("Acme")).id


def _outbox_token(environment: Environment, to: str) -> str:
    response = environment.raw("GET", f"/_emulator/emails?to={to}")
    assert response.status == 200, response
    emails = [e for e in response.json["data"] if e["type"] == "invitation"]
    assert emails, f"no invitation e-mail to {to}: {response.json}"
    return emails[0]["token"]


def test_send_invitation_returns_a_pending_invitation_the_sdk_parses(client: WorkOSClient) -> None:
    org_id = _org(client)
    email = _email()
    invitation = client.user_management.send_invitation(email=email, organization_id=org_id, role_slug="admin")
    assert re.fullmatch(f"invitation_{ULID}", invitation.id), invitation.id
    assert invitation.state == "pending"
    assert invitation.email == email
    assert invitation.organization_id == org_id
    assert invitation.role_slug == "admin"
    assert invitation.accepted_at is None and invitation.revoked_at is None
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert invitation.accept_invitation_url == f"http://localhost:3000/invite?invitation_token={invitation.token}"


def test_the_outbox_token_finds_the_invitation_and_accepting_it_makes_a_member(
    client: WorkOSClient, environment: Environment
) -> None:
    org_id = _org(client)
    email = _email("joiner")
    sent = client.user_management.send_invitation(email=email, organization_id=org_id, expires_in_days=3)
    assert sent.expires_at - sent.created_at == timedelta(days=3)

    token = _outbox_token(environment, email)
    found = client.user_management.find_invitation_by_token(token)
    assert found.id == sent.id

    accepted = client.user_management.accept_invitation(found.id)
    assert accepted.state == "accepted"
    assert accepted.accepted_at is not None
    user = client.user_management.get_user(accepted.accepted_user_id)
    assert user.email == email
    memberships = client.organization_membership.list_organization_memberships(user_id=user.id)
    assert [(m.organization_id, m.status, m.role.slug) for m in memberships.data] == [(org_id, "active", "member")]

    names = [
        e.event
        for e in client.events.list_events(
            events=["invitation.created", "invitation.accepted", "user.created", "organization_membership.created"],
            limit=100,
            order="asc",
        ).data
        if getattr(e.data, "email", None) == email or getattr(e.data, "user_id", None) == user.id
    ]
    assert names == ["invitation.created", "user.created", "organization_membership.created", "invitation.accepted"]

    with pytest.raises(BadRequestError) as raised:
        client.user_management.accept_invitation(found.id)
    assert raised.value.code == "invite_not_pending"


def test_revoke_and_resend(client: WorkOSClient, environment: Environment) -> None:
    email = _email("resend")
    invitation = client.user_management.send_invitation(email=email)
    resent = client.user_management.resend_invitation(invitation.id, locale="fr")
    assert resent.state == "pending"
    assert resent.expires_at >= invitation.expires_at
    emails = environment.raw("GET", f"/_emulator/emails?to={email}").json["data"]
    assert len(emails) == 2

    revoked = client.user_management.revoke_invitation(invitation.id)
    assert revoked.state == "revoked"
    assert revoked.revoked_at is not None
    with pytest.raises(BadRequestError) as raised:
        client.user_management.resend_invitation(invitation.id)
    assert raised.value.code == "invite_revoked"
    with pytest.raises(BadRequestError) as again:
        client.user_management.revoke_invitation(invitation.id)
    assert again.value.code == "invite_not_pending"


def test_send_invitation_errors_map_to_the_sdk_exceptions(client: WorkOSClient) -> None:
    org_id = _org(client)
    email = _email("twice")
    client.user_management.send_invitation(email=email, organization_id=org_id)
    with pytest.raises(BadRequestError) as twice:
        client.user_management.send_invitation(email=email, organization_id=org_id)
    assert twice.value.code == "email_already_invited_to_organization"
    with pytest.raises(BadRequestError) as too_long:
        client.user_management.send_invitation(email=_email(), expires_in_days=31)
    assert too_long.value.code == "expires_in_days_too_long"
    with pytest.raises(BadRequestError) as role:
        client.user_management.send_invitation(email=_email(), organization_id=org_id, role_slug="owner")
    assert role.value.code == "invalid_role"
    with pytest.raises(BadRequestError) as member:
        client.user_management.send_invitation(email="alice@example.com")
    assert member.value.code == "user_already_exists"
    with pytest.raises(NotFoundError):
        client.user_management.send_invitation(email=_email(), organization_id="org_missing")
    with pytest.raises(NotFoundError):
        client.user_management.get_invitation("invitation_missing")


def test_list_invitations_filters_and_walks_every_page(client: WorkOSClient) -> None:
    org_id = _org(client)
    sent = [client.user_management.send_invitation(email=_email(f"l{i}"), organization_id=org_id).id for i in range(3)]
    page = client.user_management.list_invitations(organization_id=org_id, limit=2)
    assert [i.id for i in page.auto_paging_iter()] == list(reversed(sent))
    one = client.user_management.get_invitation(sent[0])
    by_email = client.user_management.list_invitations(email=one.email)
    assert [i.id for i in by_email.data] == [sent[0]]


def test_seeded_invitation_is_pending_for_the_seeded_organization(client: WorkOSClient) -> None:
    org_id = client.organizations.get_organization_by_external_id("example-corp").id
    invitations = client.user_management.list_invitations(organization_id=org_id).data
    assert [(i.email, i.state, i.role_slug) for i in invitations] == [("invited@example.com", "pending", "member")]


def test_invitation_events_parse_and_carry_no_token(client: WorkOSClient, environment: Environment) -> None:
    invitation = client.user_management.send_invitation(email=_email("events"))
    client.user_management.revoke_invitation(invitation.id)
    events = client.events.list_events(events=["invitation.created", "invitation.revoked"], limit=100, order="asc").data
    mine = [e for e in events if e.data.id == invitation.id]
    assert [e.event for e in mine] == ["invitation.created", "invitation.revoked"]
    raw = environment.raw("GET", "/events?events=invitation.created,invitation.revoked&limit=100").body.decode()
    assert invitation.token not in raw
