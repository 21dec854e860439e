"""Periodic reports: indicators, forms, periods, reports with their values, rules, and the roll-up store.

Figures are exact: a value is kept as a whole number of the indicator's smallest step (``amount`` =
value × 10^decimals), so money in đồng, counts and km to the metre all sum exactly on SQLite and
PostgreSQL alike, and fast (integer sums). Ratios are never stored: they are computed from the
sums of their numerator and denominator.

The lifecycle is data (``Status`` and ``TRANSITIONS``); every move goes through ``reports.services``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from geo.models import AdminUnit
from orgs.models import Organization, OrganizationType
from orgs.scope import scope_for


class Aggregation(models.TextChoices):
    SUM = "sum", "Cộng dồn"
    MAX = "max", "Lớn nhất"
    AVG = "avg", "Trung bình"
    RATIO = "ratio", "Tỷ lệ giữa hai chỉ tiêu"
    WEIGHTED = "wavg", "Trung bình có trọng số theo chỉ tiêu khác"
    NONE = "none", "Không tổng hợp"


# Aggregations the roll-up store never adds up: a ratio is read from its parts, "none" is not rolled up.
NOT_STORED = (Aggregation.RATIO, Aggregation.NONE)
# The hidden parts a weighted average keeps beside its figure (value × weight, and the weight), so that the roll-up
# of a weighted average is two exact integer sums: Σ(value × weight) / Σ weight.
WEIGHTED_PRODUCT = "_tich"
WEIGHTED_WEIGHT = "_trong_so"
HIDDEN_PARTS = (WEIGHTED_PRODUCT, WEIGHTED_WEIGHT)


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    MONEY = "money", "Tiền (đồng)"
    RATIO = "ratio", "Tỷ lệ"
    TEXT = "text", "Văn bản"


class Indicator(models.Model):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=40)
    # None: a national indicator, defined by the central body; else the province body that added it for its forms.
    owner = models.ForeignKey(
        Organization, verbose_name="cơ quan quản lý", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value_type = models.CharField("kiểu số liệu", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    # For a weighted average: the indicator whose figure weighs each unit's value (e.g. the number of households).
    weight = models.ForeignKey(
        "self", verbose_name="trọng số", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decimals = models.PositiveSmallIntegerField("số chữ số thập phân", default=0)
    aggregation = models.CharField("cách tổng hợp", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    numerator = models.ForeignKey(
        "self", verbose_name="tử số", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name="mẫu số", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ratio_scale = models.PositiveIntegerField("hệ số tỷ lệ", default=100, help_text="100: tỷ lệ phần trăm")
    # [["collective", "Tập thể"], ["individual", "Cá nhân"]]: the parts entered beside the total.
    breakdowns = models.JSONField("chi tiết theo", default=list, blank=True)
    # Key of a figure DanVan already knows (reports.autofill.SOURCES); such a value is computed, never typed.
    source = models.CharField("nguồn tự động", max_length=60, blank=True, default="")
    group = models.CharField("nhóm", max_length=120, blank=True, default="")
    ordering = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    @property
    def is_auto(self) -> bool:
        return bool(self.source)

    @property
    def is_text(self) -> bool:
        return self.value_type == ValueType.TEXT

    @property
    def is_weighted(self) -> bool:
        return self.aggregation == Aggregation.WEIGHTED

    @property
    def scale(self) -> int:
        return 10**self.decimals

    def to_value(self, amount: int | None) -> Decimal | int | None:
        """The figure a person reads from a stored amount."""
        if amount is None:
            return None
        if self.decimals == 0:
            return int(amount)
        return Decimal(amount).scaleb(-self.decimals)

    def breakdown_keys(self) -> list[str]:
        return [b[0] for b in self.breakdowns]


class PeriodType(models.TextChoices):
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF = "half", "6 tháng"
    YEAR = "year", "Năm"
    ADHOC = "adhoc", "Báo cáo nhanh"


class ReportForm(models.Model):
    """A report template: which indicators, which narrative sections, how often, for whom.

    Versioned: once a period was opened on a form, a change makes a new version (same code, version + 1) that the
    next period uses; the periods opened before keep theirs, so an approved report is never rewritten.
    """

    code = models.SlugField("mã", max_length=60)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    previous = models.ForeignKey(
        "self", verbose_name="phiên bản trước", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # None: the national form of the central body; else the body (a province's) that owns it, for its own units.
    owner = models.ForeignKey(
        Organization, verbose_name="cơ quan ban hành", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField("chủ đề (báo cáo nhanh)", max_length=300, blank=True, default="")
    name = models.CharField("tên mẫu báo cáo", max_length=300)
    period_type = models.CharField("kỳ báo cáo", max_length=10, choices=PeriodType.choices)
    # The day of the month a period starts: 1 for calendar periods, 15 for the cut-off of Nghị định 09/2019
    # (six months = 15/12 of the year before to 14/6; a year = 15/12 to 14/12).
    cutoff_day = models.PositiveSmallIntegerField("ngày chốt số liệu", default=15)
    due_days = models.PositiveSmallIntegerField("hạn nộp (số ngày sau kỳ)", default=5)
    indicators = models.ManyToManyField(Indicator, through="FormIndicator", related_name="forms")
    # [["part1_situation", "Phần I. ... Tình hình ..."], ...]: the narrative outline (Phần I results, Phần II tasks).
    sections = models.JSONField("các phần nội dung", default=list, blank=True)
    org_types = models.ManyToManyField(OrganizationType, verbose_name="loại tổ chức phải báo cáo", blank=True)
    tiers = models.JSONField("các cấp phải báo cáo", default=list, blank=True)  # ["province", "commune"]
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="reports_form_code_version")]

    def __str__(self) -> str:
        return self.name


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    ordering = models.PositiveSmallIntegerField(default=100)
    is_key = models.BooleanField("chỉ tiêu chính (bảng hội nghị)", default=False)

    class Meta:
        ordering = ["ordering", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "indicator"], name="reports_form_indicator_uniq")]

    def __str__(self) -> str:
        return f"{self.form_id}: {self.indicator_id}"


class Period(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("kỳ số", default=1)  # month 1–12, quarter 1–4, half 1–2, ad hoc n
    label = models.CharField("tên kỳ", max_length=120)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    due_date = models.DateField("hạn nộp")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["-start", "form_id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "year", "number"], name="reports_period_uniq"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="reports_period_range"),
        ]

    def __str__(self) -> str:
        return f"{self.form.name} — {self.label}"

    @property
    def reference_date(self) -> dt.date:
        """The day whose hierarchy a period's figures roll up in."""
        return self.end


