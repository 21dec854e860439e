""" "Dân vận khéo" practices: registration, appraisal, recognition, commendation, replication.

The lifecycle is data (``Status`` and ``TRANSITIONS`` below); every move goes through
``practices.services`` which refuses illegal moves, writes a ``PracticeEvent`` visible on the
practice page and an audit row in the same transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from geo.models import AdminUnit
from geo.selectors import current_province_id
from lib.fulltext import search
from lib.vntext import fold, sort_key, vn_int
from orgs.models import Organization
from orgs.scope import scope_for


class Kind(models.TextChoices):
    MODEL = "model", "Mô hình (tập thể)"
    EXEMPLAR = "exemplar", "Điển hình (cá nhân)"


class Field(models.TextChoices):
    ECONOMY = "economy", "Kinh tế"
    SOCIETY = "society", "Văn hóa – xã hội"
    DEFENCE = "defence", "Quốc phòng – an ninh"
    POLITICS = "politics", "Xây dựng hệ thống chính trị"


class Status(models.TextChoices):
    DRAFT = "draft", "Nháp"
    REGISTERED = "registered", "Đã đăng ký"
    UNDER_APPRAISAL = "under_appraisal", "Đang thẩm định"
    RECOGNISED = "recognised", "Đã công nhận"
    NOT_RECOGNISED = "not_recognised", "Không công nhận"
    COMMENDED = "commended", "Đã khen thưởng"
    REPLICATED = "replicated", "Đã nhân rộng"


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    # Until 30/6/2025 only (Nghị quyết 60-NQ/TW): kept so that history is recorded as it happened.
    DISTRICT = "district", "Cấp huyện"
    PROVINCE = "province", "Cấp tỉnh"
    CENTRAL = "central", "Toàn quốc"


class Action(models.TextChoices):
    SUBMIT = "submit", "Đăng ký"
    START_APPRAISAL = "start_appraisal", "Đưa vào thẩm định"
    RECOGNISE = "recognise", "Công nhận"
    REJECT = "reject", "Không công nhận"
    COMMEND = "commend", "Khen thưởng"
    REPLICATE = "replicate", "Nhân rộng"
    RETURN = "return", "Trả lại để chỉnh sửa"


# (from, action) → to. "Return for revision" goes back exactly one step.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Action.SUBMIT): Status.REGISTERED,
    (Status.REGISTERED, Action.START_APPRAISAL): Status.UNDER_APPRAISAL,
    (Status.REGISTERED, Action.RETURN): Status.DRAFT,
    (Status.UNDER_APPRAISAL, Action.RECOGNISE): Status.RECOGNISED,
    (Status.UNDER_APPRAISAL, Action.REJECT): Status.NOT_RECOGNISED,
    (Status.UNDER_APPRAISAL, Action.RETURN): Status.REGISTERED,
    (Status.RECOGNISED, Action.COMMEND): Status.COMMENDED,
    (Status.COMMENDED, Action.COMMEND): Status.COMMENDED,
    (Status.RECOGNISED, Action.REPLICATE): Status.REPLICATED,
    (Status.COMMENDED, Action.REPLICATE): Status.REPLICATED,
    (Status.REPLICATED, Action.REPLICATE): Status.REPLICATED,
    (Status.REPLICATED, Action.COMMEND): Status.REPLICATED,
}

# States in which a practice counts as recognised (it may since have been commended or spread).
RECOGNISED_STATES = (Status.RECOGNISED, Status.COMMENDED, Status.REPLICATED)
# What the owner may still edit freely.
EDITABLE_STATES = (Status.DRAFT,)


class LabelKind(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    PROGRAMME = "programme", "Chương trình mục tiêu quốc gia"


class Label(models.Model):
    """An emulation title ("Đơn vị dân vận tốt", …) or a national target programme (nông thôn mới, …) a practice
    serves: data an administrator adds or retires, that officers tag practices with and filter by."""

    kind = models.CharField("loại", max_length=10, choices=LabelKind.choices)
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=300)
    ordering = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "danh hiệu, chương trình"
        verbose_name_plural = "danh hiệu, chương trình"
        ordering = ["kind", "ordering", "id"]

    def __str__(self) -> str:
        return self.name


def visible_q(user) -> Q:
    """What ``user`` may read of practices, as a condition on a model with the practice's ``unit``, ``province`` and
    ``status`` (the practices, and their maintained counts): the user's scope, plus every recognised practice."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    return scope.unit_q("unit", province_field="province") | Q(status__in=RECOGNISED_STATES)


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Practices in the user's scope, plus every recognised one (those are public anyway)."""
        condition = visible_q(user)
        return self.filter(condition) if condition else self

    def public(self):
        return self.filter(status__in=RECOGNISED_STATES)

    def search(self, query: str):

        return search(self, query)


