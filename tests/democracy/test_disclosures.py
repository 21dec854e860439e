"""Disclosures: categories as data, forms used, defects, files checked, publication fulfilling the obligation."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from democracy import disclosures
from democracy.models import Channel, Disclosure, DisclosureFile, DisclosureStatus, Obligation, ObligationState
from democracy.obligations import obligations_generate
from lib.errors import ServiceError
from tests.base import BaseTestCase
from tests.democracy.helpers import at, category, pdf, quarterly_disclosure

OCT_5 = dt.date(2026, 10, 5)


class CategoriesTest(BaseTestCase):
    def test_the_categories_of_article_11_are_data_with_forms_and_durations(self):
        budget = category("thuc-hien-ngan-sach-quy")
        self.assertEqual(budget.article, "Điều 11 khoản 2")
        self.assertEqual(budget.required_channels, [Channel.NOTICE_BOARD, Channel.WEBSITE])
        self.assertEqual((budget.recurrence, budget.min_posting_days), ("quarterly", 30))
        poor = category("ho-ngheo")
        self.assertEqual(poor.min_broadcast_days, 3)
        self.assertFalse(poor.verified)  # the numbering of khoản 4+ is unverified: an admin corrects it


class ObligationsTest(BaseTestCase):
    def test_the_calendar_is_generated_from_the_rules_once(self):
        created = obligations_generate(year=2026, units=[self.p.commune])
        again = obligations_generate(year=2026, units=[self.p.commune])
        self.assertEqual(again, 0)
        rows = Obligation.objects.filter(unit=self.p.commune)
        self.assertEqual(rows.count(), created)
        quarters = rows.filter(category__code="thuc-hien-ngan-sach-quy").order_by("period_start")
        self.assertEqual([o.label for o in quarters], ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"])
        self.assertEqual(quarters[2].due_on, dt.date(2026, 10, 15))  # end of September + 15 days
        estimate = rows.get(category__code="du-toan-ngan-sach")
        self.assertEqual(estimate.due_on, dt.date(2026, 1, 31))

    def test_it_generates_for_every_commune_valid_in_the_year_only(self):
        obligations_generate(year=2026)
        units = set(Obligation.objects.values_list("unit_id", flat=True))
        self.assertIn(self.p.far_commune.pk, units)
        self.assertNotIn(self.p.old_commune.pk, units)  # ended on 30/6/2025


class PublishTest(BaseTestCase):
    def setUp(self):
        obligations_generate(year=2026, units=[self.p.commune])

    def test_publishing_fulfils_the_quarter_on_time(self):
        with at(OCT_5):
            d = quarterly_disclosure(self.p, posted=OCT_5, period_start=dt.date(2026, 7, 1))
        self.assertEqual((d.status, d.published_on), (DisclosureStatus.PUBLISHED, OCT_5))
        q3 = Obligation.objects.get(unit=self.p.commune, label="Quý III/2026", category__code=d.category.code)
        self.assertEqual((q3.disclosure_id, q3.done_on), (d.pk, OCT_5))
        self.assertEqual(q3.state_on(dt.date(2026, 12, 1)), ObligationState.DONE)
        self.assertTrue(AuditEvent.objects.for_object(d).filter(action="transition").exists())
        self.assertTrue(AuditEvent.objects.for_object(q3).exists())

    def test_published_after_the_due_date_is_late(self):
        late = dt.date(2026, 10, 20)
        with at(late):
            quarterly_disclosure(self.p, posted=late, period_start=dt.date(2026, 7, 1))
        q3 = Obligation.objects.get(unit=self.p.commune, label="Quý III/2026", category__code="thuc-hien-ngan-sach-quy")
        self.assertEqual(q3.state_on(late), ObligationState.LATE)

    def test_a_short_broadcast_and_an_early_take_down_are_defects(self):
        with at(OCT_5):
            d = quarterly_disclosure(self.p, posted=OCT_5, days=2)
        # Budget: loudspeaker not required, but a required website is missing: one defect; the 2-day broadcast is
        # no defect for a content that needs no broadcast.
        self.assertEqual(
            disclosures.defects(d), ["Chưa thực hiện hình thức bắt buộc: Cổng/trang thông tin điện tử của xã."]
        )
        with at(OCT_5 + dt.timedelta(days=10)):
            disclosures.disclosure_take_down(disclosure=d, by=self.p.commune_officer, on=OCT_5 + dt.timedelta(days=10))
        d.refresh_from_db()
        self.assertEqual(d.defect_count, 2)
        self.assertIn("Niêm yết 10 ngày, gỡ trước thời hạn tối thiểu 30 ngày.", disclosures.defects(d))

    def test_a_broadcast_shorter_than_required_is_a_defect(self):
        with at(OCT_5):
            d = disclosures.disclosure_create(
                by=self.p.commune_officer, organization=self.p.commune_org, category=category("ho-ngheo"),
                title="Danh sách hộ nghèo năm 2026",
            )  # fmt: skip
            for channel, extra in ((Channel.NOTICE_BOARD, {}), (Channel.WEBSITE, {"url": "https://xuanhuong.vn/a"}),
                                   (Channel.LOUDSPEAKER, {"broadcast_days": 2})):  # fmt: skip
                disclosures.disclosure_channel_set(
                    disclosure=d, by=self.p.commune_officer, channel=channel, posted_on=OCT_5, **extra
                )
        self.assertEqual(disclosures.defects(d), ["Phát trên loa 2 ngày, chưa đủ 3 ngày liên tục."])
        d.refresh_from_db()
        self.assertEqual(d.defect_count, 1)

    def test_only_the_commune_bodies_write(self):
        with at(OCT_5):
            with self.assertRaisesMessage(ServiceError, "Bạn không thuộc cơ quan này"):
                quarterly_disclosure(self.p, posted=OCT_5, by=self.p.other_commune_officer)
            with self.assertRaisesMessage(ServiceError, "Bạn không thuộc cơ quan này"):
                quarterly_disclosure(self.p, posted=OCT_5, by=self.p.viewer)
        self.assertFalse(Disclosure.objects.exists())

    def test_a_hostile_file_is_refused_and_nothing_changes(self):
        with at(OCT_5):
            d = quarterly_disclosure(self.p, posted=OCT_5, publish=False)
            hostile = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 100)
            with self.assertRaises(ServiceError) as caught:
                disclosures.disclosure_file_add(disclosure=d, by=self.p.commune_officer, upload=hostile)
            self.assertIn("chương trình", caught.exception.message)
            self.assertFalse(DisclosureFile.objects.exists())
            row = disclosures.disclosure_file_add(disclosure=d, by=self.p.commune_officer, upload=pdf())
        self.assertEqual((row.kind, row.original_name), ("pdf", "bao-cao-quy-3.pdf"))
        self.assertNotIn("bao-cao", row.file.name)

    def test_publishing_twice_is_refused_and_withdrawing_reopens_the_obligation(self):
        with at(OCT_5):
            d = quarterly_disclosure(self.p, posted=OCT_5, period_start=dt.date(2026, 7, 1))
            with self.assertRaisesMessage(ServiceError, "Không thể công khai nội dung công khai đang ở trạng thái"):
                disclosures.disclosure_publish(disclosure=d, by=self.p.commune_officer)
            disclosures.disclosure_withdraw(disclosure=d, by=self.p.commune_officer, reason="Nhầm số liệu")
        self.assertFalse(Obligation.objects.filter(disclosure=d).exists())

    def test_it_cannot_be_published_without_a_form(self):
        with at(OCT_5):
            d = disclosures.disclosure_create(
                by=self.p.commune_officer, organization=self.p.commune_org,
                category=category("du-toan-ngan-sach"), title="Dự toán 2026",
            )  # fmt: skip
            with self.assertRaisesMessage(ServiceError, "Hãy ghi ít nhất một hình thức công khai"):
                disclosures.disclosure_publish(disclosure=d, by=self.p.commune_officer)
        d.refresh_from_db()
        self.assertEqual(d.status, DisclosureStatus.DRAFT)
