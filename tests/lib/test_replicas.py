"""The replica settings and router without a replica running (the running cluster: tests/scaleout)."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from lib import replicas

ROOT = Path(__file__).resolve().parents[2]


def settings_of(**env) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URLS")}
    full.update(env)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({a: [d['NAME'], d.get('TEST', {}).get('MIRROR'), "
        "d.get('OPTIONS', {}).get('application_name'), d.get('DISABLE_SERVER_SIDE_CURSORS', False)] "
        "for a, d in s.DATABASES.items()}), s.DATABASE_ROUTERS)"
    )
    return subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**full, "DJANGO_SETTINGS_MODULE": "danvan.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_replica_urls_become_mirrored_named_aliases_with_the_router():
    done = settings_of(
        DATABASE_URL="postgres://postgres@127.0.0.1:6432/danvan",
        DATABASE_REPLICA_URLS="postgres://postgres@10.0.0.2/danvan, postgres://postgres@10.0.0.3/danvan",
        DB_DISABLE_SERVER_SIDE_CURSORS="true",
    )
    assert done.returncode == 0, done.stderr
    assert '"replica1": ["danvan", "default", "danvan-replica1", true]' in done.stdout
    assert '"replica2": ["danvan", "default", "danvan-replica2", true]' in done.stdout
    assert "['lib.replicas.ReplicaRouter']" in done.stdout


def test_no_replica_no_router_and_a_replica_needs_postgresql():
    done = settings_of()
    assert done.returncode == 0, done.stderr
    assert "replica" not in done.stdout.split("}")[0] and done.stdout.strip().endswith("[]")
    refused = settings_of(DATABASE_REPLICA_URLS="postgres://postgres@10.0.0.2/danvan")
    assert refused.returncode != 0
    assert "DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL" in refused.stderr


def test_without_a_replica_every_read_goes_to_the_primary(rf: RequestFactory):
    from cases.models import Case

    router = replicas.ReplicaRouter()
    assert router.db_for_read(Case) == "default"  # outside a request
    seen = []
    middleware = replicas.ReplicaMiddleware(lambda request: seen.append(router.db_for_read(Case)) or _Response())
    response = middleware(rf.get("/y-kien/"))
    assert seen == ["default"]
    assert "X-DanVan-Read" not in response
    assert router.allow_migrate("default", "cases") and not router.allow_migrate("replica1", "cases")


class _Response(dict):
    def set_cookie(self, *args, **kwargs):
        raise AssertionError("no cookie without replicas")


def test_nothing_a_request_depends_on_lives_in_one_process_memory(settings):
    """Stateless app servers: sessions, the cache (rate limits, the token throttle) and sign-in lockouts are in the
    database every server shares."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert "axes.backends.AxesStandaloneBackend" in settings.AUTHENTICATION_BACKENDS
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler").endswith(
        "AxesDatabaseHandler"
    )


def test_uploads_can_go_to_an_object_store():
    done = settings_of(DANVAN_MEDIA_STORAGE="s3", S3_BUCKET="danvan-media", S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert done.returncode == 0, done.stderr
    code = "import django; django.setup(); from django.conf import settings as s; print(s.STORAGES['default'])"
    shown = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "DANVAN_MEDIA_STORAGE": "s3",
            "S3_BUCKET": "danvan-media",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "storages.backends.s3.S3Storage" in shown.stdout and "'default_acl': 'private'" in shown.stdout
    refused = settings_of(DANVAN_MEDIA_STORAGE="s3")
    assert refused.returncode != 0 and "S3_BUCKET" in refused.stderr
