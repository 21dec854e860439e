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
