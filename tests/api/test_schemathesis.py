"""Schemathesis against a live server: generated requests to every API operation, for a
committee user and a department user, must never get a 500 and every response must
conform to the OpenAPI document (status, content type and schema)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import move, raise_item
from rectify.services.accounts.tokens import issue_token

CHECKS = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_schema_conformance"])


@pytest.mark.parametrize("username", ["committee", "dept-a"])
def test_schemathesis_finds_no_server_errors_or_schema_violations(world, live_server, username,
                                                                    tmp_path):
    move(world, raise_item(world, co=("b",)), ("dept-a", "sign_for"))
    raise_item(world, lead="c", problem="丙局的问题")
    _token, plain = issue_token(world.users[username], "schemathesis")
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [str(schemathesis), "run", f"{live_server}/api/v1/openapi.json",
         "--header", f"Authorization: Bearer {plain}", "--checks", CHECKS,
         "--max-examples", "15", "--workers", "1", "--seed", "1",
         "--phases", "examples,coverage,fuzzing", "--max-time", "30"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
