"""The one write path of the library: create, edit, attach a file, replace; cite and un-cite.

Who publishes (decision, documented in docs/architecture.md): national roles (admins, central officers) and officers
with write rights of a central- or province-level organisation; the document is kept by that organisation (``owner``)
and edited by its officers and those above it. Every change writes its audit row in its transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.models import Action as AuditAction
from audit.services import diff, record, snapshot
from audit.transitions import Workflow, transition
from documents.extract import extract_text
from documents.models import TRANSITIONS, Action, Citation, Document, Extraction, Kind, Status, Visibility
from lib.errors import ServiceError
from lib.uploads import DOCX, PDF, UploadRejected, check_upload
from orgs.models import Organization, Tier
from orgs.permissions import acts_for, is_national, user_org_ids

WORKFLOW = Workflow(
    model=Document,
    moves=TRANSITIONS,
    noun="văn bản",
    status_labels=dict(Status.choices),
    action_labels=dict(Action.choices),
)
PUBLISHING_TIERS = (Tier.CENTRAL, Tier.PROVINCE)
EDITABLE_FIELDS = (
    "code",
    "kind",
    "title",
    "issuer",
    "issuer_organization",
    "issued_on",
    "summary",
    "visibility",
)


def publishing_organizations(user) -> models.QuerySet[Organization]:
    """The organisations ``user`` may publish documents for: those of central or province level where they write."""
    return Organization.objects.filter(
        pk__in=user_org_ids(user, write=True), tier__in=PUBLISHING_TIERS, is_active=True
    ).order_by("tier", "name")


def can_publish(user) -> bool:
    return is_national(user) or publishing_organizations(user).exists()


def can_edit(user, document: Document) -> bool:
    if is_national(user):
        return True
    return document.owner_id is not None and acts_for(user, document.owner)


def _require_edit(user, document: Document) -> None:
    if not can_edit(user, document):
        raise ServiceError("Bạn không có quyền sửa văn bản này.", status_code=403)


def _check_values(values: dict[str, Any]) -> None:
    if "kind" in values and values["kind"] not in Kind.values:
        raise ServiceError("Loại văn bản không hợp lệ.", extra={"kind": values["kind"]})
    if "visibility" in values and values["visibility"] not in Visibility.values:
        raise ServiceError("Phạm vi không hợp lệ.", extra={"visibility": values["visibility"]})
    for name in ("title", "issuer"):
        if name in values and not str(values[name]).strip():
            label = "Trích yếu" if name == "title" else "Cơ quan ban hành"
            raise ServiceError(f"{label} không được để trống.", extra={name: "required"})
    if isinstance(values.get("issued_on"), dt.date) and values["issued_on"].year < 1930:
        raise ServiceError("Ngày ban hành không hợp lệ.", extra={"issued_on": str(values["issued_on"])})


def _read_upload(upload) -> tuple[str, bytes]:
    """The checked kind and bytes of an upload: content sniffed, size limited (``lib.uploads``)."""
    try:
        kind = check_upload(
            upload, upload.name, upload.size, allowed=(PDF, DOCX), max_bytes=settings.DANVAN_MAX_EVIDENCE_BYTES
        )
    except UploadRejected as e:
        raise ServiceError(str(e), extra={"file": upload.name}) from e
    upload.seek(0)
    data = upload.read(settings.DANVAN_MAX_EVIDENCE_BYTES + 1)
    upload.seek(0)
    return kind.name, data


def _store_file(document: Document, upload, kind: str, data: bytes) -> None:
    """Fill the file columns; the extraction runs before any transaction is opened (it may take seconds)."""
    result = extract_text(data, kind)
    document.file_token = secrets.token_hex(16)
    document.file_kind = kind
    document.file_name = upload.name[:255]
    document.file_size = len(data)
    document.extraction = Extraction.DONE if result.ok else Extraction.FAILED
    document.text = result.text if result.ok else ""
    document.file.save(f"{document.file_token}.{kind}", upload, save=False)


def document_create(*, by, owner: Organization | None = None, upload=None, **values: Any) -> Document:
    """A new document kept by ``owner`` (None: the central library, national roles only)."""
    if owner is None and not is_national(by):
        raise ServiceError("Chỉ cán bộ Trung ương được cập nhật văn bản vào thư viện chung.", status_code=403)
    if owner is not None and not is_national(by) and not publishing_organizations(by).filter(pk=owner.pk).exists():
        raise ServiceError(
            "Bạn không có quyền đăng văn bản cho tổ chức này (chỉ cán bộ cấp Trung ương, cấp tỉnh).", status_code=403
        )
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError("Trường không hợp lệ.", extra={"fields": sorted(unknown)})
    values.setdefault("visibility", Visibility.PUBLIC)
    _check_values(values)
    document = Document(owner=owner, created_by=by, **values)
    if upload is not None:
        kind, data = _read_upload(upload)
        _store_file(document, upload, kind, data)
    try:
        with transaction.atomic():
            document.save()
            record(
                actor=by,
                action=AuditAction.CREATE,
                obj=document,
                changes={k: [None, v] for k, v in snapshot(document, [*EDITABLE_FIELDS, "owner", "file_name"]).items()},
            )
    except Exception:
        # The file system is not part of the transaction: leave no orphan behind.
        if document.file:
            document.file.delete(save=False)
        raise
    return document


def document_update(*, document: Document, by, **values: Any) -> Document:
    _require_edit(by, document)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError("Trường không hợp lệ.", extra={"fields": sorted(unknown)})
    _check_values(values)
    with transaction.atomic():
        before = snapshot(document, list(EDITABLE_FIELDS))
        for key, value in values.items():
            setattr(document, key, value)
        changes = diff(before, snapshot(document, list(EDITABLE_FIELDS)))
        if changes:
            document.save()
            record(actor=by, action=AuditAction.UPDATE, obj=document, changes=changes)
    return document


def document_attach_file(*, document: Document, by, upload) -> Document:
    """Attach (or replace) the document's file; its text is extracted again, or the document is flagged."""
    _require_edit(by, document)
    kind, data = _read_upload(upload)
    old = document.file.name if document.file else ""
    old_name = document.file_name
    _store_file(document, upload, kind, data)
    try:
        with transaction.atomic():
            document.save()
            record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=document,
                changes={"file_name": [old_name, document.file_name], "extraction": [None, document.extraction]},
            )
    except Exception:
        document.file.delete(save=False)
        raise
    if old:
        document.file.storage.delete(old)
    return document


