"""The SSO flow through the legacy Python SDK (workos 5.46.0), which many apps still pin.

Python SDK 5.x builds the authorize URL with `connection` / `organization` / `provider`, posts `/sso/token` as JSON
with the API key as `client_secret`, fetches `/sso/profile` with the access token instead of the API key, and
validates `object` literals strictly (pydantic): `profile`, `connection`, `connection_domain`, `list`.

The module's emulator process and SDK client come from conftest.py.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Optional

import pytest
from workos import WorkOSClient
from workos.exceptions import AuthenticationException, BadRequestException, NotFoundException

from conftest import raw

REDIRECT_URI = "http://localhost:3000/callback"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # noqa: D401 - urllib hook
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _browser(method: str, url: str, form: Optional[dict[str, str]] = None) -> tuple[int, Optional[str]]:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with _OPENER.open(request, timeout=15) as response:
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location")


def _sign_in(authorization_url: str, email: str) -> dict[str, str]:
    """Follows authorize to the identity provider page and submits `email` there; answers the callback query."""
    status, page = _browser("GET", authorization_url)
    assert status == 302 and page and "/_emulator/sso/" in page, (status, page)
    status, location = _browser("POST", page, {"email": email})
    assert status == 302 and location and location.startswith(REDIRECT_URI + "?"), (status, location)
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(location).query).items()}


@pytest.fixture
def connection(client: WorkOSClient, base_url: str) -> dict[str, Any]:
    org = client.organizations.create_organization(name=f"Legacy SSO {uuid.uuid4().hex[:8]}")
    domain = f"legacy-{uuid.uuid4().hex[:8]}.example.org"
    return raw(
        base_url,
        "POST",
        "/_emulator/connections",
        {
            "organization_id": org.id,
            "connection_type": "OktaSAML",
            "name": "Legacy Okta",
            "domains": [domain],
            "profiles": [{"email": f"jane@{domain}", "first_name": "Jane", "last_name": "Doe", "groups": ["Eng"]}],
        },
    )


def test_sso_flow_by_connection_then_profile(client: WorkOSClient, connection: dict[str, Any]) -> None:
    domain = connection["domains"][0]["domain"]
    url = client.sso.get_authorization_url(
        redirect_uri=REDIRECT_URI, connection_id=connection["id"], state="legacy", login_hint=f"jane@{domain}"
    )
    back = _sign_in(url, f"jane@{domain}")
    assert back["state"] == "legacy"

    result = client.sso.get_profile_and_token(back["code"])
    assert result.access_token
    profile = result.profile
    assert profile.object == "profile"
    assert profile.id.startswith("prof_")
    assert profile.connection_id == connection["id"]
    assert profile.connection_type == "OktaSAML"
    assert profile.organization_id == connection["organization_id"]
    assert (profile.email, profile.first_name, profile.last_name) == (f"jane@{domain}", "Jane", "Doe")
    assert profile.groups == ["Eng"]
    assert profile.raw_attributes == {}

    again = client.sso.get_profile(result.access_token)
    assert again.id == profile.id
    with pytest.raises(AuthenticationException):
        client.sso.get_profile("not-a-token")
    with pytest.raises(BadRequestException):
        client.sso.get_profile_and_token(back["code"])  # single use


def test_sso_flow_by_organization_and_by_google_oauth(client: WorkOSClient, connection: dict[str, Any]) -> None:
    domain = connection["domains"][0]["domain"]
    by_org = client.sso.get_authorization_url(redirect_uri=REDIRECT_URI, organization_id=connection["organization_id"])
    profile = client.sso.get_profile_and_token(_sign_in(by_org, f"someone@{domain}")["code"]).profile
    assert profile.connection_id == connection["id"]
    assert profile.first_name == "Someone"

    google = client.sso.get_authorization_url(redirect_uri=REDIRECT_URI, provider="GoogleOAuth")
    result = client.sso.get_profile_and_token(_sign_in(google, "alice@example.com")["code"])
    assert result.profile.connection_type == "GoogleOAuth"
    assert result.profile.organization_id is None
    assert client.sso.get_profile(result.access_token).email == "alice@example.com"


def test_connections_get_list_delete(client: WorkOSClient, connection: dict[str, Any]) -> None:
    fetched = client.sso.get_connection(connection["id"])
    assert fetched.object == "connection"
    assert fetched.state == "active"
    assert [(d.object, d.domain) for d in fetched.domains] == [("connection_domain", connection["domains"][0]["domain"])]

    listed = client.sso.list_connections(organization_id=connection["organization_id"])
    assert listed.object == "list"
    assert [c.id for c in listed.data] == [connection["id"]]
    assert [c.id for c in client.sso.list_connections(connection_type="OktaSAML").data].count(connection["id"]) == 1

    client.sso.delete_connection(connection["id"])
    with pytest.raises(NotFoundException):
        client.sso.get_connection(connection["id"])
