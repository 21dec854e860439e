"""Queued notifications: an outbox written in the transaction of the change it announces.

A row is the notification itself (the "Thông báo" page lists it) and the e-mail still to send.
``notifications.services.notify`` inserts it inside the caller's transaction, so a change that
rolls back queues nothing and a change that commits cannot lose its notification. The worker
(``danvan send_notifications``) claims due rows for a lease, sends them and marks them sent; a
crash between sending and marking leaves the row due again after its lease, so delivery is
at-least-once with the same Message-ID (``message_id``), which mail clients use to drop the copy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    CASE_ASSIGNED = "case_assigned", "Vụ việc được giao"
    REPORT_RETURNED = "report_returned", "Báo cáo bị trả lại"
    DIGEST = "digest", "Tóm tắt công việc hằng ngày"
    CITIZEN = "citizen", "Thư gửi người dân"


class Channel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"


class Delivery(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi thư"
    NO_ADDRESS = "no_address", "Không gửi thư (chưa có địa chỉ)"
    FAILED = "failed", "Gửi thư không thành công"


class Notification(models.Model):
    # An officer (a user: the row is also on their "Thông báo" page), or nobody for a message to a citizen, who has
    # no account: then ``address`` holds where it goes, only until it is delivered or given up (then it is erased).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField("địa chỉ nhận", max_length=254, blank=True, default="")
    # One-click unsubscribe (RFC 8058) for messages to citizens: a path inside DanVan.
    unsubscribe_url = models.CharField(max_length=500, blank=True, default="")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    # A path inside DanVan (``/y-kien/12/``); e-mails prefix it with settings.DANVAN_BASE_URL.
    url = models.CharField("đường dẫn", max_length=500, blank=True, default="")
    # One notification per fact: "digest:2026-11-28:17", "case:5:event:31:user:17". Inserting a key that
    # exists does nothing, so a re-run (after a crash) adds only what is missing.
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    read_at = models.DateTimeField("đã xem lúc", null=True, blank=True)

    delivery = models.CharField("gửi thư", max_length=12, choices=Delivery.choices, default=Delivery.PENDING)
    sent_at = models.DateTimeField("gửi thư lúc", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True, default="")
    # Backoff: a failed row is not claimed again before this time.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The claim of one worker: other workers leave the row alone until the lease ends.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [
            # The worker's claim: due rows in id order. A full index (not partial): Django binds the
            # status value, which SQLite's planner cannot match against a partial index predicate.
            models.Index(fields=["delivery", "next_attempt_at", "id"], name="notif_due_idx"),
            models.Index(fields=["recipient", "-id"], name="notif_recipient_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def message_id(self) -> str:
        """Stable across re-sends: a copy sent again after a crash is recognisably the same message."""
        domain = getattr(settings, "NOTIFICATIONS_MESSAGE_ID_DOMAIN", "") or "danvan.local"
        return f"<notification-{self.pk}.{self.dedupe_key_digest}@{domain}>"

    @property
    def dedupe_key_digest(self) -> str:
        import hashlib

        return hashlib.sha256(self.dedupe_key.encode()).hexdigest()[:16]