def document_replace(*, document: Document, by, successor: Document, reason: str = "") -> Document:
    """``document`` is replaced by ``successor`` (in force): it shows its successor from now on."""
    _require_edit(by, document)
    WORKFLOW.require(document.status, Action.REPLACE)
    if successor.pk == document.pk:
        raise ServiceError("Văn bản không thể thay thế chính nó.", extra={"successor": successor.pk})
    if successor.status != Status.IN_FORCE:
        raise ServiceError(
            f"{successor} đã được thay thế, không thể là văn bản thay thế.", extra={"successor": successor.pk}
        )
    with transaction.atomic():
        transition(
            WORKFLOW,
            document,
            action=Action.REPLACE,
            by=by,
            reason=reason,
            updates={"replaced_by_id": successor.pk},
            object_repr=str(document),
        )
    return document


# Citations ---------------------------------------------------------------------------------------------------------


def can_cite(user, obj: models.Model) -> bool:
    """Who may attach documents to ``obj``: the object's own rule when its model has one
    (``can_cite_documents(user)``), otherwise write rights for its ``organization``, otherwise national roles."""
    rule = getattr(obj, "can_cite_documents", None)
    if callable(rule):
        return bool(rule(user))
    organization = getattr(obj, "organization", None)
    if isinstance(organization, Organization):
        return acts_for(user, organization)
    return is_national(user)


def _require_cite(user, obj: models.Model) -> None:
    if not can_cite(user, obj):
        raise ServiceError("Bạn không có quyền cập nhật văn bản căn cứ của đối tượng này.", status_code=403)


def citation_add(*, obj: models.Model, document: Document, by, note: str = "") -> Citation:
    """``obj`` cites ``document`` (idempotent: citing twice keeps one citation)."""
    _require_cite(by, obj)
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        citation, created = Citation.objects.get_or_create(
            content_type=content_type,
            object_id=obj.pk,
            document=document,
            defaults={"note": note[:300], "created_by": by if getattr(by, "is_authenticated", False) else None},
        )
        if created:
            record(
                actor=by,
                action=AuditAction.CREATE,
                obj=citation,
                object_repr=f"“{obj}” căn cứ {document}"[:300],
                changes={"document": [None, document.pk], "object": [None, f"{content_type.model}:{obj.pk}"]},
            )
    return citation


def citation_remove(*, obj: models.Model, document: Document, by) -> bool:
    """``obj`` no longer cites ``document``; False when it did not."""
    _require_cite(by, obj)
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        citation = Citation.objects.filter(content_type=content_type, object_id=obj.pk, document=document).first()
        if citation is None:
            return False
        record(
            actor=by,
            action=AuditAction.DELETE,
            obj=citation,
            object_repr=f"“{obj}” thôi căn cứ {document}"[:300],
            changes={"document": [document.pk, None], "object": [f"{content_type.model}:{obj.pk}", None]},
        )
        citation.delete()
    return True
