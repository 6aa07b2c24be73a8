"""The command line and the process: ports, flags, env vars, signals, persistence (emulator.md)."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from workos import AuthenticationError, NotFoundError

from conftest import DEFAULT_API_KEY, STOP_TIMEOUT, Emulator, create_environment, http, unique


def _exit_code(emulator: Emulator) -> int:
    try:
        return emulator.process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        emulator.kill()
        raise AssertionError(f"the emulator kept running\n{emulator.output()}")


def test_port_zero_prints_the_real_port(start_emulator) -> None:
    emulator = start_emulator("--host", "127.0.0.1", "--port", "0", "--db", ":memory:")
    assert emulator.host == "127.0.0.1"
    assert 0 < emulator.port < 65536
    assert any(f"listening on http://127.0.0.1:{emulator.port}" in line for line in emulator.stdout_lines)
    assert http(emulator.base_url, "GET", "/health").json == {"status": "ok"}


def test_two_processes_on_port_zero_get_different_ports(start_emulator) -> None:
    one = start_emulator("--port", "0", "--db", ":memory:")
    two = start_emulator("--port", "0", "--db", ":memory:")
    assert one.port != two.port


def test_a_bad_flag_exits_non_zero_naming_the_flag(start_emulator) -> None:
    emulator = start_emulator("--port", "0", "--db", ":memory:", "--no-such-flag", wait=False)
    code = _exit_code(emulator)
    assert code != 0, emulator.output()
    assert "no-such-flag" in emulator.output(), emulator.output()
    assert not any("listening on" in line for line in emulator.stdout_lines)


def test_a_non_numeric_port_exits_non_zero(start_emulator) -> None:
    emulator = start_emulator("--port", "eighty", "--db", ":memory:", wait=False)
    assert _exit_code(emulator) != 0, emulator.output()
    assert emulator.stderr().strip(), "no message on stderr"


def test_an_unreadable_seed_file_exits_non_zero_naming_it(start_emulator, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-seed.json"
    emulator = start_emulator("--port", "0", "--db", ":memory:", "--seed", str(missing), wait=False)
    assert _exit_code(emulator) != 0, emulator.output()
    assert "no-such-seed.json" in emulator.output(), emulator.output()


def test_help_lists_every_flag(start_emulator) -> None:
    emulator = start_emulator("--help", wait=False)
    assert _exit_code(emulator) == 0, emulator.output()
    text = emulator.output()
    for flag in ("--host", "--port", "--db", "--seed", "--api-key", "--client-id", "--inspector-token"):
        assert flag in text, flag


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_exits_zero(start_emulator, sig: int) -> None:
    emulator = start_emulator("--port", "0", "--db", ":memory:")
    assert http(emulator.base_url, "GET", "/health").status == 200
    assert emulator.stop(sig) == 0, emulator.output()


def test_env_vars_configure_port_database_and_credentials(start_emulator, make_client) -> None:
    emulator = start_emulator(
        env={
            "WORKOS_EMULATOR_HOST": "127.0.0.1",
            "WORKOS_EMULATOR_PORT": "0",
            "WORKOS_EMULATOR_DB": ":memory:",
            "WORKOS_API_KEY": "sk_test_from_env",
            "WORKOS_CLIENT_ID": "client_from_env",
        }
    )
    assert emulator.port and emulator.port > 0
    client = make_client("sk_test_from_env", "client_from_env", base_url=emulator.base_url)
    assert client.organizations.get_organization_by_external_id("example-corp").name == "Example Corp"
    assert http(emulator.base_url, "GET", "/organizations", key=DEFAULT_API_KEY).status == 401


def test_flags_override_env_vars(start_emulator, make_client) -> None:
    emulator = start_emulator(
        "--port", "0", "--db", ":memory:", "--api-key", "sk_test_from_flag",
        env={"WORKOS_API_KEY": "sk_test_from_env", "WORKOS_EMULATOR_PORT": "1"},
    )
    client = make_client("sk_test_from_flag", base_url=emulator.base_url)
    assert client.organizations.list_organizations().data
    with pytest.raises(AuthenticationError):
        make_client("sk_test_from_env", base_url=emulator.base_url).organizations.list_organizations()


def test_data_survives_a_restart_on_the_same_database_file(start_emulator, make_client, tmp_path: Path) -> None:
    database = tmp_path / "persist.sqlite"
    first = start_emulator("--port", "0", "--db", str(database))
    client = make_client(DEFAULT_API_KEY, base_url=first.base_url)
    org = client.organizations.create_organization(
        name=unique("Durable"), metadata={"keep": "yes"}, external_id="durable-1"
    )
    doomed = client.organizations.create_organization(name=unique("Deleted"))
    client.organizations.delete_organization(doomed.id)
    env = create_environment(first.base_url, unique("persisted"))
    env_org = make_client(env.api_key, base_url=first.base_url).organizations.create_organization(name="In env")
    assert first.stop(signal.SIGTERM) == 0, first.output()

    second = start_emulator("--port", "0", "--db", str(database))
    again = make_client(DEFAULT_API_KEY, base_url=second.base_url)
    fetched = again.organizations.get_organization(org.id)
    assert fetched.to_dict() == org.to_dict()
    assert again.organizations.get_organization_by_external_id("durable-1").id == org.id
    with pytest.raises(NotFoundError):
        again.organizations.get_organization(doomed.id)
    events = again.events.list_events(events=["organization.created"], organization_id=org.id).data
    assert [e.data.id for e in events] == [org.id]
    # The seed is applied once, when the database is new: no second "Example Corp".
    assert len(again.organizations.list_organizations(search="Example Corp").data) == 1
    # Environments created through the control API persist with their keys.
    env_client = make_client(env.api_key, base_url=second.base_url)
    assert env_client.organizations.get_organization(env_org.id).name == "In env"
    assert second.stop(signal.SIGTERM) == 0, second.output()
