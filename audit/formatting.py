"""Audit events as Vietnamese sentences: "Trạng thái: Đã tiếp nhận → Đã trả lời".

An event stores its changes as ``{field name: [before, after]}`` with plain JSON values (``audit.services._plain``).
What an administrator reads is the field's verbose name from the model the event is about, choice labels instead of
stored codes, "Có"/"Không", dates as dd/mm/yyyy and "—" for nothing. The one place that knows how to say it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from audit.models import AuditEvent

EMPTY = "—"

# Keys some services record that are not fields of the model (counts, summaries of a batch).
EXTRA_LABELS = {
    "files": "Số tệp",
    "size": "Dung lượng (byte)",
    "reports": "Số báo cáo",
    "created": "Đã tạo",
    "skipped": "Bỏ qua",
    "scores": "Điểm chấm",
    "cancelled_sessions": "Số buổi tiếp dân bị hủy",
    "rule": "Lịch",
    "source": "Nguồn",
    "petitioner": "Người gửi",
    "total": "Tổng điểm",
    "grade": "Xếp loại",
}

# Keys whose value is a list of ids, not a [before, after] pair.
LIST_KEYS = {"created"}

# Common columns that models leave without a verbose name (Django would then show the English attribute name).
COMMON_LABELS = {
    "id": "Mã",
    "province": "Tỉnh",
    "commune": "Xã, phường",
    "unit": "Địa bàn",
    "organization": "Cơ quan, tổ chức",
    "created_by": "Người tạo",
    "created_at": "Thời điểm tạo",
    "updated_at": "Cập nhật lần cuối",
    "import_key": "Khóa nhập dữ liệu",
    "revision": "Phiên bản",
    "is_active": "Đang hoạt động",
    "is_public": "Công khai",
    # Configuration (reports.config, practices.rubrics): the names of what was added or removed.
    "added_indicator": "Thêm chỉ tiêu",
    "removed_indicator": "Bỏ chỉ tiêu",
    "org_type_codes": "Loại tổ chức phải báo cáo",
    "label_codes": "Danh hiệu, chương trình",
}


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A key may share its name with a reverse relation ("reports": a count), which is no column of this model.
    return field if isinstance(field, models.Field) else None


def label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    text = str(getattr(field, "verbose_name", "") or "")
    if field is None and model is not None and not text:
        try:
            relation = model._meta.get_field(name)  # a reverse relation: name it by the related model
            text = str(relation.related_model._meta.verbose_name_plural)
        except (FieldDoesNotExist, AttributeError):
            pass
    if not text or text == name.replace("_", " "):  # no verbose name given: Django made one from the English name
        text = COMMON_LABELS.get(name) or EXTRA_LABELS.get(name) or text or name.replace("_", " ")
    return text[:1].upper() + text[1:]


def _date_text(value: str) -> str | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if "T" not in value and " " not in value:
        return f"{parsed:%d/%m/%Y}"
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return f"{parsed:%d/%m/%Y %H:%M}"


def value_text(field: models.Field | None, value: Any, related: dict[tuple[type, Any], str] | None = None) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field is not None:
        if field.choices:
            labels = {str(k): str(v) for k, v in field.flatchoices}
            if isinstance(value, list):
                return ", ".join(labels.get(str(v), str(v)) for v in value)
            return labels.get(str(value), str(value))
        if field.is_relation and field.related_model is not None and related is not None:
            if isinstance(value, list):  # a many-to-many field records its keys
                return ", ".join(_related_text(field.related_model, v, related) for v in value) or EMPTY
            return _related_text(field.related_model, value, related)
        if isinstance(field, models.DateField | models.DateTimeField) and isinstance(value, str):
            return _date_text(value) or value
    if isinstance(value, list):
        return ", ".join(value_text(None, v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_text(None, v)}" for k, v in value.items())
    return str(value)


def _pairs(changes: dict) -> Iterable[tuple[str, Any, Any, bool]]:
    """(name, before, after, is_a_change) for each recorded key."""
    for name, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2 and name not in LIST_KEYS:
            yield name, value[0], value[1], True
        else:
            yield name, None, value, False


def _as_pk(model, value):
    """``value`` as a primary key of ``model``, or None: a service may record a related object by its code
    ("workdays") rather than its id, and the page must show it as recorded, not fail."""
    if value in (None, ""):
        return None
    try:
        return model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None


def _related_text(model, value: Any, related: dict[tuple[type, Any], str]) -> str:
    pk = _as_pk(model, value)
    if pk is None:
        return value_text(None, value)  # recorded by code or in another shape: shown as recorded
    return related.get((model, pk), f"#{value}")


def _related_names(events: list[AuditEvent]) -> dict[tuple[type, Any], str]:
    """The names of the objects foreign keys point to: one query per related model for the whole page."""
    wanted: dict[type, set] = defaultdict(set)
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        for name, before, after, _ in _pairs(event.changes):
            field = _field(model, name)
            if field is not None and (field.many_to_one or field.many_to_many) and field.related_model is not None:
                values = [v for value in (before, after) for v in (value if isinstance(value, list) else [value])]
                wanted[field.related_model].update(
                    pk for v in values if (pk := _as_pk(field.related_model, v)) is not None
                )
    names = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(pks)).items():
            names[(model, pk)] = str(obj)
    return names


def sentences(events: Iterable[AuditEvent]) -> dict[int, list[str]]:
    """{event id: ["Trạng thái: Nháp → Đã đăng ký", …]} for a page of events (content types selected with them)."""
    events = list(events)
    related = _related_names(events)
    out = {}
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        lines = []
        for name, before, after, is_change in _pairs(event.changes):
            field = _field(model, name)
            if is_change and value_text(None, before) == EMPTY and value_text(None, after) == EMPTY:
                continue  # a creation lists every column; the empty ones say nothing
            if is_change:
                text = f"{value_text(field, before, related)} → {value_text(field, after, related)}"
            else:
                text = value_text(field, after, related)
            lines.append(f"{label(model, name)}: {text}")
        out[event.pk] = lines
    return out
