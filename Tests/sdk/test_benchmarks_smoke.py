"""Smoke test of the benchmark suite (issue 6): `Benchmarks/run --quick` completes and writes its table.

It sends a few hundred requests per scenario to the binary under test (`$WORKOS_EMULATOR_BIN`, as the rest of the
suite), so the scripts cannot rot; the figures of a quick run mean nothing and are not checked. Skipped only when
wrk (or the sqlite3 CLI) is missing and cannot be installed.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

from conftest import REPO_ROOT, emulator_binary


def ensure_tool(command: str, package: str) -> bool:
    """True when `command` is on PATH, installing its Debian package first when we are root and it is not."""
    if shutil.which(command):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for arguments in (["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                      ["apt-get", "update", "-qq"],
                      ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package]):
        subprocess.run(arguments, env=env, capture_output=True, timeout=600)
        if shutil.which(command):
            return True
    return False


def test_quick_benchmark_run_completes_and_writes_the_table(tmp_path: pathlib.Path) -> None:
    if not ensure_tool("wrk", "wrk"):
        pytest.skip("wrk is not installed and cannot be installed here")
    if not ensure_tool("sqlite3", "sqlite3"):
        pytest.skip("the sqlite3 CLI is not installed and cannot be installed here")
    output = tmp_path / "latest.md"
    env = {k: v for k, v in os.environ.items() if k != "BENCH_EMULATOR_BIN"}
    result = subprocess.run(
        [str(REPO_ROOT / "Benchmarks" / "run"), "--quick", "--binary", emulator_binary(), "--output", str(output)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, f"Benchmarks/run --quick failed:\n{result.stdout}\n{result.stderr}"
    table = output.read_text()
    header = "| scenario | conns | req/s | p50 | p99 | vs nginx | server CPU/req | errors |"
    assert header in table and header in result.stdout, "the table goes to the terminal and to the file"
    for scenario in ("GET /health", "GET /organizations/:id", "POST /organizations", "GET /organizations?limit=10",
                     "serial SDK-like loop", "POST /_emulator/reset", "POST /user_management/authenticate"):
        assert scenario in table, f"{scenario} missing from the table:\n{table}"
    assert "cold start" in table and "RSS idle" in table and "idle CPU" in table
    # Every measured row sent requests and got only the statuses it expected.
    for line in table.splitlines():
        if line.startswith("| ") and (" | 16 | " in line or " | 1 | " in line):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            assert cells[2] != "—", f"no requests completed: {line}"
            assert cells[-1] == "0", f"errors in a quick run: {line}"
