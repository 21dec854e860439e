"""A small crawler over the test client: every page a user can reach from the URL configuration.

Seeds are every route without parameters, and every object route (see ``test_cross_unit.OBJECT_ROUTES``)
filled with the ids of the objects the user may see; from there it follows the links, htmx
attributes and export links found in the pages. Each URL pattern is visited a bounded number of
times so filter and page links cannot make the walk explode.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

from tests.security.test_every_url import _walk

LINK = re.compile(r"""(?:href|hx-get|src|action)\s*=\s*["']([^"'#]+)["']""", re.IGNORECASE)
# Never followed: sign-out, Django's admin (its own escaping, hundreds of pages), static files,
# the API docs page, PDF rendering (slow; its text comes from the same document as the DOCX).
SKIP = ("/tai-khoan/dang-xuat/", "/quan-tri/", "/static/", "/api/docs/", "/api/schema/", "/media/")
SKIP_ENDING = ("/pdf/",)
PER_ROUTE = 8


def routes() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def seeds(user, *, public_only: bool = False, public_prefixes: tuple[str, ...] = ()) -> list[str]:
    from tests.security.test_cross_unit import OBJECT_ROUTES, concrete

    found = []
    for route in routes():
        if "<" not in route:
            found.append("/" + route)
            continue
        for pattern, resolve_model in OBJECT_ROUTES.items():
            if re.match(pattern, route):
                model, visible = resolve_model()
                rows = model.objects.all() if user is None else visible(user)
                for pk in rows.order_by("pk").values_list("pk", flat=True)[:8]:
                    found.append(concrete(route, pk))
                break
    if public_only:
        found = [p for p in found if p.startswith(public_prefixes)]
    return [p for p in found if not p.startswith(SKIP)]


def _route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def crawl(
    client: Client, start: list[str], *, allow: Callable[[str], bool] = lambda p: True, limit: int = 1500
) -> Iterator[tuple[str, object]]:
    """Yield (url, response) for every page reached with GET."""
    queue = list(dict.fromkeys(start))
    seen = set(queue)
    per_route: Counter = Counter()
    while queue and limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        route = _route_of(parts.path)
        if route is None:
            continue
        key = (route, tuple(sorted(k.split("=")[0] for k in parts.query.split("&") if k)))
        per_route[key] += 1
        if per_route[key] > PER_ROUTE:
            continue
        limit -= 1
        response = client.get(url)
        yield url, response
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode("utf-8", "replace")):
            link = html.unescape(link).strip()
            if link.startswith("?"):
                link = parts.path + link
            if not link.startswith("/") or link.startswith("//"):
                continue
            if link.startswith(SKIP) or urlsplit(link).path.endswith(SKIP_ENDING):
                continue
            if link not in seen and allow(link):
                seen.add(link)
                queue.append(link)
