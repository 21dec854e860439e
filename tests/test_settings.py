"""Production settings refuse to start misconfigured, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-secret-for-the-test-only-" + "z" * 20


def run(*args, **env):
    # A clean production environment: none of the test run's own settings leak in.
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    full_env.update({"DANVAN_ENV": "production", "ALLOWED_HOSTS": "danvan.example.vn", **env})
    return subprocess.run(  # noqa: S603 - fixed argv: this interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = run("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_with_debug_on():
    result = run("check", SECRET_KEY=GOOD_KEY, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_check_deploy_is_clean():
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        DANVAN_SOURCE_URL="https://git.example.vn/danvan",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_asks_for_the_source_url_the_licence_requires():
    result = run("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "danvan.W001" in result.stdout + result.stderr


def test_the_openapi_schema_is_served_and_lists_every_module(client, django_user_model):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/units/",
        "/api/v1/units/{code}/",
        "/api/v1/organizations/",
        "/api/v1/practices/",
        "/api/v1/practices/{id}/recognise/",
        "/api/v1/auth/token/",
    ):
        assert path in paths, path
    assert client.get("/api/docs/").status_code == 200
