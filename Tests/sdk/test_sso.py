"""Standalone SSO through the official Python SDK (workos 10.6.0), the way an application runs it.

Connections come from the control API (`POST /_emulator/connections`); the real API has no create. The
browser's part (following the authorize redirect, submitting the simulated identity provider's page) uses
urllib with the scripted-form protocol of emulator.md: POST form-encoded `email` to the exact URL the
authorize call redirected to, and read the `code` from the 302 back to the redirect URI.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Optional

import pytest
from workos import WorkOSClient
from workos._errors import AuthenticationError, BadRequestError, NotFoundError, SsoRequiredError

from conftest import REDIRECT_URI, Environment, browser, callback, unique, unique_domain






def identity_provider(authorization_url: str) -> str:
    """Follows the authorize redirect; answers the simulated identity provider page's URL."""
    status, location, body = browser("GET", authorization_url)
    assert status == 302, f"authorize answered {status}: {body[:500]}"
    assert location and "/_emulator/sso/" in location, location
    return location



def sign_in(authorization_url: str, email: str, **fields: str) -> dict[str, str]:
    """Signs in at the identity provider with the scripted protocol; answers the callback query."""
    status, location, body = browser("POST", identity_provider(authorization_url), {"email": email, **fields})
    assert status == 302, f"identity provider answered {status}: {body[:500]}"
    return callback(location)


def create_connection(environment: Environment, **body: Any) -> dict[str, Any]:
    response = environment.raw("POST", "/_emulator/connections", body=body)
    assert response.status == 201, response
    return response.json


def okta_connection(environment: Environment, organization_id: str, domain: str) -> dict[str, Any]:
    return create_connection(
        environment,
        organization_id=organization_id,
        connection_type="OktaSAML",
        name=unique("Okta"),
        domains=[domain],
        profiles=[
            {
                "email": f"jane@{domain}",
                "first_name": "Jane",
                "last_name": "Doe",
                "idp_id": "00u1okta",
                "groups": ["Engineering"],
                "role": "admin",
                "custom_attributes": {"department": "R&D"},
                "raw_attributes": {"uid": "00u1okta"},
            }
        ],
    )


def test_sign_in_with_connection_then_profile_and_token_then_profile(
    client: WorkOSClient, environment: Environment
) -> None:
    domain = unique_domain("okta")
    org = client.organizations.create_organization(name=unique("SSO Org"))
    connection = okta_connection(environment, org.id, domain)

    url = client.sso.get_authorization_url(connection=connection["id"], redirect_uri=REDIRECT_URI, state="s1")
    back = sign_in(url, f"jane@{domain}")
    assert back["state"] == "s1"

    result = client.sso.get_profile_and_token(code=back["code"])
    assert result.token_type == "Bearer"
    assert result.access_token
    assert result.expires_in == 600
    assert result.oauth_tokens is None
    profile = result.profile
    assert profile.object == "profile"
    assert profile.id.startswith("prof_")
    assert profile.organization_id == org.id
    assert profile.connection_id == connection["id"]
    assert profile.connection_type == "OktaSAML"
    assert profile.idp_id == "00u1okta"
    assert profile.email == f"jane@{domain}"
    assert (profile.first_name, profile.last_name, profile.name) == ("Jane", "Doe", "Jane Doe")
    assert profile.role is not None and profile.role.slug == "admin"
    assert profile.groups == ["Engineering"]
    assert profile.custom_attributes == {"department": "R&D"}
    assert profile.raw_attributes == {"uid": "00u1okta"}

    again = client.sso.get_profile(access_token=result.access_token)
    assert again.id == profile.id
    assert again.email == profile.email

    with pytest.raises(BadRequestError) as reused:
        client.sso.get_profile_and_token(code=back["code"])
    assert reused.value.error == "invalid_grant"
    with pytest.raises(AuthenticationError):
        client.sso.get_profile(access_token="not-a-token")


def test_logout_authorize_then_the_logout_redirect_signs_out(client: WorkOSClient, environment: Environment) -> None:
    domain = unique_domain("okta")
    org = client.organizations.create_organization(name=unique("SSO Logout Org"))
    connection = okta_connection(environment, org.id, domain)
    url = client.sso.get_authorization_url(connection=connection["id"], redirect_uri=REDIRECT_URI)
    profile = client.sso.get_profile_and_token(code=sign_in(url, f"jane@{domain}")["code"]).profile

    logout = client.sso.authorize_logout(profile_id=profile.id)
    assert logout.logout_token.count(".") == 2  # a JWT, like WorkOS's
    assert logout.logout_url.endswith("/sso/logout?token=" + logout.logout_token)
    # The SDK builds the same URL from the token.
    assert client.sso.get_logout_url(token=logout.logout_token) == logout.logout_url
    status, location, _ = browser("GET", logout.logout_url)
    assert (status, location) == (302, "/_emulator/signed_out")

    status, location, body = browser("GET", client.sso.get_logout_url(token=logout.logout_token + "x"))
    assert status == 400 and location is None and "logout" in body.lower()
    with pytest.raises(NotFoundError):
        client.sso.authorize_logout(profile_id="prof_01UNKNOWN")


