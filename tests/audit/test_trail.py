import datetime as dt
import re

from django.db import transaction
from django.test import TransactionTestCase

from audit.models import AppendOnlyError, AuditEvent
from audit.services import record
from tests.base import BaseTestCase


class AuditTrailTest(BaseTestCase):
    def test_a_record_rolls_back_with_its_change(self):
        before = AuditEvent.objects.count()
        try:
            with transaction.atomic():
                record(actor=self.p.admin, action="update", obj=self.p.commune_org, changes={"name": ["a", "b"]})
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_events_cannot_be_edited_or_deleted(self):
        with transaction.atomic():
            event = record(actor=self.p.admin, action="update", obj=self.p.commune_org, reason="thử")
        event.reason = "sửa"
        with self.assertRaises(AppendOnlyError):
            event.save()
        with self.assertRaises(AppendOnlyError):
            event.delete()
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.all().delete()
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.update(reason="x")

    def test_the_admin_is_read_only(self):
        self.login(self.p.admin)
        self.p.admin.is_superuser = True
        self.p.admin.save()
        with transaction.atomic():
            event = record(actor=self.p.admin, action="update", obj=self.p.commune_org)
        self.assertEqual(self.client.get(f"/quan-tri/audit/auditevent/{event.pk}/delete/").status_code, 403)
        self.assertEqual(self.client.get("/quan-tri/audit/auditevent/add/").status_code, 403)
        self.assertEqual(self.client.get("/quan-tri/audit/auditevent/").status_code, 200)

    def test_the_audit_page_filters_by_action_and_date(self):
        with transaction.atomic():
            record(actor=self.p.admin, action="transition", obj=self.p.commune_org, reason="chuyển")
        self.login(self.p.admin)
        r = self.client.get("/nhat-ky/?action=transition")
        self.assertContains(r, "chuyển")
        self.assertContains(self.client.get("/nhat-ky/?from=99/99/2026"), "không đúng dạng dd/mm/yyyy")


class OutsideTransactionTest(TransactionTestCase):
    def test_a_record_outside_a_transaction_is_refused(self):
        with self.assertRaisesMessage(RuntimeError, "must run inside the transaction"):
            record(actor=None, action="update", object_repr="x")
        self.assertFalse(AuditEvent.objects.exists())


class AuditPageSentencesTest(BaseTestCase):
    """Issue 21: the log showed internal names and values ("status: accepted → answered", "True", "False")."""

    def test_a_practice_submitted_reads_as_vietnamese_sentences(self):
        from practices import services as practices
        from practices.models import Field, Kind

        practice = practices.practice_register(
            by=self.p.commune_officer,
            organization=self.p.commune_org,
            unit=self.p.commune,
            name="Dân vận khéo trong giải phóng mặt bằng",
            kind=Kind.MODEL,
            field=Field.ECONOMY,
            situation="Người dân chưa đồng thuận.",
            objectives="Bàn giao mặt bằng đúng hạn.",
            content="Cán bộ đến từng nhà.",
            target_people="Hộ dân khu phố 3",
            outputs="1,2 km đường bê tông.",
            sustainability="Nhân rộng.",
            start_date=dt.date(2026, 2, 1),
        )
        practices.practice_submit(practice=practice, by=self.p.commune_officer)
        self.login(self.p.admin)
        r = self.client.get("/nhat-ky/")
        self.assertContains(r, "Trạng thái: Nháp → Đã đăng ký")
        self.assertContains(r, "Công khai họ tên cá nhân: — → Không")
        self.assertContains(r, "Ngày bắt đầu: — → 01/02/2026")
        self.assertContains(r, f"Đơn vị đăng ký: — → {self.p.commune_org}")
        self.assertContains(r, "Tỉnh: — → Tỉnh Lâm Đồng")
        self.assertNotContains(r, "Cấp công nhận")  # empty before and after: not listed
        text = re.sub(r"<[^>]*>", " ", r.content.decode())
        internals = ["draft", "registered", "True", "False", "status:", "person_public", "2026-02-01"]
        internals += ["Created", "Province"]
        for internal in internals:
            self.assertNotIn(internal, text)

    def test_keys_that_are_not_columns_still_read_as_vietnamese(self):
        """Counts and batch summaries, and a key named like a reverse relation (``organization.memberships``)."""
        with transaction.atomic():
            record(
                actor=self.p.admin,
                action="import",
                obj=self.p.commune_org,
                changes={"memberships": 3, "files": 2, "created": [1, 2], "skipped": 0, "is_active": [True, False]},
            )
        self.login(self.p.admin)
        r = self.client.get("/nhat-ky/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Số tệp: 2")
        self.assertContains(r, "Đã tạo: 1, 2")
        self.assertContains(r, "Đang hoạt động: Có → Không")
        self.assertNotContains(r, "Memberships")

    def test_a_related_value_that_is_not_one_key_is_shown_as_recorded(self):
        """A service recorded a relation by its code, or several keys under one name: the log page answered 500."""
        with transaction.atomic():
            record(
                actor=self.p.admin,
                action="update",
                obj=self.p.commune_org,
                changes={"unit": [[self.p.commune.pk, self.p.province.pk], "workdays"]},
            )
        self.login(self.p.admin)
        r = self.client.get("/nhat-ky/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, f"{self.p.commune}, {self.p.province} → workdays")
