import datetime as dt

from audit.models import AuditEvent
from geo.admin import AdminUnitForm
from geo.models import AdminUnit
from tests.base import BaseTestCase


class AdminUnitEntryTest(BaseTestCase):
    def form(self, **overrides):
        data = {
            "code": "24823",
            "name": "Xã Lạc Dương",
            "short_name": "Lạc Dương",
            "unit_type": "xa",
            "level": "commune",
            "parent": self.p.province.pk,
            "valid_from": "2025-07-01",
            "valid_to": "9999-12-31",
        }
        return AdminUnitForm(data={**data, **overrides})

    def test_it_refuses_an_end_before_the_start(self):
        form = self.form(code="24899", valid_from="2027-01-01", valid_to="2026-01-01")
        self.assertFalse(form.is_valid())
        self.assertIn("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.", form.non_field_errors())

    def test_it_refuses_an_overlap_with_another_version_of_the_same_code(self):
        form = self.form(valid_from="2026-01-01")
        self.assertFalse(form.is_valid())
        self.assertIn("chồng lấn", form.non_field_errors()[0])

    def test_it_refuses_a_validity_outside_the_parents(self):
        form = self.form(code="24899", parent=self.p.old_district.pk, valid_from="2020-01-01", valid_to="2026-01-01")
        self.assertFalse(form.is_valid())
        self.assertIn("đơn vị cấp trên", form.non_field_errors()[0])

    def test_an_admin_adds_a_unit_through_the_admin_and_it_is_audited(self):
        self.p.admin.is_superuser = True
        self.p.admin.save()
        self.login(self.p.admin)
        before = AdminUnit.objects.count()
        r = self.client.post(
            "/quan-tri/geo/adminunit/add/",
            {
                "code": "24899",
                "name": "Xã Mới",
                "short_name": "Mới",
                "unit_type": "xa",
                "level": "commune",
                "parent": self.p.province.pk,
                "valid_from": "01/01/2027",
                "valid_to": "31/12/9999",
                "successor_links-TOTAL_FORMS": "0",
                "successor_links-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(r.status_code, 302, r.content[:3000])
        unit = AdminUnit.objects.get(code="24899")
        self.assertEqual(
            (AdminUnit.objects.count(), unit.province_id, unit.valid_from),
            (before + 1, self.p.province.pk, dt.date(2027, 1, 1)),
        )
        self.assertTrue(AuditEvent.objects.for_object(unit).filter(action="create").exists())