class Status(models.TextChoices):
    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã duyệt"
    MISSING = "missing", "Không nộp"


class Action(models.TextChoices):
    SUBMIT = "submit", "Gửi"
    RETURN = "return", "Trả lại"
    APPROVE = "approve", "Duyệt"
    UNAPPROVE = "unapprove", "Hủy duyệt"
    MARK_MISSING = "mark_missing", "Ghi nhận không nộp"


TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.APPROVED, Action.UNAPPROVE): Status.RETURNED,
    (Status.DRAFT, Action.MARK_MISSING): Status.MISSING,
    (Status.RETURNED, Action.MARK_MISSING): Status.MISSING,
}
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
# States that count as "done" for a parent's approval.
CLOSED_STATES = (Status.APPROVED, Status.MISSING)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):

        return scope_for(user).filter(self, unit_field="unit")


class Report(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    # The unit version valid in the period: 2023 reports stay on the 2023 hierarchy.
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT)
    narrative = models.JSONField("nội dung báo cáo", default=dict, blank=True)  # {section key: text}
    doc_number = models.CharField("số văn bản", max_length=20, blank=True, default="")
    return_reason = models.TextField("lý do trả lại", blank=True, default="")
    unapprove_reason = models.TextField("lý do hủy duyệt", blank=True, default="")
    missing_reason = models.TextField("lý do không nộp", blank=True, default="")
    revision = models.PositiveIntegerField(default=0)  # bumped by every save: two editors cannot overwrite each other
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        # A body of a unit formed in 2025 may report on a past period for each of its predecessor units.
        constraints = [
            models.UniqueConstraint(fields=["organization", "period", "unit"], name="reports_report_org_period_unit")
        ]
        indexes = [models.Index(fields=["period", "status"], name="reports_report_period_idx")]

    # Read with a report wherever it is listed by its label (a document's citers: documents.selectors).
    citer_related = ("period", "organization")

    def __str__(self) -> str:
        return f"Báo cáo {self.period.label} — {self.organization.name}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def on_behalf(self) -> bool:
        """Entered by today's body for a predecessor unit (a period before the 2025 reorganisation)."""
        return self.unit_id != self.organization.unit_id

    @property
    def on_time(self) -> bool:
        return self.submitted_at is not None and self.submitted_at.date() <= self.period.due_date


