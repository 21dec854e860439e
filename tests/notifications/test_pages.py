"""The "Thông báo" page: a user's own notifications only."""

from django.db import transaction
from django.utils.timezone import localtime

from notifications.models import Kind, Notification
from notifications.services import Message, notify_many
from tests.base import BaseTestCase


class PagesTest(BaseTestCase):
    def queue(self, user, n: int, url: str = "/y-kien/"):
        with transaction.atomic():
            notify_many(
                [
                    Message(
                        recipient_id=user.pk,
                        kind=Kind.CASE_ASSIGNED,
                        subject=f"Thông báo {user.username} số {i}",
                        body="Nội dung <script>alert(1)</script>",
                        dedupe_key=f"page:{user.pk}:{i}",
                        url=url,
                    )
                    for i in range(n)
                ]
            )

    def test_it_lists_only_the_users_own_notifications_in_a_fixed_number_of_queries(self):
        self.queue(self.p.commune_officer, 3)
        self.queue(self.p.other_commune_officer, 2)
        self.login(self.p.commune_officer)
        self.client.get("/thong-bao/")  # warm up the session
        # Session, user, the page of notifications (fewer than a page: no count query), the navigation's
        # admin check.
        with self.assertNumQueries(4):
            r = self.client.get("/thong-bao/")
        self.assertContains(r, "Thông báo canboxa số 2")
        self.assertNotContains(r, "canboxakhac")
        self.assertContains(r, "&lt;script&gt;")
        self.assertContains(r, '<a href="/thong-bao/" aria-current="page">Thông báo</a>', html=True)

    def test_opening_a_notification_marks_it_read_and_goes_to_its_object(self):
        self.queue(self.p.commune_officer, 1, url="/y-kien/?han=overdue")
        note = Notification.objects.get()
        self.login(self.p.commune_officer)
        r = self.client.get(f"/thong-bao/{note.pk}/mo/")
        self.assertRedirects(r, "/y-kien/?han=overdue", fetch_redirect_response=False)
        note.refresh_from_db()
        self.assertIsNotNone(note.read_at)

    def test_another_users_notification_is_a_404(self):
        self.queue(self.p.other_commune_officer, 1)
        note = Notification.objects.get()
        self.login(self.p.commune_officer)
        self.assertEqual(self.client.get(f"/thong-bao/{note.pk}/mo/").status_code, 404)
        note.refresh_from_db()
        self.assertIsNone(note.read_at)

    def test_mark_all_read_touches_only_the_users_own(self):
        self.queue(self.p.commune_officer, 2)
        self.queue(self.p.other_commune_officer, 1)
        self.login(self.p.commune_officer)
        self.assertEqual(self.client.get("/thong-bao/da-xem/").status_code, 405)
        self.client.post("/thong-bao/da-xem/")
        self.assertEqual(Notification.objects.filter(read_at__isnull=False).count(), 2)
        self.assertFalse(Notification.objects.filter(recipient=self.p.other_commune_officer, read_at__isnull=False))

    def test_anonymous_users_are_sent_to_sign_in(self):
        r = self.client.get("/thong-bao/")
        self.assertEqual(r.status_code, 302)
        self.assertIn("/tai-khoan/dang-nhap/", r["Location"])

    def test_officers_see_read_or_unread_and_the_date_not_the_mail_queue(self):
        """Issue 21: the list showed "Chờ gửi" (the e-mail queue's state) to officers."""
        self.queue(self.p.commune_officer, 2)
        read = Notification.objects.filter(recipient=self.p.commune_officer).order_by("pk").first()
        self.login(self.p.commune_officer)
        self.client.get(f"/thong-bao/{read.pk}/mo/")
        read.refresh_from_db()
        r = self.client.get("/thong-bao/")
        for internal in ("Chờ gửi", "Đã gửi thư", "Không gửi thư", "Gửi thư không thành công", "gửi thư"):
            self.assertNotContains(r, internal)
        self.assertContains(r, "Chưa xem", count=1)
        self.assertContains(r, f"Đã xem {localtime(read.read_at):%d/%m/%Y}")
        self.assertContains(r, f"{localtime(read.created_at):%d/%m/%Y}")
