"""The benchmark server's URLs: every URL of the site, and the floors the pages are measured against."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path

from danvan.urls import urlpatterns as site_urlpatterns


def bench_bare(request):
    """The floor of the HTTP benchmarks: the full middleware stack and a JSON body, no database."""
    return JsonResponse({"ok": True})


def bench_one_statement(request):
    """The floor plus one database round trip (``SELECT 1`` through Django's cursor): what any page that reads the
    database costs at least, measured beside the lookups."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return JsonResponse({"ok": one == 1})


urlpatterns = [
    *site_urlpatterns,
    path("_bench/bare/", bench_bare, name="bench_bare"),
    path("_bench/one-statement/", bench_one_statement, name="bench_one_statement"),
]
