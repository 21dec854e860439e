"""Citizens' cases: feedback (phản ánh), petitions (kiến nghị), complaints (khiếu nại lần đầu / lần
hai) and denunciations (tố cáo), with legal deadlines, routing, escalation and answers.

The lifecycle is data (``Status`` and ``TRANSITIONS``); every move goes through the services
(``cases.intake``, ``cases.handling``, ``cases.duplicates``, ``cases.retention``), which refuse
illegal moves, write a ``CaseEvent`` (the history the citizen and officers see) and an audit row in
the same transaction.

Privacy: the petitioner's identity and contact details live in ``Petitioner``, a separate table
that lists and public pages never join; only ``cases.selectors.petitioner_for`` reads it, after
checking that the reader belongs to the handling organisation or one above it, and it logs the read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cases.rules import Kind as RuleKind
from geo.models import AdminUnit
from geo.selectors import current_province_id
from lib.fulltext import search
from lib.vntext import fold
from orgs.models import Organization
from orgs.scope import scope_for


class Kind(models.TextChoices):
    # Values are those of the deadline engine (cases.rules.Kind).
    FEEDBACK = RuleKind.FEEDBACK.value, "Phản ánh"
    PETITION = RuleKind.PETITION.value, "Kiến nghị"
    COMPLAINT_FIRST = RuleKind.COMPLAINT_FIRST.value, "Khiếu nại lần đầu"
    COMPLAINT_SECOND = RuleKind.COMPLAINT_SECOND.value, "Khiếu nại lần hai"
    DENUNCIATION = RuleKind.DENUNCIATION.value, "Tố cáo"


class Channel(models.TextChoices):
    WEB = "web", "Cổng thông tin (trực tuyến)"
    IN_PERSON = "in_person", "Trực tiếp (tiếp công dân)"
    PHONE = "phone", "Điện thoại"
    LETTER = "letter", "Thư, đơn gửi qua bưu điện"
    IMPORT = "import", "Nhập từ tệp Excel"


class Status(models.TextChoices):
    MODERATION = "moderation", "Chờ kiểm duyệt"
    RECEIVED = "received", "Đã tiếp nhận"
    ACCEPTED = "accepted", "Đã thụ lý"
    ANSWERED = "answered", "Đã trả lời"
    REOPENED = "reopened", "Người gửi chưa đồng ý, mở lại"
    CLOSED = "closed", "Đã kết thúc"
    DISMISSED = "dismissed", "Không thụ lý"


class Action(models.TextChoices):
    SUBMIT = "submit", "Gửi"
    RECORD = "record", "Ghi nhận thay người dân"
    RELEASE = "release", "Duyệt nội dung"
    DISMISS = "dismiss", "Không thụ lý"
    ACCEPT = "accept", "Thụ lý"
    TRANSFER = "transfer", "Chuyển cơ quan xử lý"
    ANSWER = "answer", "Trả lời"
    CONFIRM = "confirm", "Người gửi đồng ý kết quả"
    REOPEN = "reopen", "Người gửi đề nghị xem xét lại"
    CLOSE = "close", "Kết thúc"
    ESCALATE = "escalate", "Chuyển cấp trên do quá hạn"
    EXTEND = "extend", "Gia hạn giải quyết"
    SECOND_ROUND = "second_round", "Khiếu nại lần hai"
    VERIFY = "verify", "Xác minh danh tính người tố cáo"
    LINK = "link", "Gộp vào vụ việc trùng"
    UNLINK = "unlink", "Tách khỏi vụ việc trùng"
    REQUEST_INFO = "request_info", "Đề nghị người gửi bổ sung thông tin"


# (from, action) → to. Transfer, escalation and extension keep the status (see the services).
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.MODERATION, Action.RELEASE): Status.RECEIVED,
    (Status.MODERATION, Action.DISMISS): Status.DISMISSED,
    (Status.RECEIVED, Action.DISMISS): Status.DISMISSED,
    (Status.RECEIVED, Action.ACCEPT): Status.ACCEPTED,
    (Status.ACCEPTED, Action.ANSWER): Status.ANSWERED,
    (Status.REOPENED, Action.ANSWER): Status.ANSWERED,
    (Status.ANSWERED, Action.CONFIRM): Status.CLOSED,
    (Status.ANSWERED, Action.REOPEN): Status.REOPENED,
    (Status.ANSWERED, Action.CLOSE): Status.CLOSED,
    # The complainant disagrees with the first decision: the first round ends, a second-round case begins.
    (Status.ANSWERED, Action.SECOND_ROUND): Status.CLOSED,
}
# A case an officer still has to act on; its ``due_date`` is the limit now running.
OPEN_STATES = (Status.MODERATION, Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)
# States in which the case may be handed to another body (transfer) or escalated.
MOVABLE_STATES = OPEN_STATES
FINISHED_STATES = (Status.CLOSED, Status.DISMISSED)


class Topic(models.Model):
    """Lĩnh vực of a case (đất đai, môi trường, …): data, so each deployment keeps its own list."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200)
    ordering = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "lĩnh vực ý kiến"
        verbose_name_plural = "lĩnh vực ý kiến"
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases whose place lies in the user's scope (today's province, denormalised)."""

        return scope_for(user).filter(self, "unit", province_field="province")

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, *, on):
        return self.filter(status__in=OPEN_STATES, due_date__lt=on)

    def search(self, query: str):

        return search(self, query)


def scope_q(user) -> Q:
    """The same scope as a Q, on any model with the case's ``unit`` and ``province`` (aggregate queries: the hotspots,
    the maintained counts); an empty scope matches nothing."""

    return scope_for(user).unit_q("unit", province_field="province")


def display_code(code: str) -> str:
    """A tracking code as people read and type it: "ABCD-EFGH"."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


