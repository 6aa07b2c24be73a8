"""Admin Portal links and widget tokens through the official SDK (catalog-A §7, §8).

The SDK generates the link; the page it opens is driven the way a person's browser (or a script) does: GET the
link, POST the form to the same URL, follow nothing (the 302 to `success_url` is checked, not followed).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Optional

import jwt
import pytest
from jwt import PyJWKClient
from workos import BadRequestError, NotFoundError, UnprocessableEntityError, WorkOSClient
from workos.common.models.generate_link_intent import GenerateLinkIntent
from workos.organization_membership import RoleSingle
from workos.organizations.models import OrganizationDomainData

from conftest import ULID, Environment, RawResponse, unique, unique_domain

INTENTS = [
    "sso",
    "dsync",
    "audit_logs",
    "log_streams",
    "domain_verification",
    "certificate_renewal",
    "bring_your_own_key",
]
SUCCESS_URL = "http://localhost:3000/portal/done"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def browse(url: str, form: Optional[dict[str, str]] = None) -> RawResponse:
    """GET a page, or POST a form-encoded `form` to it, without following redirects and without an API key."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if form is not None else "GET")
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=15) as response:
            return RawResponse(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return RawResponse(error.code, error.headers, error.read())


def unique_email(label: str = "widget") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.org"


def decode(client: WorkOSClient, token: str) -> dict:
    """Verifies a token the way an app does: PyJWKClient on the SDK's JWKS URL, RS256, exp checked."""
    key = PyJWKClient(client.user_management.get_jwks_url()).get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"])


@pytest.fixture
def org_id(client: WorkOSClient) -> str:
    return client.organizations.create_organization(name=unique("Portal")).id


# --------------------------------------------------------------------------------------------------
# Admin Portal


@pytest.mark.parametrize("intent", INTENTS)
def test_generate_link_for_each_intent_opens_its_page(
    client: WorkOSClient, environment: Environment, org_id: str, intent: str
) -> None:
    link = client.admin_portal.generate_link(organization=org_id, intent=intent).link
    assert link.startswith(f"{environment.base_url}/portal/"), link
    page = browse(link)
    assert page.status == 200, page
    assert page.header("Content-Type") == "text/html; charset=utf-8"
    html = page.body.decode()
    assert "WorkOS emulator · Admin Portal" in html
    assert f'<form method="post" action="{urllib.parse.urlparse(link).path}">' in html


def test_generate_link_accepts_the_sdk_enum_and_no_intent(client: WorkOSClient, org_id: str) -> None:
    with_enum = client.admin_portal.generate_link(organization=org_id, intent=GenerateLinkIntent.DSYNC).link
    assert "Set up Directory Sync" in browse(with_enum).body.decode()
    menu = browse(client.admin_portal.generate_link(organization=org_id).link).body.decode()
    for intent in INTENTS:
        assert f"?intent={intent}" in menu


def test_generate_link_errors_map_to_sdk_exceptions(client: WorkOSClient, org_id: str) -> None:
    with pytest.raises(NotFoundError):
        client.admin_portal.generate_link(organization="org_01HZZZZZZZZZZZZZZZZZZZZZZZ", intent="sso")
    with pytest.raises(UnprocessableEntityError) as bad_intent:
        client.admin_portal.generate_link(organization=org_id, intent="sso_setup")
    assert bad_intent.value.errors and bad_intent.value.errors[0]["field"] == "intent"
    with pytest.raises(UnprocessableEntityError):
        client.admin_portal.generate_link(organization=org_id, success_url="javascript:alert(1)")
    with pytest.raises(UnprocessableEntityError):
        client.admin_portal.generate_link(organization=org_id, it_contact_emails=[f"it{i}@example.com" for i in range(21)])


def test_sso_intent_creates_an_active_connection(client: WorkOSClient, org_id: str) -> None:
    domain = unique_domain("sso")
    client.organizations.update_organization(
        org_id, domain_data=[OrganizationDomainData(domain=domain, state="verified")]
    )
    link = client.admin_portal.generate_link(
        organization=org_id, intent="sso", success_url=SUCCESS_URL, it_contact_emails=["it@example.com"]
    ).link
    page = browse(link).body.decode()
    assert "This organization has no SSO connection yet." in page
    assert '<option value="GenericSAML" selected>' in page
    assert "it@example.com" in page

    done = browse(link, {"connection_type": "OktaSAML", "name": "Okta SSO"})
    assert done.status == 302, done
    assert done.header("Location") == SUCCESS_URL
    assert browse(link).status == 410, "a used link shows an error page"

    activated = client.events.list_events(events=["connection.activated"], organization_id=org_id).data
    assert len(activated) == 1
    connection_id = activated[0].data.id
    listed = client.sso.list_connections(organization_id=org_id).data
    assert [(c.id, c.name, c.connection_type, c.state) for c in listed] == [
        (connection_id, "Okta SSO", "OktaSAML", "active")
    ]
    assert [d.domain for d in listed[0].domains] == [domain]


def test_dsync_intent_creates_a_directory_with_its_event(client: WorkOSClient, org_id: str) -> None:
    link = client.admin_portal.generate_link(organization=org_id, intent="dsync", success_url=SUCCESS_URL).link
    done = browse(link, {"type": "okta scim v2.0", "name": "Okta directory"})
    assert done.status == 302, done
    (event,) = client.events.list_events(events=["dsync.activated"], organization_id=org_id).data
    assert event.data.name == "Okta directory"
    assert event.data.type == "okta scim v2.0"
    assert event.data.state == "active"
    assert event.data.id.startswith("directory_")


def test_domain_verification_intent_adds_a_verified_domain(client: WorkOSClient, org_id: str) -> None:
    link = client.admin_portal.generate_link(organization=org_id, intent="domain_verification").link
    domain = unique_domain("verified")
    done = browse(link, {"domain": domain})
    assert done.status == 200, done
    assert f"Added and verified {domain}." in done.body.decode()
    org = client.organizations.get_organization(org_id)
    assert [(d.domain, d.state) for d in org.domains] == [(domain, "verified")]
    names = [e.event for e in client.events.list_events(
        events=["organization_domain.created", "organization_domain.verified"], organization_id=org_id
    ).data]
    assert sorted(names) == ["organization_domain.created", "organization_domain.verified"]


def test_audit_logs_intent_says_there_are_no_events(client: WorkOSClient, org_id: str) -> None:
    link = client.admin_portal.generate_link(
        organization=org_id, intent="audit_logs", return_url="http://localhost:3000/settings"
    ).link
    html = browse(link).body.decode()
    assert "no audit log events" in html
    assert 'href="http://localhost:3000/settings"' in html


def test_revoke_link_ends_the_admins_links(client: WorkOSClient, org_id: str) -> None:
    mine = client.admin_portal.generate_link(organization=org_id, intent="sso", external_user_id="admin-1").link
    theirs = client.admin_portal.generate_link(organization=org_id, intent="sso", external_user_id="admin-2").link
    assert browse(mine).status == 200
    assert client.admin_portal.revoke_link(organization=org_id, external_user_id="admin-1") is None
    assert browse(mine).status == 410
    assert browse(mine, {"connection_type": "OktaSAML"}).status == 410
    assert browse(theirs).status == 200
    with pytest.raises(NotFoundError):
        client.admin_portal.revoke_link(organization="org_01HZZZZZZZZZZZZZZZZZZZZZZZ", external_user_id="admin-1")


def test_unknown_link_is_not_found(environment: Environment) -> None:
    assert browse(f"{environment.base_url}/portal/{'x' * 32}").status == 404


# --------------------------------------------------------------------------------------------------
# Widgets


def grant_to_admins(environment: Environment, slug: str) -> None:
    created = environment.raw("POST", "/authorization/permissions", body={"slug": slug, "name": slug})
    assert created.status == 201, created
    granted = environment.raw("POST", "/authorization/roles/admin/permissions", body={"slug": slug})
    assert granted.status == 200, granted


def test_widgets_token_verifies_with_pyjwkclient_and_carries_the_members_scopes(
    client: WorkOSClient, environment: Environment, org_id: str
) -> None:
    grant_to_admins(environment, "widgets:users-table:manage")
    user = client.user_management.create_user(email=unique_email())
    client.organization_membership.create_organization_membership(
        user_id=user.id, organization_id=org_id, role=RoleSingle(role_slug="admin")
    )
    token = client.widgets.create_token(
        organization_id=org_id, user_id=user.id, scopes=["widgets:users-table:manage", "widgets:sso:manage"]
    ).token
    claims = decode(client, token)
    assert claims["sub"] == user.id
    assert claims["org_id"] == org_id
    assert claims["scopes"] == ["widgets:users-table:manage"]
    assert claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(token)["alg"] == "RS256"


def test_widgets_token_without_a_user_grants_the_scopes_asked(client: WorkOSClient, org_id: str) -> None:
    claims = decode(client, client.widgets.create_token(organization_id=org_id, scopes=["widgets:sso:manage"]).token)
    assert "sub" not in claims
    assert claims["scopes"] == ["widgets:sso:manage"]


def test_widgets_token_errors_map_to_sdk_exceptions(client: WorkOSClient, org_id: str) -> None:
    with pytest.raises(BadRequestError):
        client.widgets.create_token(organization_id=org_id, scopes=["widgets:everything:manage"])
    with pytest.raises(NotFoundError):
        client.widgets.create_token(organization_id="org_01HZZZZZZZZZZZZZZZZZZZZZZZ", scopes=["widgets:sso:manage"])
    outsider = client.user_management.create_user(email=unique_email("outsider"))
    with pytest.raises(NotFoundError) as not_member:
        client.widgets.create_token(organization_id=org_id, user_id=outsider.id)
    assert not_member.value.code == "organization_membership_not_found"
