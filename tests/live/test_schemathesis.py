"""Fuzz the API against its own OpenAPI document on a real server with demo data: no 5xx, every answer as documented."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests.live.conftest import VENV_BIN, request

CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


@pytest.mark.parametrize("role", ["piotr", "trainer", "org_admin"])
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(live, role):
    person = live.logins[role]
    status, body = request(live.base, "POST", "/api/v1/auth/token", {"email": person.email, "password": person.password})
    assert status == 200, body
    command = [str(VENV_BIN / "schemathesis"), "run", f"{live.base}/api/v1/openapi.json", "-H", f"Authorization: Bearer {body['token']}",
               "--checks", CHECKS, "--max-examples", os.environ.get("SCHEMATHESIS_EXAMPLES", "25"), "--seed", "1",
               "--generation-deterministic", "--no-shrink", "--warnings", "off", "--request-timeout", "30"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, env={**os.environ, "NO_COLOR": "1"}, cwd=live.folder)
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-3000:]
    assert "No issues found" in result.stdout, result.stdout[-3000:]
    selected, total = map(int, re.search(r"Selected: (\d+)/(\d+)", result.stdout).groups())
    tested = int(re.search(r"Tested: (\d+)", result.stdout).group(1))
    assert selected == total == tested >= 19, "every operation of the document was tested"
