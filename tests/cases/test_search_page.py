"""The officers' case search (the queue page with a text): newest first with a capped count, in a fixed number of
queries however many cases match."""

import re

from cases.models import Case
from tests.base import BaseTestCase
from tests.cases.helpers import submit

CASE_LINK = re.compile(r'href="/y-kien/(\d+)/"')


def copies(case: Case, n: int) -> None:
    """``n`` more cases like ``case`` (same text, so the same search finds them), saved one by one so that every
    database's full-text index sees them."""
    start = Case.objects.count()
    for i in range(n):
        case.pk = None
        case._state.adding = True
        case.code = f"S{start + i:07d}"
        case.save()


class CaseSearchPageTest(BaseTestCase):
    def setUp(self):
        self.first = submit(self.p)[0]
        submit(self.p, title="Tiếng ồn quán karaoke", content="Hát khuya.", ip="10.9.4.1")
        self.login(self.p.commune_officer)
        self.client.get("/y-kien/", {"q": "vành đai"})  # the session and the menu's first reads

    def shown(self, response) -> list[int]:
        return [int(pk) for pk in CASE_LINK.findall(response.content.decode())]

    def test_a_broad_search_lists_the_newest_matches_fifty_a_page(self):
        copies(self.first, 59)
        matches = list(Case.objects.exclude(title__contains="karaoke").order_by("-pk").values_list("pk", flat=True))
        first = self.client.get("/y-kien/", {"q": "vành đai"})
        self.assertEqual(self.shown(first), matches[:50])
        self.assertContains(first, "60 vụ việc")
        second = self.client.get("/y-kien/", {"q": "vành đai", "page": "2"})
        self.assertEqual(self.shown(second), matches[50:])

    def test_the_query_count_does_not_grow_with_the_matches(self):
        for more in (55, 120):
            with self.subTest(matches_added=more):
                copies(self.first, more)
                # session, user, the user's memberships (bodies, scope, the "record" button, the menu), the scope's
                # lineage, the search's keys (capped), the page's rows, the capped count, the queue's counts (3).
                with self.assertNumQueries(10):
                    r = self.client.get("/y-kien/", {"q": "vành đai"})
                self.assertEqual(len(self.shown(r)), 50)
