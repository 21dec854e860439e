"""The lookup limit's counter in a shared Redis server (``REDIS_URL``): counted exactly under simultaneous lookups,
no database write per lookup, the same limit and Retry-After as the database counter, and the database counter again
when Redis cannot be reached. A real redis-server is started on loopback for these tests."""

import datetime as dt
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import TransactionTestCase, override_settings

from cases.models import LookupCount, Topic
from tests.cases.helpers import submit
from tests.cases.test_track import NOW, TRACK, rate, simultaneous_lookups
from tests.factories import Personas

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def counters(url: str):
    """Settings with the ``counters`` cache on ``url``, as ``REDIS_URL`` gives them."""
    cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "danvan",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    return override_settings(CACHES={**settings.CACHES, "counters": cache})


@unittest.skipUnless(REDIS_SERVER, "redis-server is not installed (Debian package redis-server)")
class RedisCounterTest(TransactionTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.TemporaryDirectory()
        cls.port = free_port()
        cls.server = subprocess.Popen(  # noqa: S603 - the installed redis-server, fixed arguments
            [
                REDIS_SERVER,
                "--bind",
                "127.0.0.1",
                "--port",
                str(cls.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                cls.dir.name,
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        cls.url = f"redis://127.0.0.1:{cls.port}/0"

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(10)
        cls.dir.cleanup()
        super().tearDownClass()

    def setUp(self):
        Topic.objects.get_or_create(code="dat-dai", defaults={"name": "Đất đai, bồi thường"})
        self.case, _ = submit(Personas.create())
        with counters(self.url):
            caches["counters"].clear()

    def test_twenty_simultaneous_lookups_with_a_limit_of_five_accept_five_and_write_no_row(self):
        with counters(self.url), rate("5/hour"):
            statuses, errors = simultaneous_lookups(self.client_class, self.case.code)
            keys = caches["counters"]._cache.get_client().keys("danvan:*lookup:*")
        self.assertEqual(errors, [])
        self.assertEqual(sorted(statuses), [200] * 5 + [429] * 15)
        self.assertFalse(LookupCount.objects.exists())  # nothing written to the database
        self.assertEqual(len(keys), 1)  # one key: the address's hash and the window, never the address
        self.assertNotIn(b"127.0.0.1", keys[0])

    def test_the_limit_and_retry_after_are_the_database_counters(self):
        with counters(self.url), rate("3/minute"), time_machine.travel(NOW, tick=False):
            for _ in range(3):
                self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 200)
            refused = self.client.get(TRACK, {"ma": self.case.code})
            self.assertEqual(refused.status_code, 429)
            self.assertEqual(refused["Retry-After"], "50")
            other = self.client_class(REMOTE_ADDR="198.51.100.7")
            self.assertEqual(other.get(TRACK, {"ma": self.case.code}).status_code, 200)  # its own count
            key = caches["counters"]._cache.get_client().keys("danvan:*lookup:*")[0]
            ttl = caches["counters"]._cache.get_client().ttl(key)
        self.assertGreater(ttl, 60)  # lives past its window, so no lookup raises a key that is expiring
        self.assertLessEqual(ttl, 120)
        with counters(self.url), rate("3/minute"), time_machine.travel(NOW + dt.timedelta(seconds=50), tick=False):
            self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 200)  # a new window
        self.assertFalse(LookupCount.objects.exists())

    def test_an_unreachable_redis_falls_back_to_the_database_counter(self):
        closed = f"redis://127.0.0.1:{free_port()}/0"
        with (
            counters(closed),
            rate("2/minute"),
            time_machine.travel(NOW, tick=False),
            self.assertLogs("cases.lookup_limit", "WARNING"),
        ):
            for _ in range(2):
                self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 200)
            self.assertEqual(self.client.get(TRACK, {"ma": self.case.code}).status_code, 429)
        self.assertEqual(LookupCount.objects.get().hits, 3)