class Value(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    breakdown = models.CharField(max_length=40, blank=True, default="")  # "" is the indicator's total
    amount = models.BigIntegerField(null=True, blank=True)  # value × 10^decimals; null: not entered
    text = models.TextField("nội dung", blank=True, default="")  # the answer of a text indicator (never rolled up)
    is_auto = models.BooleanField(default=False)
    # An automatic indicator's figure typed by hand for a period before DanVan's records (settings.RECORDS_SINCE).
    is_entered = models.BooleanField("nhập tay", default=False)
    comment = models.TextField("ghi chú", blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "breakdown"], name="reports_value_uniq"),
        ]
        # Covering: `reports verify` reads a period's ~110,000 amounts from the index alone, report by report.
        indexes = [models.Index(fields=["report", "indicator", "breakdown", "amount"], name="reports_value_amount_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id}{':' + self.breakdown if self.breakdown else ''} = {self.amount}"

    @property
    def value(self):
        return self.indicator.to_value(self.amount)


class RuleKind(models.TextChoices):
    NON_NEGATIVE = "non_negative", "Không âm"
    NOT_GREATER = "lte", "Không lớn hơn chỉ tiêu khác"
    CHANGE = "change", "Thay đổi quá N% so với kỳ trước"


class Severity(models.TextChoices):
    BLOCKING = "blocking", "Chặn gửi"
    WARNING = "warning", "Cảnh báo"


class ValidationRule(models.Model):
    """A check on a report's figures, as data. ``left`` empty means every indicator of the form."""

    form = models.ForeignKey(
        ReportForm, verbose_name="mẫu báo cáo", null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField("loại", max_length=20, choices=RuleKind.choices)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, default=Severity.BLOCKING)
    left = models.ForeignKey(
        Indicator, verbose_name="chỉ tiêu", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        Indicator, verbose_name="so với chỉ tiêu", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    threshold_pct = models.PositiveIntegerField("ngưỡng (%)", null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.left or 'mọi chỉ tiêu'}"


class ReportEvent(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class RollupValue(models.Model):
    """Approved figures summed per (period, unit, indicator, breakdown), for the report's unit and every ancestor.

    Kept exact inside the approving (and un-approving) transaction: a commune's approval is in every
    ancestor's roll-up the moment it commits, and reading a roll-up is one indexed equality. ``unit`` is the
    version valid in the period, with its ancestry of that time (geo's denormalised province/district), so
    2023 figures stay in the 2023 hierarchy. The nation is the sum of the province rows.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    unit_level = models.CharField(max_length=10)  # the unit's level, so the nation reads province rows by index
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    breakdown = models.CharField(max_length=40, blank=True, default="")
    total = models.BigIntegerField(default=0)  # sum of amounts (max of amounts for "max" indicators)
    reports = models.IntegerField(default=0)  # approved reports that gave a figure (the divisor of averages)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "indicator", "breakdown"], name="reports_rollup_uniq"),
        ]
        indexes = [
            # Covering, in the order the nation's read adds up the province rows (no sort, no table read). Without
            # it SQLite may prefer the covering index below and read the whole period's store.
            models.Index(
                fields=["period", "unit_level", "indicator", "breakdown", "unit", "total", "reports"],
                name="reports_rollup_level_cover_idx",
            ),
            # Covering: each of the ~110,000 rows `reports verify` looks up is one index probe, no table read.
            models.Index(
                fields=["period", "unit", "indicator", "breakdown", "total", "reports", "unit_level"],
                name="reports_rollup_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.unit_id}/{self.indicator_id}{self.breakdown} = {self.total}"


class OutgoingDocument(models.Model):
    """The body's register of outgoing documents (sổ đăng ký văn bản đi, Nghị định 30/2020 Điều 15): each number it
    gave, per year and symbol, from 1 upward. A number is never reused — not after a return, an un-approval or a
    correction; ``reports.register`` hands them out through ``OutgoingCounter``."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    symbol = models.CharField("ký hiệu", max_length=60)  # "BC/BTGDVTU", "BC-UBND"
    number = models.PositiveIntegerField("số")
    issued_on = models.DateField("ngày ban hành")
    subject = models.CharField("trích yếu", max_length=300)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản đi"
        verbose_name_plural = "sổ văn bản đi"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "symbol", "number"], name="reports_outgoing_number_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.symbol} ({self.year})"


class OutgoingCounter(models.Model):
    """The last number given per (body, year, symbol): one row to lock, so two issuers never get the same number."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    symbol = models.CharField(max_length=60)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "symbol"], name="reports_outgoing_counter_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}/{self.symbol}: {self.last}"
