"""Residents decide (dân bàn và quyết định) and give opinions (dân tham gia ý kiến); village rules.

The secrecy of an online household vote rests on three tables that share no key: ``VotingCode`` (the slips
handed out: a household label and the code's keyed hash), ``UsedCode`` (only the hash of a code that voted) and
``Ballot`` (only the option, with a random primary key so that its order says nothing).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from geo.models import AdminUnit
from orgs.models import Organization


class RuleBase(models.TextChoices):
    ELIGIBLE = "eligible", "Trên tổng số hộ gia đình thuộc phạm vi lấy ý kiến"
    PARTICIPATING = "participating", "Trên số hộ gia đình tham gia"


class PassingRule(models.Model):
    """When a decision passes: approving votes ≥ (or >) num/den of the base. Data, because the domain notes could
    not check every threshold against the law (two thirds for commune-wide contributions, more than half otherwise).
    """

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=200)
    numerator = models.PositiveSmallIntegerField("tử số")
    denominator = models.PositiveSmallIntegerField("mẫu số")
    strict = models.BooleanField("phải vượt quá tỷ lệ (lớn hơn, không bằng)", default=False)
    base = models.CharField("tính trên", max_length=15, choices=RuleBase.choices, default=RuleBase.ELIGIBLE)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    verified = models.BooleanField("đã đối chiếu văn bản", default=False)

    class Meta:
        verbose_name = "quy tắc thông qua"
        verbose_name_plural = "quy tắc thông qua"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(denominator__gt=0, numerator__lte=models.F("denominator")), name="dem_rule_ratio"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def passes(self, approving: int, *, eligible: int, participating: int) -> bool:
        """Integer arithmetic: exactly two thirds of 300 is 200, with no float rounding."""
        base = eligible if self.base == RuleBase.ELIGIBLE else participating
        if base <= 0:
            return False
        left, right = approving * self.denominator, self.numerator * base
        return left > right if self.strict else left >= right


class ConsultationKind(models.TextChoices):
    DECIDE = "decide", "Nhân dân quyết định trực tiếp"
    DECIDE_APPROVE = "decide_approve", "Nhân dân bàn, biểu quyết để cấp có thẩm quyền quyết định"
    OPINION = "opinion", "Nhân dân tham gia ý kiến"


class ConsultationForm(models.TextChoices):
    MEETING = "meeting", "Hội nghị, cuộc họp cộng đồng dân cư"
    BALLOT = "ballot", "Phát phiếu lấy ý kiến hộ gia đình"
    ONLINE = "online", "Biểu quyết trực tuyến"
    DIALOGUE = "dialogue", "Hội nghị đối thoại giữa UBND xã và Nhân dân"


class ConsultationScope(models.TextChoices):
    COMMUNE = "commune", "Toàn xã"
    VILLAGE = "village", "Thôn, tổ dân phố"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    OPEN = "open", "Đang lấy ý kiến"
    CLOSED = "closed", "Đã kết thúc"
    PUBLISHED = "published", "Đã công bố kết quả"
    APPROVED = "approved", "Đã được cấp có thẩm quyền công nhận"
    CANCELLED = "cancelled", "Đã hủy"


class ConsultationAction(models.TextChoices):
    OPEN = "open", "Bắt đầu lấy ý kiến"
    CLOSE = "close", "Kết thúc lấy ý kiến"
    PUBLISH = "publish", "Công bố kết quả"
    APPROVE = "approve", "Ghi nhận công nhận"
    CANCEL = "cancel", "Hủy"


CONSULTATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (ConsultationStatus.DRAFT, ConsultationAction.OPEN): ConsultationStatus.OPEN,
    (ConsultationStatus.DRAFT, ConsultationAction.CANCEL): ConsultationStatus.CANCELLED,
    (ConsultationStatus.OPEN, ConsultationAction.CLOSE): ConsultationStatus.CLOSED,
    (ConsultationStatus.OPEN, ConsultationAction.CANCEL): ConsultationStatus.CANCELLED,
    (ConsultationStatus.CLOSED, ConsultationAction.PUBLISH): ConsultationStatus.PUBLISHED,
    (ConsultationStatus.PUBLISHED, ConsultationAction.APPROVE): ConsultationStatus.APPROVED,
}


class Outcome(models.TextChoices):
    PASSED = "passed", "Được thông qua"
    FAILED = "failed", "Không được thông qua"
    OPINIONS = "opinions", "Đã tổng hợp ý kiến"


class Consultation(models.Model):
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan tổ chức", on_delete=models.PROTECT, related_name="consultations"
    )
    subject = models.CharField("nội dung lấy ý kiến", max_length=300)
    description = models.TextField("thuyết minh", blank=True)
    scope = models.CharField("phạm vi", max_length=10, choices=ConsultationScope.choices)
    village = models.CharField("thôn, tổ dân phố", max_length=200, blank=True)
    kind = models.CharField("loại", max_length=15, choices=ConsultationKind.choices)
    form = models.CharField("hình thức", max_length=10, choices=ConsultationForm.choices)
    rule = models.ForeignKey(
        PassingRule, verbose_name="quy tắc thông qua", null=True, blank=True, on_delete=models.PROTECT
    )
    dialogue = models.ForeignKey(
        "meetings.Dialogue", verbose_name="hội nghị đối thoại", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    eligible_households = models.PositiveIntegerField("số hộ gia đình thuộc phạm vi", default=0)
    participating_households = models.PositiveIntegerField("số hộ gia đình tham gia", default=0)
    opens_at = models.DateTimeField("bắt đầu")
    closes_at = models.DateTimeField("hạn cuối")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    outcome = models.CharField("kết quả", max_length=10, choices=Outcome.choices, blank=True)
    result_text = models.TextField("kết quả công bố", blank=True)
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True)
    published_on = models.DateField("ngày công bố", null=True, blank=True)
    approval_document = models.CharField("văn bản công nhận", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cuộc lấy ý kiến Nhân dân"
        verbose_name_plural = "cuộc lấy ý kiến Nhân dân"
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["unit", "status", "closed_on"], name="dem_consult_unit_idx")]

    def __str__(self) -> str:
        return self.subject


class Option(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options")
    label = models.CharField("phương án", max_length=300)
    approves = models.BooleanField("là phương án tán thành đề xuất", default=False)
    votes = models.PositiveIntegerField("số hộ chọn", default=0)
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "phương án"
        verbose_name_plural = "phương án"
        ordering = ["ordering", "id"]

    def __str__(self) -> str:
        return self.label


class VotingCode(models.Model):
    """A slip handed to an eligible household: the label (for distribution) and the keyed hash of its code."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="codes")
    household = models.CharField("hộ gia đình", max_length=200)
    code_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "mã biểu quyết"
        verbose_name_plural = "mã biểu quyết"
        constraints = [models.UniqueConstraint(fields=["consultation", "code_hash"], name="dem_code_uniq")]

    def __str__(self) -> str:
        return self.household


