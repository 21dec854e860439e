"""The home page: its counts stop at a cap, say "your province" truthfully, and cost the same queries whatever the
data."""

from unittest import mock

from django.template.loader import render_to_string

from geo.models import UnitType
from lib.paging import CappedCount
from practices.models import Field, Practice, Status
from tests.base import BaseTestCase
from tests.factories import make_unit


def add_practices(p, n: int, *, status=Status.RECOGNISED, unit=None, by=None):
    """``n`` practices written straight to the table (the home page only counts them)."""
    unit = unit or p.far_commune
    Practice.objects.bulk_create(
        Practice(
            name=f"Mô hình {i}",
            field=Field.SOCIETY,
            status=status,
            organization=p.far_org if unit == p.far_commune else p.commune_org,
            unit=unit,
            province_id=unit.province_id,
            year=2026,
            created_by=by or p.central,
        )
        for i in range(n)
    )


class HomeCountsTest(BaseTestCase):
    def test_it_says_more_than_the_cap_instead_of_counting_every_practice(self):
        add_practices(self.p, 3)
        self.login(self.p.commune_officer)
        with mock.patch("lib.paging.COUNT_CAP", 2):
            capped = self.client.get("/")
        self.assertEqual(capped.context["practice_count"].value, 3)  # counted to cap + 1, no further
        self.assertContains(capped, '<div class="stat">Hơn 2</div>', html=False)
        with mock.patch("lib.paging.COUNT_CAP", 3):
            exact = self.client.get("/")
        self.assertContains(exact, '<div class="stat">3</div>', html=False)

    def test_below_the_cap_the_public_practices_are_counted_with_the_scopes_own(self):
        add_practices(self.p, 1)  # recognised, in a far province: public
        add_practices(self.p, 2, status=Status.REGISTERED, unit=self.p.commune)  # in the officer's scope only
        add_practices(self.p, 4, status=Status.REGISTERED)  # neither
        self.login(self.p.commune_officer)
        with mock.patch("lib.paging.COUNT_CAP", 2):
            self.assertEqual(self.client.get("/").context["practice_count"].value, 3)  # past the cap: "Hơn 2"
        with mock.patch("lib.paging.COUNT_CAP", 10):
            self.assertEqual(self.client.get("/").context["practice_count"].value, 3)
        self.login(self.p.central)  # the whole country: all seven
        with mock.patch("lib.paging.COUNT_CAP", 10):
            self.assertEqual(self.client.get("/").context["practice_count"].value, 7)

    def test_the_cap_reads_with_a_thousands_dot(self):
        shown = render_to_string("partials/capped_count.html", {"count": CappedCount(10_001, 10_000)})
        self.assertEqual(shown, "Hơn 10.000")

    def test_commune_and_viewer_count_their_provinces_communes_as_the_province_does(self):
        make_unit("24830", "Xã Đam Rông", UnitType.COMMUNE, parent=self.p.province)
        counts = {}
        for name in ("province_officer", "commune_officer", "viewer", "appraiser"):
            self.login(getattr(self.p, name))
            r = self.client.get("/")
            counts[name] = r.context["commune_count"]
            self.assertContains(r, "trong tỉnh của bạn")
        # Today's three communes of Lâm Đồng (the old Phường 1 ended in 2025; Cẩm Thành is in another province).
        self.assertEqual(counts, dict.fromkeys(counts, 3))
        self.login(self.p.central)
        self.assertEqual(self.client.get("/").context["commune_count"], 4)
        self.login(self.p.outsider)
        self.assertEqual(self.client.get("/").context["commune_count"], 0)


class HomeQueryCountTest(BaseTestCase):
    def test_the_query_count_does_not_grow_with_the_data(self):
        self.login(self.p.commune_officer)
        self.client.get("/")  # the session and the menu's first reads
        for extra in (0, 40):
            with self.subTest(more_practices=extra):
                add_practices(self.p, extra)
                add_practices(self.p, extra, status=Status.DRAFT, unit=self.p.commune, by=self.p.commune_officer)
                # session, user, the user's memberships (read once per request: the list on the page, the read and
                # write scopes, the bodies, the role checks, the menu), the scopes' lineage (one walk for both),
                # organisations, practices (the country's recognised ones first; below the cap, the user's whole
                # count), drafts, communes; the to-do sections (tests/front/test_todo.py): cases (handled by the
                # bodies; escalated to them from elsewhere: 2), reports (1), practices (awaiting a score; awaiting
                # appraisal, whether a body issues a rubric read in the same statement: 2), meetings (2), contests
                # (the unscored pairs counted: 1), grassroots democracy (obligations missing and upcoming in one
                # aggregate, recommendations: 2), programme tasks (overdue and due soon in one aggregate per body: 1).
                with self.assertNumQueries(20):
                    r = self.client.get("/")
                self.assertEqual(r.status_code, 200)
