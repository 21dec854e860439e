"""The library of directives and guidance documents ("văn bản"), and citations of them by any other object.

A document is found three ways: by its number and symbol through ``number_key`` ("qd23", see ``documents.symbols``),
by accent-insensitive full text over ``search_text`` (metadata plus the text extracted from its file; FTS5 on SQLite,
a stored tsvector on PostgreSQL, ``lib.fulltext``), and by the list filters (kind, issuer, year, status).

Visibility: a public document is readable by anyone, without an account; an internal one by signed-in users who
belong to an active organisation (or hold a national role) — see ``sees_internal``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from documents.symbols import document_key
from lib.fulltext import search
from lib.vntext import fold
from orgs.models import Organization
from orgs.permissions import is_national, user_org_ids


class Kind(models.TextChoices):
    RESOLUTION = "resolution", "Nghị quyết"
    DECISION = "decision", "Quyết định"
    DIRECTIVE = "directive", "Chỉ thị"
    CONCLUSION = "conclusion", "Kết luận"
    GUIDANCE = "guidance", "Hướng dẫn"
    PLAN = "plan", "Kế hoạch"
    PROGRAMME = "programme", "Chương trình"
    REGULATION = "regulation", "Quy định"
    NOTICE = "notice", "Thông báo"
    REPORT = "report", "Báo cáo"


# The symbol letters of each kind, for a document whose number carries none ("Hướng dẫn số 01").
KIND_CODE = {
    Kind.RESOLUTION: "nq",
    Kind.DECISION: "qd",
    Kind.DIRECTIVE: "ct",
    Kind.CONCLUSION: "kl",
    Kind.GUIDANCE: "hd",
    Kind.PLAN: "kh",
    Kind.PROGRAMME: "ctr",
    Kind.REGULATION: "qd",
    Kind.NOTICE: "tb",
    Kind.REPORT: "bc",
}


class Status(models.TextChoices):
    IN_FORCE = "in_force", "Còn hiệu lực"
    REPLACED = "replaced", "Đã được thay thế"


class Action(models.TextChoices):
    REPLACE = "replace", "Thay thế"


TRANSITIONS: dict[tuple[str, str], str] = {(Status.IN_FORCE, Action.REPLACE): Status.REPLACED}


class Visibility(models.TextChoices):
    PUBLIC = "public", "Công khai"
    INTERNAL = "internal", "Nội bộ"


class Extraction(models.TextChoices):
    NO_FILE = "no_file", "Chưa có tệp"
    DONE = "done", "Đã trích xuất nội dung"
    FAILED = "failed", "Không trích xuất được nội dung"


def sees_internal(user) -> bool:
    """Internal documents are for the political system's own officers: a national role, or active membership of an
    active organisation. Anonymous visitors and accounts without an organisation read public documents only."""
    return is_national(user) or bool(user_org_ids(user))


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if sees_internal(user) else self.filter(visibility=Visibility.PUBLIC)

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def search(self, query: str, *, newest_first: bool = False):
        return search(self, query, newest_first=newest_first)


def document_path(instance, filename: str) -> str:
    # Never the uploader's file name in the path (it may carry personal data or tricks).
    return f"documents/{instance.file_token}.{instance.file_kind}"


class Document(models.Model):
    code = models.CharField("số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 23-QĐ/TW, 33/CT-TTg")
    kind = models.CharField("loại văn bản", max_length=12, choices=Kind.choices)
    title = models.CharField("trích yếu", max_length=500)
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    issuer_organization = models.ForeignKey(
        Organization,
        verbose_name="tổ chức ban hành (trong hệ thống)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    summary = models.TextField("tóm tắt nội dung", blank=True)
    status = models.CharField("hiệu lực", max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="được thay thế bởi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    visibility = models.CharField("phạm vi", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    # The body that keeps the entry in DanVan: its officers (and those above it) may edit it. Empty for the library
    # seeded centrally, which national roles keep.
    owner = models.ForeignKey(
        Organization, verbose_name="đơn vị cập nhật", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    file = models.FileField("tệp văn bản", upload_to=document_path, max_length=300, blank=True)
    file_name = models.CharField("tên tệp", max_length=255, blank=True)
    file_kind = models.CharField("định dạng", max_length=10, blank=True)
    file_size = models.PositiveBigIntegerField("dung lượng", default=0)
    file_token = models.CharField(max_length=32, blank=True, editable=False)
    extraction = models.CharField(
        "nội dung tệp", max_length=10, choices=Extraction.choices, default=Extraction.NO_FILE, editable=False
    )
    text = models.TextField("nội dung trích xuất", blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived columns (save): the lookup key, the year, the folded issuer and the folded search text.
    number_key = models.CharField(max_length=20, editable=False, default="")
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True, editable=False)
    issuer_folded = models.CharField(max_length=255, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        # Newest entries first (id order); every index ends in id so a filtered page is a bounded walk.
        indexes = [
            models.Index(fields=["number_key", "-id"], name="document_key_idx"),
            models.Index(fields=["kind", "-id"], name="document_kind_idx"),
            models.Index(fields=["year", "kind", "-id"], name="document_year_kind_idx"),
            models.Index(fields=["status", "-id"], name="document_status_idx"),
            models.Index(fields=["visibility", "-id"], name="document_visibility_idx"),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.code}" if self.code else f"{label} {self.title[:80]}"

    def save(self, *args, **kwargs):
        # Derived columns only; changes go through documents/services.py.
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    def derive(self) -> None:
        """Fill the derived columns (also called by the generator, whose bulk inserts skip ``save``)."""
        self.number_key = document_key(self.code, KIND_CODE.get(self.kind, ""))
        self.year = self.issued_on.year if self.issued_on else None
        self.issuer_folded = fold(self.issuer)[:255]
        self.search_text = " ".join(
            part
            for part in (
                fold(self.get_kind_display()),
                fold(self.code),
                self.number_key,
                fold(self.title),
                self.issuer_folded,
                fold(self.summary),
                fold(self.text),
            )
            if part
        )

    @property
    def extraction_failed(self) -> bool:
        return self.extraction == Extraction.FAILED


class Citation(models.Model):
    """An object of any app (a programme, a task, a practice, a dialogue, a report…) cites a document ("căn cứ").

    Generic so that the apps above cite documents without this app importing them; the document's page lists its
    citers through ``documents.selectors.citers_for``, scoped to what the viewer may see."""

    document = models.ForeignKey(Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    cited = GenericForeignKey("content_type", "object_id")
    note = models.CharField("ghi chú", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trích dẫn văn bản"
        verbose_name_plural = "trích dẫn văn bản"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "document"], name="citation_uniq"),
        ]
        indexes = [
            models.Index(fields=["document", "-id"], name="citation_document_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.document_id}"