class Case(models.Model):
    # Short code a citizen can read over the phone (no 0/O, 1/I/L); it shows only the status.
    code = models.CharField("mã tra cứu", max_length=12, unique=True, editable=False)
    # SHA-256 of the private-link token: the token itself is shown once, to the sender.
    token_hash = models.CharField(max_length=64, editable=False)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    topic = models.ForeignKey(Topic, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="cases")
    # The unit version valid when the case was received (history); ``province`` is today's
    # province of that unit, denormalised so queues and scopes filter on one indexed value.
    # No index of their own for unit, province, organization and escalated_to: each leads a composite index below,
    # which serves every lookup on it (issue 19: each index an insert must update is justified by a page).
    unit = models.ForeignKey(
        AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)
    title = models.CharField("tiêu đề", max_length=300)
    content = models.TextField("nội dung")
    search_text = models.TextField(editable=False, default="")
    channel = models.CharField("hình thức tiếp nhận", max_length=12, choices=Channel.choices, default=Channel.WEB)
    is_anonymous = models.BooleanField("không nêu danh tính", default=False)
    is_remote_area = models.BooleanField("vùng sâu, vùng xa đi lại khó khăn", default=False)
    is_complex = models.BooleanField("vụ việc phức tạp", default=False)
    # Luật Tố cáo 2018, Điều 30: a complex denunciation is extended once, an especially complex one twice.
    is_especially_complex = models.BooleanField("vụ việc đặc biệt phức tạp", default=False)
    # Luật Tố cáo 2018, Điều 25: an unsigned denunciation is "thông tin có nội dung tố cáo" until the sender's
    # identity is verified; no legal clock runs on it until then.
    is_denunciation_info = models.BooleanField("thông tin có nội dung tố cáo (chưa rõ người tố cáo)", default=False)
    # A second-time complaint names the first-time complaint it continues (Luật Khiếu nại 2011, Điều 33).
    # Indexed by a partial index (case_first_round_idx, below): nearly every case has none.
    first_round = models.ForeignKey(
        "self",
        verbose_name="khiếu nại lần đầu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_rounds",
        db_index=False,
    )
    people_count = models.PositiveIntegerField("số người cùng gửi", default=1)
    extensions = models.PositiveSmallIntegerField("số lần gia hạn", default=0)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)

    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.RECEIVED)
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan xử lý", on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    # Escalation hands the case to a body above for supervision; the handling body keeps it.
    escalated_to = models.ForeignKey(
        Organization,
        verbose_name="cấp trên theo dõi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_cases",
        db_index=False,
    )
    escalation_level = models.PositiveSmallIntegerField("cấp chuyển lên", default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)

    received_on = models.DateField("ngày nhận")
    accepted_on = models.DateField("ngày thụ lý", null=True, blank=True)
    accept_due = models.DateField("hạn thụ lý", null=True, blank=True)
    resolve_due = models.DateField("hạn giải quyết", null=True, blank=True)
    # The limit running now (acceptance, then resolution); empty once answered or finished.
    due_date = models.DateField("hạn hiện tại", null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_on_time = models.BooleanField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    satisfied = models.BooleanField("người gửi hài lòng", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="trùng với", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The reception day at which an officer recorded the case on the citizen's behalf.
    reception_session = models.ForeignKey(
        "meetings.ReceptionSession",
        verbose_name="buổi tiếp công dân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )

    # A keyed hash of an imported spreadsheet row (cases.excel): importing the same file again
    # finds the row and creates nothing. Empty for cases not imported.
    import_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "ý kiến, đơn thư"
        verbose_name_plural = "ý kiến, đơn thư"
        # Queues filter on (place or body, status) and sort by the running deadline; full
        # composite indexes rather than partial ones because Django binds status__in values,
        # which SQLite's planner cannot match against a partial index predicate.
        indexes = [
            models.Index(fields=["province", "status", "due_date"], name="case_prov_status_due_idx"),
            # A body's queue (handled by it or escalated to it): the province last checks the user's scope inside
            # the index. Without it SQLite read every open case of a big province's Ban to check its place.
            # The key last: PostgreSQL reads a body's page keys and count from these alone, one side of "handled by
            # or escalated to" each (lib.paging.KeysFirst's branches); SQLite's indexes hold the rowid anyway.
            models.Index(
                fields=["organization", "status", "due_date", "province", "id"], name="case_org_status_due_idx"
            ),
            # The handling body last: a count over the cases escalated to a body and handled elsewhere
            # (cases.selectors.body_aggregate) is then answered from this index alone.
            models.Index(
                fields=["escalated_to", "status", "due_date", "province", "id", "organization"],
                name="case_esc_status_due_org_idx",
            ),
            models.Index(fields=["province", "-id"], name="case_prov_id_idx"),
            # A province's overdue queue read in its order (due date, id): only open cases have a running
            # limit, so the walk over past limits stops at the page, where (province, status, due_date)
            # reads and sorts every overdue case of the province. The status last is checked inside the
            # index, so PostgreSQL expects few row reads (it misjudges how status and limit go together).
            models.Index(fields=["province", "due_date", "id", "status"], name="case_prov_due_idx"),
            models.Index(fields=["unit", "topic", "received_on"], name="case_unit_topic_day_idx"),
            # Hotspot counts: a whole-country GROUP BY over recent weeks reads only this index. It also serves every
            # filter on the day received alone (the export, the statistics' date range), which had an index of its own.
            models.Index(fields=["received_on", "province", "unit", "topic", "people_count"], name="case_hotspot_idx"),
            # Hotspots' missed limits, whole country: open cases by running limit, late answers by
            # resolution limit, each covering its half of the query (cases.hotspots._counts).
            models.Index(fields=["status", "due_date", "province", "unit", "topic"], name="case_hotspot_open_idx"),
            models.Index(
                fields=["answered_on_time", "resolve_due", "status", "province", "unit", "topic"],
                name="case_hotspot_late_idx",
            ),
            # How a body's answers went (the queue page's rates, cases.selectors.queue_counts): every answered case it
            # handled, read from this index alone rather than from the rows (a big province's Ban has answered
            # thousands). Partial on a condition no other query states (answered_at IS NOT NULL), so no other query's
            # plan can pick it.
            models.Index(
                fields=["organization", "province", "answered_on_time", "satisfied"],
                condition=Q(answered_at__isnull=False),
                name="case_org_answers_idx",
            ),
            # A case's second-round complaints (its page). Partial: with a plain index on a column that is NULL in
            # nearly every row, SQLite's statistics say one value matches every case, and the case page's lookup
            # walked the organisations instead (2.9 s at national scale).
            models.Index(fields=["first_round"], condition=Q(first_round__isnull=False), name="case_first_round_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(people_count__gte=1), name="case_people_count_positive"),
            models.UniqueConstraint(fields=["import_key"], condition=~Q(import_key=""), name="case_import_key_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.display_code}: {self.title}"

    def save(self, *args, **kwargs):
        # Derived columns only; the lifecycle lives in cases/services.py.
        self.search_text = " ".join(fold(t) for t in (self.title, self.content))
        if self.province_id is None or self.unit_id != self._loaded_unit_id:
            self.province_id = current_province_id(self.unit)
        super().save(*args, **kwargs)
        self._loaded_unit_id = self.unit_id

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_unit_id = instance.__dict__.get("unit_id")
        return instance

    _loaded_unit_id = None

    @property
    def display_code(self) -> str:
        return display_code(self.code)

    @property
    def kind_label(self) -> str:
        if self.is_denunciation_info:
            return "Thông tin có nội dung tố cáo"
        return self.get_kind_display()


class Petitioner(models.Model):
    """Who sent a case. Read only through ``cases.selectors.petitioner_for`` (checked and logged)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="petitioner")
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    id_number = models.CharField("số CCCD/định danh", max_length=20, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    address = models.CharField("địa chỉ liên hệ", max_length=300, blank=True)

    class Meta:
        verbose_name = "người gửi"
        verbose_name_plural = "người gửi"

    def __str__(self) -> str:
        return self.full_name or "Người gửi không nêu tên"

    @property
    def is_identified(self) -> bool:
        return bool(self.full_name.strip() and (self.id_number.strip() or self.phone.strip() or self.address.strip()))


class CaseEvent(models.Model):
    """The case's history, as its page shows it (the audit trail keeps the full record).

    ``public`` events are shown to the sender at the private link; names of officers never are.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    from_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case.display_code}: {self.get_action_display()}"


class Subscription(models.Model):
    """Where a sender asked to be told when their case moves (cases.citizen_updates): an e-mail address or a phone
    number, used only for those messages — never shown to officers, erased with the case's personal data."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="subscription")
    channel = models.CharField("kênh", max_length=8, choices=[("email", "Thư điện tử"), ("sms", "Tin nhắn SMS")])
    address = models.CharField("địa chỉ nhận", max_length=254)
    # SHA-256 of the one-time confirmation token sent to the address; messages start once it is confirmed.
    confirm_hash = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đăng ký nhận thông báo"
        verbose_name_plural = "đăng ký nhận thông báo"

    def __str__(self) -> str:
        return f"Đăng ký nhận thông báo của ý kiến {self.case.display_code}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.stopped_at is None


class Answer(models.Model):
    """An official answer; a reopened case gets a new one, the old one is kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField("nội dung trả lời")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Trả lời {self.case.display_code}"


def attachment_path(instance, filename: str) -> str:
    # Never the sender's file name in the path: it may carry personal data or tricks.
    return f"cases/{instance.case_id}/{instance.token}.{instance.kind}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("định dạng", max_length=10)
    size = models.PositiveBigIntegerField("dung lượng")
    token = models.CharField(max_length=32, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RoutingRule(models.Model):
    """Cases about ``topic`` (any topic when empty) in ``unit`` (and, with ``include_subtree``,
    its communes) go to ``organization``. The most specific rule wins: the commune's own rule
    before its province's, a topic's rule before the any-topic one."""

    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    include_subtree = models.BooleanField("áp dụng cả đơn vị cấp dưới", default=True)
    topic = models.ForeignKey(
        Topic, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, blank=True, default="")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan xử lý", on_delete=models.PROTECT, related_name="routing_rules"
    )
    is_active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "quy tắc chuyển xử lý"
        verbose_name_plural = "quy tắc chuyển xử lý"
        indexes = [models.Index(fields=["unit", "is_active"], name="case_routing_unit_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "topic", "kind"], condition=Q(is_active=True), name="case_routing_active_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.topic or 'mọi lĩnh vực'} → {self.organization}"

    def clean(self):
        # A rule for complaints or denunciations names a body whose head decides them (Luật Khiếu nại 2011,
        # Điều 17–21); a rule for every kind may name a Party body or the Front: they receive and forward.
        decision_kinds = (Kind.COMPLAINT_FIRST, Kind.COMPLAINT_SECOND, Kind.DENUNCIATION)
        if self.kind in decision_kinds and self.organization_id and not self.organization.org_type.decides_complaints:
            raise ValidationError(
                {
                    "organization": "Khiếu nại, tố cáo chỉ được chuyển đến cơ quan hành chính nhà nước có thẩm quyền "
                    "giải quyết (Chủ tịch UBND, Giám đốc sở…), không chuyển đến cơ quan Đảng, Mặt trận, đoàn thể."
                }
            )


class ReplyLimit(models.Model):
    """The time limit a body applies to answering feedback and petitions: its own rule, not a legal limit (no law
    fixes one for petitions outside the reception of citizens); the Government portal's 20 days is the default."""

    organization = models.OneToOneField(
        Organization, verbose_name="cơ quan tiếp nhận", on_delete=models.CASCADE, related_name="reply_limit"
    )
    days = models.PositiveSmallIntegerField("số ngày trả lời phản ánh, kiến nghị")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thời hạn trả lời do cơ quan áp dụng"
        verbose_name_plural = "thời hạn trả lời do cơ quan áp dụng"
        constraints = [models.CheckConstraint(condition=Q(days__gte=1) & Q(days__lte=365), name="case_reply_days")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.days} ngày"


class Submission(models.Model):
    """One public submission attempt, for the per-address rate limit (a keyed hash, not the address)."""

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["client_hash", "at"], name="case_submission_client_idx")]

    def __str__(self) -> str:
        return f"{self.client_hash[:8]} {self.at:%d/%m/%Y %H:%M}"


class RateLimitLock(models.Model):
    """One row per limited key (a purpose and an address hash), locked by cases.ratelimit for the length of the
    transaction that counts and records an attempt, so concurrent attempts from one address count one at a time."""

    key = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.key[:16]


class LookupCount(models.Model):
    """Status lookups and private-link visits from one address in one window, for the per-address limit
    (``cases.lookup_limit``): a keyed hash of the address, not the address. One counter row incremented in the
    database rather than a counter in the cache, whose increment (read, then write) lost requests sent together."""

    client_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client_hash", "window_start"], name="case_lookup_count_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.client_hash[:8]} {self.window_start:%d/%m/%Y %H:%M} ×{self.hits}"


# Điểm nóng (officer-confirmed situations) and the maintained counts live in their own modules; imported here so
# Django registers them.
from cases.models_counts import CaseCount  # noqa: E402, F401
from cases.models_hotspot import Hotspot, HotspotEvent  # noqa: E402, F401
