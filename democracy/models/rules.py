"""The law's figures as data: categories of Điều 11 and the few numbers the domain notes mark unverified.

An admin corrects them in the admin site; nothing in the code repeats them. ``verified`` says whether the figure
was checked against the text of the law (domain notes §3.1), and is shown beside it.
"""

from __future__ import annotations

from django.db import models


class Parameter(models.Model):
    """A legal figure used by the services (days, counts), with its basis."""

    key = models.SlugField("mã", max_length=60, unique=True)
    label = models.CharField("nội dung", max_length=300)
    value = models.IntegerField("giá trị")
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    verified = models.BooleanField("đã đối chiếu văn bản", default=False)

    class Meta:
        verbose_name = "tham số pháp lý"
        verbose_name_plural = "tham số pháp lý"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class Channel(models.TextChoices):
    """The forms of disclosure (Điều 11–12)."""

    NOTICE_BOARD = "notice_board", "Niêm yết tại trụ sở UBND xã"
    WEBSITE = "website", "Cổng/trang thông tin điện tử của xã"
    MEETING = "meeting", "Qua Trưởng thôn, Tổ trưởng tổ dân phố tại hội nghị"
    MESSAGE = "message", "Tin nhắn, mạng xã hội hợp pháp"
    LOUDSPEAKER = "loudspeaker", "Hệ thống truyền thanh của xã"


class Recurrence(models.TextChoices):
    NONE = "none", "Khi phát sinh"
    QUARTERLY = "quarterly", "Hằng quý"
    HALF = "half", "6 tháng"
    ANNUAL = "annual", "Hằng năm"


class Anchor(models.TextChoices):
    START = "start", "Kể từ đầu kỳ"
    END = "end", "Kể từ cuối kỳ"


class DisclosureCategory(models.Model):
    """A content of Điều 11 a commune must disclose: its article, the forms it requires, the minimum durations and,
    for recurring contents, when each period's disclosure falls due (``anchor`` + ``due_days``)."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("nội dung công khai", max_length=300)
    article = models.CharField("căn cứ (điều, khoản)", max_length=120)
    required_channels = models.JSONField("hình thức bắt buộc", default=list, blank=True)
    min_posting_days = models.PositiveSmallIntegerField("thời gian niêm yết tối thiểu (ngày)", default=30)
    min_broadcast_days = models.PositiveSmallIntegerField(
        "số ngày phát liên tục trên loa tối thiểu", default=0, help_text="0 nếu không bắt buộc phát trên loa."
    )
    recurrence = models.CharField("định kỳ", max_length=10, choices=Recurrence.choices, default=Recurrence.NONE)
    anchor = models.CharField("mốc tính hạn", max_length=5, choices=Anchor.choices, default=Anchor.END)
    due_days = models.PositiveSmallIntegerField("hạn công khai (số ngày kể từ mốc)", default=15)
    verified = models.BooleanField("đã đối chiếu văn bản", default=False)
    is_active = models.BooleanField("đang áp dụng", default=True)
    ordering = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "nội dung phải công khai"
        verbose_name_plural = "nội dung phải công khai"
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.required_channels]
