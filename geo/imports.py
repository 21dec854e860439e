"""Later reorganisations from an official list file (CSV or XLSX), all or nothing.

Columns: mã, tên, loại, mã cấp trên, hiệu lực từ (dd/mm/yyyy), and optionally mã tiền thân
(codes separated by ";"). Each row opens a new version of a unit on its date:
- a code that is valid the day before is closed that day and continued by the new row
  (a rename, a change of type or of parent);
- the codes listed as predecessors are closed too and linked as merged into the new row;
- children of a closed unit that the file does not mention are re-versioned under its
  successor, so a row's validity always lies within its parent's;
- organisations sitting on a closed unit move to its successor.
Every row is validated before anything is written; any error refuses the whole file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from audit.models import Action
from audit.services import record
from geo.models import FOREVER, PARENT_LEVELS, TYPE_LEVEL, AdminUnit, Level, LinkKind, UnitLink, UnitType
from geo.selectors import unit_on
from geo.signals import units_reorganised
from lib.sheets import SheetError, iter_sheet
from lib.vntext import fold

COLUMNS = {
    "ma": "code",
    "ten": "name",
    "loai": "type",
    "ma cap tren": "parent",
    "hieu luc tu": "valid_from",
    "ma tien than": "predecessors",
}
REQUIRED = ["code", "name", "type", "valid_from"]
LABELS = {
    "code": "mã",
    "name": "tên",
    "type": "loại",
    "parent": "mã cấp trên",
    "valid_from": "hiệu lực từ",
    "predecessors": "mã tiền thân",
}
MAX_ROWS = 20000

_TYPES = (
    {fold(label): value for value, label in UnitType.choices}
    | {fold(v): v for v in UnitType.values}
    | {
        "thanh pho truc thuoc tinh": UnitType.PROVINCIAL_CITY,
        "thanh pho thuoc tinh": UnitType.PROVINCIAL_CITY,
    }
)


class UnitImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    closed: int = 0
    cascaded: int = 0
    organizations_moved: int = 0
    touched: list[str] = field(default_factory=list)

    def message(self) -> str:
        return (
            f"Đã mở {self.created} phiên bản đơn vị mới (trong đó {self.cascaded} đơn vị trực thuộc chuyển theo), "
            f"đóng {self.closed} phiên bản cũ, chuyển {self.organizations_moved} tổ chức sang đơn vị kế thừa."
        )


@dataclass
class _Row:
    number: int
    code: str
    name: str
    unit_type: str
    level: str
    parent_code: str
    valid_from: dt.date
    predecessors: list[str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read(data: bytes, filename: str) -> list[tuple[int, dict]]:
    max_bytes = settings.DANVAN_MAX_IMPORT_BYTES
    if len(data) > max_bytes:
        raise UnitImportError([f"Tệp quá lớn ({len(data) // 1024} KB); giới hạn {max_bytes // 1024 // 1024} MB."])
    if not data.strip():
        raise UnitImportError(["Tệp rỗng."])
    rows: list[list] = []
    if data.startswith(b"PK\x03\x04"):
        try:
            rows = [
                list(values)
                for _n, values in iter_sheet(
                    io.BytesIO(data),
                    filename if filename.lower().endswith(".xlsx") else "tep.xlsx",
                    len(data),
                    max_bytes=max_bytes,
                    data_only=True,
                )
            ]
        except SheetError as e:
            raise UnitImportError([str(e)]) from e
    else:
        if b"\x00" in data[:4096]:
            raise UnitImportError(["Tệp không phải CSV hay Excel (XLSX)."])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise UnitImportError(["Tệp CSV phải được lưu với bảng mã UTF-8."]) from e
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise UnitImportError(["Tệp không có dữ liệu."])
    header = [COLUMNS.get(fold(_text(h)).rstrip(" *")) for h in rows[0]]
    missing = [LABELS[c] for c in REQUIRED + ["parent"] if c not in header]
    if missing:
        raise UnitImportError(["Thiếu cột: " + ", ".join(missing) + " (dòng tiêu đề phải là dòng 1)."])
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in values):
            continue
        out.append((number, {key: values[i] if i < len(values) else None for i, key in enumerate(header) if key}))
    if len(out) > MAX_ROWS:
        raise UnitImportError([f"Tệp có quá {MAX_ROWS} dòng."])
    if not out:
        raise UnitImportError(["Tệp không có dòng dữ liệu nào."])
    return out


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.strptime(_text(value), "%d/%m/%Y").date()


def _parse(raw_rows: list[tuple[int, dict]]) -> tuple[list[_Row], list[str]]:
    errors: list[str] = []
    rows: list[_Row] = []
    for number, raw in raw_rows:
        problems = []
        for key in REQUIRED:
            if _text(raw.get(key)) == "":
                problems.append(f"Dòng {number}: thiếu {LABELS[key]}.")
        if problems:
            errors += problems
            continue
        code, name, parent_code = _text(raw["code"]), _text(raw["name"])[:200], _text(raw.get("parent"))
        if not code.isdigit() or len(code) > 10:
            errors.append(f"Dòng {number}: mã “{code}” không hợp lệ (chỉ gồm chữ số).")
            continue
        unit_type = _TYPES.get(fold(_text(raw["type"])))
        if unit_type is None and fold(_text(raw["type"])) == "thanh pho":
            unit_type = UnitType.PROVINCIAL_CITY if parent_code else UnitType.CITY
        if unit_type is None:
            errors.append(f"Dòng {number}: loại “{_text(raw['type'])}” không hợp lệ.")
            continue
        try:
            valid_from = _date(raw["valid_from"])
        except (ValueError, TypeError):
            errors.append(f"Dòng {number}: ngày hiệu lực “{_text(raw['valid_from'])}” không đúng dạng dd/mm/yyyy.")
            continue
        level = TYPE_LEVEL[UnitType(unit_type)]
        if level == Level.PROVINCE and parent_code:
            errors.append(f"Dòng {number}: đơn vị cấp tỉnh không có mã cấp trên (đang ghi “{parent_code}”).")
            continue
        if level != Level.PROVINCE and not parent_code:
            errors.append(f"Dòng {number}: thiếu mã cấp trên của {name}.")
            continue
        predecessors = [p.strip() for p in _text(raw.get("predecessors")).split(";") if p.strip()]
        rows.append(_Row(number, code, name, unit_type, level, parent_code, valid_from, predecessors))
    return rows, errors


def import_units(
    *, upload=None, data: bytes | None = None, filename: str = "", size: int | None = None, by
) -> ImportResult:
    if data is None:
        data = upload.read()
    rows, errors = _parse(_read(data, filename))
    # File-level checks: one row per code and level.
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.code, row.level)
        if key in seen:
            errors.append(f"Dòng {row.number}: mã “{row.code}” đã có ở dòng {seen[key]}.")
        seen[key] = row.number
    if errors:
        raise UnitImportError(errors)
    with transaction.atomic():
        result = _apply(rows, by=by)  # raises UnitImportError (rolling back) on any rule broken
    return result


def _apply(rows: list[_Row], *, by) -> ImportResult:
    errors: list[str] = []
    result = ImportResult()
    created: dict[tuple[str, str], AdminUnit] = {}
    successor_of: dict[int, AdminUnit] = {}  # closed unit id → the version that continues it
    closed_ids: set[int] = set()

    def close(unit: AdminUnit, day_before: dt.date) -> None:
        if unit.pk in closed_ids:
            return
        AdminUnit.objects.filter(pk=unit.pk).update(valid_to=day_before)
        record(
            actor=by,
            action=Action.UPDATE,
            obj=unit,
            changes={"valid_to": [unit.valid_to.isoformat(), day_before.isoformat()]},
            reason="Đóng phiên bản khi nhập danh mục",
        )
        unit.valid_to = day_before
        closed_ids.add(unit.pk)
        result.closed += 1

    def open_version(*, code, name, short_name, unit_type, level, parent, valid_from) -> AdminUnit:
        unit = AdminUnit(
            code=code,
            name=name,
            short_name=short_name,
            unit_type=unit_type,
            level=level,
            parent=parent,
            valid_from=valid_from,
            valid_to=FOREVER,
            source="import",
        )
        if parent is None:
            unit.save()
            unit.province_id = unit.pk
            AdminUnit.objects.filter(pk=unit.pk).update(province_id=unit.pk)
        else:
            unit.province_id = parent.province_id
            unit.district_id = parent.pk if parent.level == Level.DISTRICT else parent.district_id
            unit.save()
        record(
            actor=by,
            action=Action.CREATE,
            obj=unit,
            changes={"code": [None, code], "name": [None, name], "valid_from": [None, valid_from.isoformat()]},
        )
        result.created += 1
        result.touched.append(f"{name} ({code})")
        return unit

    def link(old: AdminUnit, new: AdminUnit, kind: str, effective: dt.date) -> None:
        UnitLink.objects.get_or_create(
            predecessor=old,
            successor=new,
            defaults={"kind": kind, "is_default": True, "effective_date": effective, "source": "import"},
        )
        successor_of.setdefault(old.pk, new)

    for row in rows:
        day_before = row.valid_from - dt.timedelta(days=1)
        later = AdminUnit.objects.filter(code=row.code, level=row.level, valid_from__gte=row.valid_from).first()
        if later is not None:
            errors.append(
                f"Dòng {row.number}: mã “{row.code}” đã có phiên bản hiệu lực từ {later.valid_from:%d/%m/%Y}; "
                f"ngày {row.valid_from:%d/%m/%Y} trùng hoặc chồng lấn thời gian hiệu lực."
            )
            continue
        current = unit_on(row.code, day_before, level=row.level)
        parent = None
        if row.parent_code:
            parent = next(
                (u for (c, _lvl), u in created.items() if c == row.parent_code and u.valid_on(row.valid_from)), None
            )
            parent = parent or unit_on(row.parent_code, row.valid_from)
            if parent is not None and parent.pk in closed_ids:
                parent = successor_of.get(parent.pk)
            if parent is None:
                errors.append(
                    f"Dòng {row.number}: mã cấp trên “{row.parent_code}” không tồn tại vào ngày "
                    f"{row.valid_from:%d/%m/%Y}."
                )
                continue
            if parent.level not in PARENT_LEVELS[Level(row.level)]:
                errors.append(
                    f"Dòng {row.number}: {parent.name} ({parent.get_level_display().lower()}) không thể là "
                    f"cấp trên của đơn vị {UnitType(row.unit_type).label.lower()}."
                )
                continue
        predecessors = []
        for code in row.predecessors:
            pred = unit_on(code, day_before)
            if pred is None:
                errors.append(
                    f"Dòng {row.number}: mã tiền thân “{code}” không có hiệu lực vào ngày {day_before:%d/%m/%Y}."
                )
            else:
                predecessors.append(pred)
        if errors:
            continue
        short = row.name
        for prefix in sorted((label for _v, label in UnitType.choices), key=len, reverse=True):
            if row.name.startswith(prefix + " "):
                short = row.name[len(prefix) + 1 :]
                break
        new = open_version(
            code=row.code,
            name=row.name,
            short_name=short,
            unit_type=row.unit_type,
            level=row.level,
            parent=parent,
            valid_from=row.valid_from,
        )
        created[(row.code, row.level)] = new
        if current is not None:
            close(current, day_before)
            link(current, new, LinkKind.CONTINUATION, row.valid_from)
        for pred in predecessors:
            if pred.pk == getattr(current, "pk", None):
                continue
            close(pred, day_before)
            link(pred, new, LinkKind.MERGE, row.valid_from)
    if errors:
        raise UnitImportError(errors)

    # Children of closed units that the file did not mention follow their parent's successor.
    queue = list(closed_ids)
    while queue:
        parent_id = queue.pop()
        successor = successor_of.get(parent_id)
        closed_parent = AdminUnit.objects.get(pk=parent_id)
        effective = closed_parent.valid_to + dt.timedelta(days=1)
        for child in AdminUnit.objects.filter(parent_id=parent_id, valid_to__gt=closed_parent.valid_to):
            if child.pk in closed_ids:
                continue
            if successor is None:
                raise UnitImportError(
                    [
                        f"{child.name} ({child.code}) thuộc đơn vị {closed_parent.name} bị đóng nhưng "
                        "không có đơn vị kế thừa; hãy ghi rõ đơn vị cấp trên mới của nó."
                    ]
                )
            clone = open_version(
                code=child.code,
                name=child.name,
                short_name=child.short_name,
                unit_type=child.unit_type,
                level=child.level,
                parent=successor,
                valid_from=effective,
            )
            result.cascaded += 1
            close(child, closed_parent.valid_to)
            link(child, clone, LinkKind.CONTINUATION, effective)
            queue.append(child.pk)

    if successor_of:
        # Apps that keep rows on units (organisations, practices' and cases' "today's province") follow the
        # successors in this transaction; each receiver says how many of its rows moved.
        responses = units_reorganised.send(
            sender=AdminUnit, successors={k: v.pk for k, v in successor_of.items()}, by=by
        )
        for _receiver, moved in responses:
            result.organizations_moved += (moved or {}).get("organizations", 0)
    record(
        actor=by,
        action=Action.IMPORT,
        object_repr="Nhập danh mục đơn vị hành chính",
        changes={"created": result.created, "closed": result.closed, "cascaded": result.cascaded},
    )
    return result