def test_sign_in_with_organization_creates_an_unknown_user_of_its_domain_just_in_time(
    client: WorkOSClient, environment: Environment
) -> None:
    domain = unique_domain("org")
    org = client.organizations.create_organization(name=unique("SSO by org"))
    connection = okta_connection(environment, org.id, domain)

    url = client.sso.get_authorization_url(organization=org.id, redirect_uri=REDIRECT_URI, state="by-org")
    back = sign_in(url, f"new.person@{domain}")
    assert back["state"] == "by-org"
    profile = client.sso.get_profile_and_token(code=back["code"]).profile
    assert profile.connection_id == connection["id"]
    assert profile.organization_id == org.id
    assert (profile.first_name, profile.last_name) == ("New", "Person")
    assert profile.raw_attributes == {}
    assert profile.role is None

    # An address outside the connection's domains gets the page again with 400, and no code.
    page = identity_provider(client.sso.get_authorization_url(organization=org.id, redirect_uri=REDIRECT_URI))
    status, location, body = browser("POST", page, {"email": "stranger@elsewhere.example.org"})
    assert (status, location) == (400, None)
    assert domain in body


def test_sign_in_with_google_oauth_returns_oauth_tokens(client: WorkOSClient) -> None:
    url = client.sso.get_authorization_url(
        provider="GoogleOAuth",
        redirect_uri=REDIRECT_URI,
        state="g",
        provider_scopes=["https://www.googleapis.com/auth/calendar.readonly"],
        provider_query_params={"hd": "example.com"},
        login_hint="alice@example.com",
        nonce="n-123",
        prompt="login",
    )
    page = identity_provider(url)
    status, _, body = browser("GET", page)
    assert status == 200
    assert "Sign in with Google" in body and "alice@example.com" in body
    assert "calendar.readonly" in body and "hd=example.com" in body

    status, location, _ = browser("POST", page, {"email": "alice@example.com"})
    back = callback(location)
    result = client.sso.get_profile_and_token(code=back["code"])
    assert result.profile.connection_type == "GoogleOAuth"
    assert result.profile.organization_id is None
    assert result.profile.idp_id == "google-oauth2|alice"  # the seeded Google OAuth connection's profile
    assert result.oauth_tokens is not None
    assert result.oauth_tokens.provider == "GoogleOAuth"
    assert result.oauth_tokens.access_token and result.oauth_tokens.refresh_token
    assert result.oauth_tokens.scopes == ["https://www.googleapis.com/auth/calendar.readonly"]
    assert client.sso.get_profile(access_token=result.access_token).id == result.profile.id


def test_pkce_flow_with_the_sdk_helpers(client: WorkOSClient, environment: Environment) -> None:
    domain = unique_domain("pkce")
    org = client.organizations.create_organization(name=unique("PKCE"))
    connection = okta_connection(environment, org.id, domain)
    pkce = client.sso.get_authorization_url_with_pkce(
        connection=connection["id"], redirect_uri=REDIRECT_URI, provider_scopes=["openid", "email"]
    )
    back = sign_in(pkce["url"], f"jane@{domain}")
    assert back["state"] == pkce["state"]
    result = client.sso.get_profile_and_token_pkce(code=back["code"], code_verifier=pkce["code_verifier"])
    assert result.profile.email == f"jane@{domain}"

    wrong = client.sso.get_authorization_url_with_pkce(connection=connection["id"], redirect_uri=REDIRECT_URI)
    code = sign_in(wrong["url"], f"jane@{domain}")["code"]
    with pytest.raises(BadRequestError) as mismatch:
        client.sso.get_profile_and_token_pkce(code=code, code_verifier=pkce["code_verifier"])
    assert mismatch.value.error == "invalid_grant"


