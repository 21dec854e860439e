"""One definition of a subtree and one walk over reorganisation links (geo.selectors), pinned against what each former
copy expected: practices' and reports' subtree of a unit foreign key, cases' (which also named the unit itself), the
meetings' subtree through an organisation's unit, scope's and the digest's predecessor walks, and the comparisons'
walk along default links only."""

import datetime as dt

from django.test import TestCase

from geo.models import REFORM_2025, AdminUnit, LinkKind, UnitLink, UnitType
from geo.selectors import lineage, resolve_to, subtree_q, with_predecessors_q
from orgs.models import Organization
from tests.factories import make_org, make_unit

BEFORE = dt.date(2025, 6, 30)


class SubtreeTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.old_province = make_unit(
            "68", "Tỉnh Lâm Đồng", UnitType.PROVINCE, valid_from=dt.date(2000, 1, 1), valid_to=BEFORE
        )
        cls.district = make_unit(
            "672",
            "Thành phố Đà Lạt",
            UnitType.PROVINCIAL_CITY,
            parent=cls.old_province,
            valid_from=dt.date(2000, 1, 1),
            valid_to=BEFORE,
        )
        cls.old_commune = make_unit(
            "24781", "Phường 1", UnitType.WARD, parent=cls.district, valid_from=dt.date(2000, 1, 1), valid_to=BEFORE
        )
        cls.province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
        cls.commune = make_unit("24778", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=cls.province)
        cls.other_province = make_unit("51", "Tỉnh Quảng Ngãi", UnitType.PROVINCE)
        cls.other_commune = make_unit("21100", "Xã Ba Tơ", UnitType.COMMUNE, parent=cls.other_province)
        UnitLink.objects.create(
            predecessor=cls.old_province,
            successor=cls.province,
            kind=LinkKind.MERGE,
            is_default=True,
            effective_date=REFORM_2025,
        )
        UnitLink.objects.create(
            predecessor=cls.old_commune,
            successor=cls.commune,
            kind=LinkKind.MERGE,
            is_default=True,
            effective_date=REFORM_2025,
        )
        cls.orgs = {
            unit.code + unit.name: make_org(f"Ban {unit.name}", "ban_dan_van", unit)
            for unit in (cls.old_province, cls.district, cls.old_commune, cls.province, cls.commune, cls.other_commune)
        }

    def units(self, unit, field=""):
        return set(AdminUnit.objects.filter(subtree_q(unit, field)).values_list("pk", flat=True))

    def org_units(self, q):
        return set(Organization.objects.filter(q).values_list("unit_id", flat=True))

    def test_a_province_is_its_own_row_and_every_unit_below_it(self):
        self.assertEqual(self.units(self.province), {self.province.pk, self.commune.pk})
        self.assertEqual(self.units(self.old_province), {self.old_province.pk, self.district.pk, self.old_commune.pk})

    def test_cases_former_definition_named_the_province_itself_and_finds_the_same_rows(self):
        def cases_former(u):
            return Organization.objects.filter(unit__province_id=u.pk) | Organization.objects.filter(unit_id=u.pk)

        for province in (self.province, self.old_province, self.other_province):
            with self.subTest(province=province.pk):
                self.assertEqual(
                    self.org_units(subtree_q(province, "unit")),
                    set(cases_former(province).values_list("unit_id", flat=True)),
                )

    def test_a_district_holds_itself_and_its_communes_and_a_commune_only_itself(self):
        self.assertEqual(self.units(self.district), {self.district.pk, self.old_commune.pk})
        self.assertEqual(self.units(self.commune), {self.commune.pk})
        self.assertEqual(self.org_units(subtree_q(self.district, "unit")), {self.district.pk, self.old_commune.pk})

    def test_a_path_through_another_model_reaches_the_same_units(self):
        """The meetings' statistics reach a unit through the organisation ("organization__unit")."""
        from orgs.models import Membership  # a model with a path organization__unit

        q = subtree_q(self.province, "organization__unit")
        self.assertIn("organization__unit__province_id", str(q))
        self.assertEqual(Membership.objects.filter(q).count(), 0)

    def test_lineage_walks_every_predecessor_transitively_in_one_query(self):
        newer = make_unit("99", "Tỉnh Mới", UnitType.PROVINCE, valid_from=dt.date(2030, 1, 1))
        UnitLink.objects.create(
            predecessor=self.province,
            successor=newer,
            kind=LinkKind.MERGE,
            is_default=True,
            effective_date=REFORM_2025,
        )
        with self.assertNumQueries(1):
            rows = lineage([newer.pk, self.other_province.pk])
        self.assertEqual(
            {(start, pk) for start, pk, _level in rows},
            {
                (newer.pk, newer.pk),
                (newer.pk, self.province.pk),
                (newer.pk, self.old_province.pk),
                (self.other_province.pk, self.other_province.pk),
            },
        )

    def test_lineage_ends_on_a_cycle_in_bad_data(self):
        UnitLink.objects.create(
            predecessor=self.province,
            successor=self.old_province,
            kind=LinkKind.MERGE,
            effective_date=REFORM_2025,
        )
        self.assertEqual({pk for _s, pk, _l in lineage([self.province.pk])}, {self.province.pk, self.old_province.pk})

    def test_with_predecessors_reads_the_old_units_subtrees(self):
        q = with_predecessors_q(self.commune, "unit")
        self.assertEqual(self.org_units(q), {self.commune.pk, self.old_commune.pk})

    def test_resolve_to_follows_links_both_ways_and_default_only_when_asked(self):
        self.assertEqual(resolve_to(self.old_commune, REFORM_2025), [self.commune])
        self.assertEqual(resolve_to(self.commune, BEFORE), [self.old_commune])
        split_to = make_unit("24779", "Phường Lâm Viên - Đà Lạt", UnitType.WARD, parent=self.province)
        UnitLink.objects.create(
            predecessor=self.old_commune,
            successor=split_to,
            kind=LinkKind.SPLIT,
            is_default=False,
            effective_date=REFORM_2025,
        )
        self.assertEqual(set(resolve_to(self.old_commune, REFORM_2025)), {self.commune, split_to})
        self.assertEqual(resolve_to(self.old_commune, REFORM_2025, default_only=True), [self.commune])