class UsedCode(models.Model):
    """Only that a code has voted (its hash): the household's choice is not here."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="used_codes")
    code_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "code_hash"], name="dem_used_code_uniq")]

    def __str__(self) -> str:
        return "Mã đã dùng"


class Ballot(models.Model):
    """One online vote: the option only. A random key, no time: nothing ties it to a code or a household."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ballots")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="ballots")

    class Meta:
        verbose_name = "phiếu biểu quyết"
        verbose_name_plural = "phiếu biểu quyết"

    def __str__(self) -> str:
        return "Phiếu biểu quyết"


class OpinionGroup(models.Model):
    """A group of similar opinions and the body's answer to it (for "give opinions")."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinion_groups")
    summary = models.TextField("nhóm ý kiến")
    count = models.PositiveIntegerField("số ý kiến", default=1)
    answer = models.TextField("giải trình, tiếp thu", blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)

    class Meta:
        verbose_name = "nhóm ý kiến"
        verbose_name_plural = "nhóm ý kiến"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.summary[:80]


class VillageRuleKind(models.TextChoices):
    HUONG_UOC = "huong_uoc", "Hương ước"
    QUY_UOC = "quy_uoc", "Quy ước"


class VillageRule(models.Model):
    """A hương ước / quy ước of a village or residential group, through its versions."""

    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại", max_length=10, choices=VillageRuleKind.choices)
    village = models.CharField("thôn, tổ dân phố", max_length=200)
    title = models.CharField("tên", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hương ước, quy ước"
        verbose_name_plural = "hương ước, quy ước"
        ordering = ["village", "id"]

    def __str__(self) -> str:
        return self.title


class VillageRuleStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    POSTED = "posted", "Đang niêm yết lấy ý kiến"
    ADOPTED = "adopted", "Cộng đồng đã biểu quyết thông qua"
    REJECTED = "rejected", "Không được thông qua"
    APPROVED = "approved", "Đã được công nhận"


class VillageRuleAction(models.TextChoices):
    POST = "post", "Niêm yết dự thảo"
    ADOPT = "adopt", "Ghi kết quả biểu quyết thông qua"
    REJECT = "reject", "Ghi kết quả biểu quyết không thông qua"
    APPROVE = "approve", "Ghi quyết định công nhận"


VILLAGE_RULE_TRANSITIONS: dict[tuple[str, str], str] = {
    (VillageRuleStatus.DRAFT, VillageRuleAction.POST): VillageRuleStatus.POSTED,
    (VillageRuleStatus.POSTED, VillageRuleAction.ADOPT): VillageRuleStatus.ADOPTED,
    (VillageRuleStatus.POSTED, VillageRuleAction.REJECT): VillageRuleStatus.REJECTED,
    (VillageRuleStatus.ADOPTED, VillageRuleAction.APPROVE): VillageRuleStatus.APPROVED,
}


class VillageRuleVersion(models.Model):
    rule = models.ForeignKey(VillageRule, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("lần")
    text = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái", max_length=10, choices=VillageRuleStatus.choices, default=VillageRuleStatus.DRAFT
    )
    posted_on = models.DateField("ngày niêm yết", null=True, blank=True)
    opinions = models.TextField("ý kiến góp ý", blank=True)
    consultation = models.ForeignKey(
        Consultation, verbose_name="cuộc biểu quyết", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    adopted_on = models.DateField("ngày thông qua", null=True, blank=True)
    approval_document = models.CharField("quyết định công nhận", max_length=200, blank=True)
    approved_on = models.DateField("ngày công nhận", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "phiên bản hương ước, quy ước"
        verbose_name_plural = "phiên bản hương ước, quy ước"
        ordering = ["rule_id", "number"]
        constraints = [models.UniqueConstraint(fields=["rule", "number"], name="dem_rule_version_uniq")]

    def __str__(self) -> str:
        return f"{self.rule} (lần {self.number})"