def test_identity_provider_failures_come_back_as_error_redirects(
    client: WorkOSClient, environment: Environment
) -> None:
    domain = unique_domain("fail")
    org = client.organizations.create_organization(name=unique("Failures"))
    connection = okta_connection(environment, org.id, domain)
    for action, error in [("deny", "access_denied"), ("error", "server_error")]:
        page = identity_provider(
            client.sso.get_authorization_url(connection=connection["id"], redirect_uri=REDIRECT_URI, state=action)
        )
        status, location, _ = browser("POST", page, {"action": action})
        assert status == 302
        back = callback(location)
        assert back["error"] == error and back["state"] == action and "code" not in back

    # Documented authorize errors, state echoed.
    for kwargs, error in [
        ({"connection": "conn_01UNKNOWN"}, "connection_invalid"),
        ({"organization": client.organizations.create_organization(name=unique("No SSO")).id}, "organization_invalid"),
        ({"domain": domain}, "domain_connection_selector_not_allowed"),
    ]:
        url = client.sso.get_authorization_url(redirect_uri=REDIRECT_URI, state="e", **kwargs)
        status, location, _ = browser("GET", url)
        assert status == 302
        back = callback(location)
        assert (back["error"], back["state"]) == (error, "e")


def test_connections_list_get_delete(client: WorkOSClient, environment: Environment) -> None:
    org = client.organizations.create_organization(name=unique("Listed"))
    domain = unique_domain("list")
    okta = okta_connection(environment, org.id, domain)
    entra = create_connection(
        environment, organization_id=org.id, connection_type="EntraIdOIDC", name=unique("Entra"), domains=[]
    )
    github = create_connection(environment, connection_type="GitHubOAuth")

    everything = list(client.sso.list_connections(limit=1).auto_paging_iter())
    assert [c.id for c in everything[:3]] == [github["id"], entra["id"], okta["id"]]
    assert len(everything) == 4  # and the seeded Google OAuth connection
    by_org = client.sso.list_connections(organization_id=org.id).data
    assert [c.id for c in by_org] == [entra["id"], okta["id"]]
    assert [c.id for c in client.sso.list_connections(connection_type="GithubOAuth").data] == [github["id"]]
    assert [c.id for c in client.sso.list_connections(domain=domain).data] == [okta["id"]]
    assert [c.id for c in client.sso.list_connections(search=entra["name"]).data] == [entra["id"]]

    fetched = client.sso.get_connection(okta["id"])
    assert fetched.id == okta["id"]
    assert fetched.object == "connection"
    assert fetched.connection_type == "OktaSAML"
    assert fetched.state == "active"
    assert fetched.status == "linked"
    assert fetched.organization_id == org.id
    assert [d.domain for d in fetched.domains] == [domain]
    assert fetched.domains[0].object == "connection_domain"

    client.sso.delete_connection(okta["id"])
    with pytest.raises(NotFoundError):
        client.sso.get_connection(okta["id"])

    events = client.events.list_events(events=["connection.activated", "connection.deleted"], limit=100).data
    kinds = {(e.event, e.data.id) for e in events}
    assert ("connection.activated", okta["id"]) in kinds
    assert ("connection.deleted", okta["id"]) in kinds


def test_authkit_with_a_connection_signs_in_through_sso(client: WorkOSClient, environment: Environment) -> None:
    domain = unique_domain("authkit")
    org = client.organizations.create_organization(name=unique("AuthKit SSO"))
    connection = okta_connection(environment, org.id, domain)

    url = client.user_management.get_authorization_url(
        connection_id=connection["id"], redirect_uri=REDIRECT_URI, state="ak"
    )
    back = sign_in(url, f"jane@{domain}")
    assert back["state"] == "ak"
    auth = client.user_management.authenticate_with_code(code=back["code"])
    assert auth.user.email == f"jane@{domain}"
    assert auth.user.email_verified is True
    assert auth.organization_id == org.id
    assert auth.authentication_method == "SSO"
    memberships = client.organization_membership.list_organization_memberships(user_id=auth.user.id).data
    assert [m.organization_id for m in memberships] == [org.id]

    # organization_id of an organization with a connection goes to its identity provider too.
    by_org = client.user_management.get_authorization_url(organization_id=org.id, redirect_uri=REDIRECT_URI)
    again = client.user_management.authenticate_with_code(code=sign_in(by_org, f"jane@{domain}")["code"])
    assert again.user.id == auth.user.id

    succeeded = client.events.list_events(events=["authentication.sso_succeeded"], limit=10).data
    assert succeeded and succeeded[0].data.sso.connection_id == connection["id"]


def test_password_sign_in_to_a_domain_with_sso_is_sso_required(
    client: WorkOSClient, environment: Environment
) -> None:
    domain = unique_domain("required")
    org = client.organizations.create_organization(name=unique("Required"))
    connection = okta_connection(environment, org.id, domain)
    client.user_management.create_user(email=f"dev@{domain}", password="correct-horse-battery")
    with pytest.raises(SsoRequiredError) as raised:
        client.user_management.authenticate_with_password(email=f"dev@{domain}", password="correct-horse-battery")
    assert raised.value.email == f"dev@{domain}"
    assert raised.value.connection_ids == [connection["id"]]