class Practice(models.Model):
    name = models.CharField("tên mô hình, điển hình", max_length=300)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.MODEL)
    field = models.CharField("lĩnh vực", max_length=10, choices=Field.choices)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    recognition_level = models.CharField(
        "cấp công nhận", max_length=10, choices=RecognitionLevel.choices, blank=True, default=""
    )
    # The body whose council appraised and whose level recognised the practice (the decision's day: recognised_on).
    recognised_by = models.ForeignKey(
        Organization,
        verbose_name="cơ quan công nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognised_practices",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="đơn vị đăng ký", on_delete=models.PROTECT, related_name="practices"
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name="địa bàn chính", on_delete=models.PROTECT, related_name="practices"
    )
    other_units = models.ManyToManyField(
        AdminUnit, verbose_name="địa bàn khác", blank=True, related_name="practices_also"
    )
    # Today's province of ``unit`` (for a unit of the old hierarchy, the province that absorbed
    # it), denormalised so lists and scopes filter on one value and walk one index in id order.
    # History goes through ``unit``: statistics of an old province use ``unit__province``.
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False)
    person_name = models.CharField("họ tên cá nhân (điển hình)", max_length=200, blank=True)
    person_public = models.BooleanField("công khai họ tên cá nhân", default=False)

    situation = models.TextField("thực trạng, lý do xây dựng", blank=True)
    objectives = models.TextField("mục tiêu, tiêu chí đánh giá", blank=True)
    content = models.TextField("nội dung, cách thức thực hiện", blank=True)
    target_people = models.TextField("đối tượng", blank=True)
    outputs = models.TextField("sản phẩm, kết quả đầu ra kiểm chứng được", blank=True)
    sustainability = models.TextField("khả năng duy trì, nhân rộng", blank=True)

    money_vnd = models.BigIntegerField("kinh phí (đồng)", default=0, validators=[MinValueValidator(0)])
    socialised_vnd = models.BigIntegerField("xã hội hóa (đồng)", default=0, validators=[MinValueValidator(0)])
    workdays = models.PositiveIntegerField("ngày công", default=0)
    land_m2 = models.DecimalField(
        "đất hiến (m²)", max_digits=12, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    materials = models.TextField("vật tư, phương tiện", blank=True)

    start_date = models.DateField("ngày bắt đầu", null=True, blank=True)
    evaluation_date = models.DateField("ngày đánh giá", null=True, blank=True)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)

    year = models.PositiveSmallIntegerField("năm đăng ký", db_index=True)
    # The dates the practice belongs to, which reports count by (not created_at): an import or a historical entry
    # sets them as they happened ("Huyện ủy Lâm Hà công nhận 42 mô hình" in 2023, entered in 2026).
    registered_on = models.DateField("ngày đăng ký", null=True, blank=True)
    recognised_on = models.DateField("ngày công nhận", null=True, blank=True)
    labels = models.ManyToManyField(Label, verbose_name="danh hiệu, chương trình", blank=True, related_name="practices")
    source = models.ForeignKey(
        "self",
        verbose_name="nhân rộng từ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="descendants",
    )
    import_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=900, editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "mô hình, điển hình"
        verbose_name_plural = "mô hình, điển hình Dân vận khéo"
        # Lists are ordered by id (rows are numbered as they are registered), so a page is a
        # backwards walk that stops after 50 rows; each index ends in id for the same reason.
        # Capped counts of the common filters are read from the indexes alone.
        indexes = [
            models.Index(fields=["province", "status", "-id"], name="practice_prov_status_idx"),
            models.Index(fields=["province", "field", "-id"], name="practice_prov_field_idx"),
            models.Index(fields=["unit", "-id"], name="practice_unit_idx"),
            models.Index(fields=["organization", "-id"], name="practice_org_idx"),
            models.Index(fields=["status", "-id"], name="practice_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "import_key"],
                condition=~Q(import_key=""),
                name="practice_import_key_uniq",
                violation_error_code="import_duplicate",
                violation_error_message="Mô hình này đã được nhập từ một tệp trước đó.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only; the lifecycle lives in practices/services.py.
        self.search_text = " ".join(fold(t) for t in (self.name, self.content, self.objectives, self.situation))
        self.sort_key = sort_key(self.name)
        if self.registered_on is None:
            self.registered_on = timezone.localdate()  # the default: registered the day it is entered
        if self.province_id is None or self.unit_id != self._loaded_unit_id:
            self.province_id = current_province_id(self.unit)
        super().save(*args, **kwargs)
        self._loaded_unit_id = self.unit_id

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_unit_id = instance.__dict__.get("unit_id")
        return instance

    def resource_lines(self) -> list[str]:
        """The resources mobilised, Vietnamese-formatted, leaving out the ones not reported: the columns default to
        zero, and "0 ngày công; 0,0 m²" reads as a claim that nothing was mobilised rather than "not filled in"."""
        land = self.land_m2 or Decimal("0")
        whole, tenth = divmod(land.quantize(Decimal("0.1")) * 10, 10)
        lines = [
            (self.money_vnd, f"{vn_int(self.money_vnd or 0)} đồng kinh phí"),
            (self.socialised_vnd, f"{vn_int(self.socialised_vnd or 0)} đồng xã hội hóa"),
            (self.workdays, f"{vn_int(self.workdays or 0)} ngày công"),
            (land, f"{vn_int(int(whole))}{f',{int(tenth)}' if tenth else ''} m² đất hiến"),
        ]
        return [text for amount, text in lines if amount]

    _loaded_unit_id = None


class PartnerRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    COORDINATE = "coordinate", "Phối hợp"
    PARTICIPATE = "participate", "Tham gia"


class PracticePartner(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("vai trò", max_length=15, choices=PartnerRole.choices, default=PartnerRole.COORDINATE)
    duty = models.CharField("nhiệm vụ", max_length=300, blank=True)

    class Meta:
        verbose_name = "lực lượng thực hiện"
        constraints = [models.UniqueConstraint(fields=["practice", "organization"], name="practice_partner_uniq")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class PracticeEvent(models.Model):
    """The history shown on the practice page (the audit trail keeps the full record)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def default_grade_thresholds() -> dict[str, int]:
    return {"excellent": 90, "good": 80, "fair": 65, "average": 50}


class RubricPurpose(models.TextChoices):
    PRACTICE = "practice", "Thẩm định mô hình, điển hình"
    CONTEST = "contest", "Chấm hội thi"
    ASSESSMENT = "assessment", "Đánh giá, xếp loại"


class CriteriaSet(models.Model):
    """A rubric issued by one body (there is no national rubric).

    Versioned: a revision is a new row (version + 1, ``previous``) valid from a year on, the old one closing the
    year before, so appraisals and scores already made keep the criteria they were made against. A practice is
    appraised against a rubric of its body (or a body above) valid for the practice's year."""

    name = models.CharField("tên bộ tiêu chí", max_length=300)
    owner = models.ForeignKey(Organization, verbose_name="cơ quan ban hành", on_delete=models.PROTECT)
    kind = models.CharField("áp dụng cho", max_length=10, choices=Kind.choices, blank=True, default="")
    purpose = models.CharField("dùng để", max_length=12, choices=RubricPurpose.choices, blank=True, default="")
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    previous = models.ForeignKey(
        "self", verbose_name="phiên bản trước", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year_from = models.PositiveSmallIntegerField("áp dụng từ năm", null=True, blank=True)
    year_to = models.PositiveSmallIntegerField("áp dụng đến năm", null=True, blank=True)
    pass_mark = models.DecimalField("điểm đạt", max_digits=6, decimal_places=2)
    # Grade bands for yearly assessments, as % of the maximum total: {"excellent": 90, ...}.
    grade_thresholds = models.JSONField("ngưỡng xếp loại (%)", default=default_grade_thresholds, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"

    def __str__(self) -> str:
        return self.name

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_score for c in self.criteria.all()), Decimal("0"))


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    description = models.TextField("nội dung tiêu chí")
    max_score = models.DecimalField(
        "điểm tối đa", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "tiêu chí"

    def __str__(self) -> str:
        return f"{self.order}. {self.description[:80]}"


class Appraisal(models.Model):
    """One round of appraisal; a practice returned and resubmitted gets a new round, the old one is kept."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="appraisals")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT)
    council = models.ForeignKey(Organization, verbose_name="hội đồng thuộc", on_delete=models.PROTECT)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="thành viên hội đồng", related_name="+")
    summary = models.TextField("kết luận của hội đồng", blank=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Thẩm định: {self.practice}"


class Score(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "criterion", "appraiser"], name="practice_score_uniq"),
            models.CheckConstraint(condition=Q(score__gte=0), name="practice_score_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class CommendationForm(models.TextChoices):
    CERTIFICATE = "giay_khen", "Giấy khen"
    MERIT = "bang_khen", "Bằng khen"
    PM_MERIT = "bang_khen_ttg", "Bằng khen của Thủ tướng Chính phủ"
    FLAG = "co_thi_dua", "Cờ thi đua"
    MEDAL = "ky_niem_chuong", "Kỷ niệm chương"
    OTHER = "khac", "Hình thức khác"


class Commendation(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="commendations")
    form = models.CharField("hình thức", max_length=20, choices=CommendationForm.choices)
    authority = models.CharField("cấp khen", max_length=300)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    recipient_kind = models.CharField("đối tượng", max_length=10, choices=Kind.choices)
    recipient_name = models.CharField("tên tập thể, cá nhân", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khen thưởng"
        constraints = [
            models.UniqueConstraint(fields=["practice", "decision_number", "recipient_name"], name="commendation_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} số {self.decision_number}"


def evidence_path(instance, filename: str) -> str:
    # Never keep the uploader's file name in the path: it may carry personal data or tricks.
    return f"practices/{instance.practice_id}/{instance.token}.{instance.kind}"


class Evidence(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("định dạng", max_length=10)
    size = models.PositiveBigIntegerField("dung lượng")
    token = models.CharField(max_length=32, unique=True, editable=False)
    caption = models.CharField("chú thích", max_length=300, blank=True)
    is_public = models.BooleanField("công khai trên trang giới thiệu", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


from practices.models_counts import PracticeCount  # noqa: E402, F401
