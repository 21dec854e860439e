"""Settings of the server benchmarks/http_bench.py starts (DJANGO_SETTINGS_MODULE=benchmarks.bench_settings): the
production settings as the environment makes them, with the benchmark's floor URLs (``benchmarks.bench_urls``) and the
per-address lookup limit raised so that one address may send what a crowd would — the limit's counting stays in the
code path. Never used by a deployment: the benchmarks folder is not part of the installed package."""

from danvan.settings import *  # noqa: F403
from danvan.settings import REST_FRAMEWORK

ROOT_URLCONF = "benchmarks.bench_urls"

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "case_lookup": "1000000000/minute"},
}
