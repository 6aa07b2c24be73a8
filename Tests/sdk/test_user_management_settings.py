"""User Management settings through the official Python SDK (workos 10.6.0): redirect URIs, CORS origins, the JWT
template, and the Radar challenge calls the emulator does not model.

Each setting is checked where it takes effect: a redirect URI added with the SDK is accepted by the authorize
endpoint, a CORS origin gets `Access-Control-Allow-Origin` on the token endpoint, and a JWT template's claims are in
the next access token, verified against the served key set.
"""

from __future__ import annotations

import jwt
import pytest
from workos import WorkOSClient
from workos._errors import ConflictError, NotFoundError, ServerError, UnprocessableEntityError

from conftest import Environment, browser, http


def authorize_status(environment: Environment, client: WorkOSClient, redirect_uri: str) -> int:
    """The status of the SDK's authorization URL for `redirect_uri` (302 accepted, 400 refused)."""
    url = client.user_management.get_authorization_url(provider="authkit", redirect_uri=redirect_uri, state="s")
    return browser("GET", url)[0]


def test_redirect_uris_list_create_delete_and_authorize_honours_them(
    environment: Environment, client: WorkOSClient
) -> None:
    seeded = client.user_management.list_redirect_uris(order="asc")
    assert [item.uri for item in seeded.data] == ["http://localhost:3000/callback", "http://127.0.0.1:3000/callback"]
    assert [item.default for item in seeded.data] == [True, False]
    assert all(item.id.startswith("redir_") and item.object == "redirect_uri" for item in seeded.data)

    uri = "https://app.example.com/callback"
    assert authorize_status(environment, client, uri) == 400
    created = client.user_management.create_redirect_uri(uri=uri)
    assert created.uri == uri and created.default is False
    assert created.created_at.endswith("Z")
    assert authorize_status(environment, client, uri) == 302
    assert uri in [item.uri for item in client.user_management.list_redirect_uris().auto_paging_iter()]

    with pytest.raises(UnprocessableEntityError):
        client.user_management.create_redirect_uri(uri=uri)
    with pytest.raises(UnprocessableEntityError):
        client.user_management.create_redirect_uri(uri="https://app.example.com/callback#fragment")

    client.user_management.delete_redirect_uris(created.id)
    assert authorize_status(environment, client, uri) == 400
    with pytest.raises(NotFoundError):
        client.user_management.delete_redirect_uris(created.id)
    with pytest.raises(ConflictError):
        client.user_management.delete_redirect_uris(seeded.data[0].id)


def test_cors_origins_create_list_and_the_token_endpoint_answers_them(
    environment: Environment, client: WorkOSClient
) -> None:
    assert client.user_management.list_cors_origins().data == []
    created = client.user_management.create_cors_origin(origin="https://SPA.example.com")
    assert created.object == "cors_origin" and created.id.startswith("cors_origin_")
    assert created.origin == "https://spa.example.com"
    assert [item.id for item in client.user_management.list_cors_origins().data] == [created.id]
    with pytest.raises(ConflictError):
        client.user_management.create_cors_origin(origin="https://spa.example.com")
    with pytest.raises(UnprocessableEntityError):
        client.user_management.create_cors_origin(origin="https://spa.example.com/app")

    preflight = http(
        environment.base_url,
        "OPTIONS",
        "/user_management/authenticate",
        headers={"Origin": "https://spa.example.com", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 204
    assert preflight.header("Access-Control-Allow-Origin") == "https://spa.example.com"
    body = {
        "grant_type": "password",
        "client_id": environment.client_id,
        "client_secret": environment.api_key,
        "email": "alice@example.com",
        "password": "alice-password",
    }
    allowed = http(
        environment.base_url, "POST", "/user_management/authenticate", body=body,
        headers={"Origin": "https://spa.example.com"},
    )
    assert allowed.status == 200
    assert allowed.header("Access-Control-Allow-Origin") == "https://spa.example.com"
    other = http(
        environment.base_url, "POST", "/user_management/authenticate", body=body,
        headers={"Origin": "https://other.example.com"},
    )
    assert other.status == 200
    assert other.header("Access-Control-Allow-Origin") is None


def test_jwt_template_claims_are_in_the_next_access_token(environment: Environment, client: WorkOSClient) -> None:
    with pytest.raises(NotFoundError):
        client.user_management.list_jwt_template()
    content = (
        '{"urn:app:email": {{ user.email }}, "urn:app:name": "{{ user.first_name }} {{ user.last_name }}", '
        '"urn:app:tier": "{{ organization.metadata.tier || \'bronze\' }}", '
        '"urn:app:nickname": {{ user.metadata.nickname || \'none\' }}}'
    )
    saved = client.user_management.update_jwt_template(content=content)
    assert saved.object == "jwt_template" and saved.content == content
    assert client.user_management.list_jwt_template().content == content

    auth = client.user_management.authenticate_with_password(email="alice@example.com", password="alice-password")
    keys = jwt.PyJWKClient(f"{environment.base_url}/sso/jwks/{environment.client_id}")
    claims = jwt.decode(
        auth.access_token,
        keys.get_signing_key_from_jwt(auth.access_token).key,
        algorithms=["RS256"],
        options={"verify_aud": False},
    )
    assert claims["urn:app:email"] == "alice@example.com"
    assert claims["urn:app:name"] == "Alice Example"
    assert claims["urn:app:tier"] == "demo"
    assert claims["urn:app:nickname"] == "none"
    assert claims["sub"] == auth.user.id and claims["org_id"] == auth.organization_id

    for bad in ['{"sub": "forged"}', "[1, 2]", '{"a": {{ secrets.token }}}']:
        with pytest.raises(UnprocessableEntityError):
            client.user_management.update_jwt_template(content=bad)
    assert client.user_management.list_jwt_template().content == content


def test_radar_challenges_answer_501_not_emulated(environment: Environment, client: WorkOSClient) -> None:
    with pytest.raises(ServerError) as created:
        client.user_management.create_radar_challenge(
            user_id="user_x", pending_authentication_token="token", phone_number="+15555550123"
        )
    assert created.value.status_code == 501
    assert "Radar" in str(created.value)
    with pytest.raises(ServerError) as fetched:
        client.user_management.get_radar_challenge("radar_challenge_x")
    assert fetched.value.status_code == 501
