"""XLSX export of practice lists and all-or-nothing import of registrations.

openpyxl writes numbers as numbers (officials sum them in Excel) and never evaluates
formulas, so an imported cell holding a formula is refused rather than misread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from audit.models import Action as AuditAction
from audit.services import record
from geo.models import AdminUnit, Level
from lib.errors import ServiceError
from lib.sheets import SheetError, read_sheet, safe_cell
from lib.sheets import cell_text as _text
from lib.sheets import parse_day as _parse_date
from lib.sheets import parse_whole as _parse_int
from lib.vntext import fold
from orgs.scope import scope_for
from practices import services
from practices.models import Field, Kind, Practice

# (header, attribute, required)
COLUMNS: list[tuple[str, str, bool]] = [
    ("Tên mô hình, điển hình", "name", True),
    ("Loại (Mô hình/Điển hình)", "kind", True),
    ("Lĩnh vực", "field", True),
    ("Mã đơn vị hành chính", "unit", True),
    ("Họ tên cá nhân (điển hình)", "person_name", False),
    ("Thực trạng, lý do xây dựng", "situation", True),
    ("Mục tiêu, tiêu chí đánh giá", "objectives", True),
    ("Nội dung, cách thức thực hiện", "content", True),
    ("Đối tượng", "target_people", True),
    ("Sản phẩm, kết quả đầu ra", "outputs", True),
    ("Khả năng duy trì, nhân rộng", "sustainability", True),
    ("Kinh phí (đồng)", "money_vnd", False),
    ("Xã hội hóa (đồng)", "socialised_vnd", False),
    ("Ngày công", "workdays", False),
    ("Ngày bắt đầu (dd/mm/yyyy)", "start_date", True),
    ("Năm đăng ký", "year", False),
]
MAX_ROWS = 5000

_KINDS = {fold(label): value for value, label in Kind.choices} | {"mo hinh": Kind.MODEL, "dien hinh": Kind.EXEMPLAR}
_FIELDS = {fold(label): value for value, label in Field.choices} | {
    "van hoa - xa hoi": Field.SOCIETY,
    "van hoa xa hoi": Field.SOCIETY,
    "quoc phong - an ninh": Field.DEFENCE,
    "quoc phong an ninh": Field.DEFENCE,
}


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Đăng ký"
    for col, (header, _attr, required) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=header + (" *" if required else ""))
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = 24
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột có dấu * là bắt buộc. Mỗi dòng là một mô hình hoặc điển hình."])
    guide.append(["Loại: " + "; ".join(label for _v, label in Kind.choices)])
    guide.append(["Lĩnh vực: " + "; ".join(label for _v, label in Field.choices)])
    guide.append(["Mã đơn vị hành chính: mã xã/phường/đặc khu hoặc tỉnh theo danh mục hiện hành."])
    guide.append(["Tệp được nhập toàn bộ hoặc không nhập dòng nào; nhập lại cùng tệp không tạo bản trùng."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


EXPORT_COLUMNS = [
    ("Tên mô hình, điển hình", lambda p: p.name),
    ("Loại", lambda p: p.get_kind_display()),
    ("Lĩnh vực", lambda p: p.get_field_display()),
    ("Trạng thái", lambda p: p.get_status_display()),
    ("Cấp công nhận", lambda p: p.get_recognition_level_display()),
    ("Đơn vị đăng ký", lambda p: p.organization.name),
    ("Địa bàn", lambda p: p.unit.name),
    ("Năm", lambda p: p.year),
    ("Kinh phí (đồng)", lambda p: p.money_vnd),
    ("Xã hội hóa (đồng)", lambda p: p.socialised_vnd),
    ("Ngày công", lambda p: p.workdays),
    ("Đất hiến (m²)", lambda p: float(p.land_m2)),
    ("Ngày bắt đầu", lambda p: p.start_date),
]


def export_workbook(practices) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Mô hình Dân vận khéo")
    ws.append([header for header, _ in EXPORT_COLUMNS])
    for practice in practices:
        # Names are typed by people: never let Excel read one as a formula.
        ws.append([safe_cell(getter(practice)) for _, getter in EXPORT_COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class ImportResult:
    created: list[Practice] = field(default_factory=list)
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


DUPLICATE_IMPORT = (
    "Tệp này vừa được nhập đồng thời ở nơi khác; hãy tải lại trang và nhập lại (dòng đã có sẽ được bỏ qua)."
)


def _existing_keys(organization, keys) -> set[str]:
    """The import keys among ``keys`` that the organisation's practices already carry."""
    return set(
        Practice.objects.filter(organization=organization, import_key__in=keys).values_list("import_key", flat=True)
    )


def _import_key(organization_id: int, row: dict) -> str:
    basis = "|".join([str(organization_id), fold(row["name"]), row["unit"].code, str(row["year"])])
    return hashlib.sha256(basis.encode()).hexdigest()[:64]


def _read_rows(upload) -> list[tuple[int, dict]]:
    try:
        return read_sheet(
            upload,
            upload.name or "tep.xlsx",
            upload.size,
            COLUMNS,
            max_rows=MAX_ROWS,
            max_bytes=settings.DANVAN_MAX_IMPORT_BYTES,
        )
    except SheetError as e:
        raise ServiceError(str(e)) from e


def practices_import(*, upload, by, organization, dry_run: bool = False) -> ImportResult:
    """Validate every row first; import all rows or none."""
    rows = _read_rows(upload)
    result = ImportResult()
    if not rows:
        raise ServiceError("Tệp không có dòng dữ liệu nào.")
    header_of = {attr: header for header, attr, _r in COLUMNS}
    write_scope = scope_for(by, write=True)
    codes = {_text(r["unit"]) for _n, r in rows}
    units = {
        u.code: u
        for u in AdminUnit.objects.valid_on(dt.date.today()).filter(code__in=codes).exclude(level=Level.DISTRICT)
    }
    parsed: list[tuple[int, dict]] = []
    for number, raw in rows:
        row: dict = {}
        problems: list[str] = []

        def bad(attr: str, message: str, number=number, problems=problems) -> None:
            problems.append(f"Dòng {number}, cột “{header_of[attr]}”: {message}")

        for _header, attr, required in COLUMNS:
            value = raw[attr]
            if isinstance(value, str) and value.startswith("="):
                bad(attr, "không chấp nhận công thức, hãy nhập giá trị.")
                continue
            if required and _text(value) == "":
                bad(attr, "bắt buộc, đang để trống.")
                continue
            if attr == "kind":
                row[attr] = _KINDS.get(fold(_text(value)))
                if row[attr] is None:
                    bad(attr, f"“{_text(value)}” không phải Mô hình hoặc Điển hình.")
            elif attr == "field":
                row[attr] = _FIELDS.get(fold(_text(value)))
                if row[attr] is None:
                    bad(attr, f"“{_text(value)}” không phải lĩnh vực hợp lệ.")
            elif attr == "unit":
                unit = units.get(_text(value))
                if unit is None:
                    bad(attr, f"mã “{_text(value)}” không có trong danh mục hiện hành.")
                elif not write_scope.covers(unit):
                    bad(attr, f"bạn không có quyền đăng ký cho {unit.name}.")
                row[attr] = unit
            elif attr in ("money_vnd", "socialised_vnd", "workdays", "year"):
                try:
                    row[attr] = _parse_int(value)
                except (ValueError, TypeError):
                    bad(attr, f"“{_text(value)}” không phải số nguyên không âm.")
            elif attr == "start_date":
                try:
                    row[attr] = _parse_date(value)
                except (ValueError, TypeError):
                    bad(attr, f"“{_text(value)}” không phải ngày dạng dd/mm/yyyy.")
            else:
                row[attr] = _text(value)[: 300 if attr == "name" else 20000]
        if not problems and row["kind"] == Kind.EXEMPLAR and not row["person_name"]:
            bad("person_name", "bắt buộc với điển hình cá nhân.")
        if not row.get("year"):
            row["year"] = dt.date.today().year
        result.errors.extend(problems)
        parsed.append((number, row))
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for number, row in parsed:
        key = _import_key(organization.pk, row)
        if key in seen:
            result.errors.append(f"Dòng {number}: trùng với dòng {seen[key]} (cùng tên, địa bàn và năm).")
        seen[key] = number
        row["import_key"] = key
    if result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            existing = _existing_keys(organization, seen)
            for _number, row in parsed:
                if row["import_key"] in existing:
                    result.skipped += 1
                    continue
                practice = services.practice_register(by=by, organization=organization, **row)
                services.practice_submit(practice=practice, by=by)
                result.created.append(practice)
            record(
                actor=by,
                action=AuditAction.IMPORT,
                obj=organization,
                object_repr=f"Nhập {len(result.created)} mô hình từ “{upload.name}”",
                changes={"created": len(result.created), "skipped": result.skipped},
            )
    except ValidationError as e:
        # The same race, caught by the model's check of its unique key before the insert.
        if not any(err.code == "import_duplicate" for errs in e.error_dict.values() for err in errs):
            raise
        raise ServiceError(DUPLICATE_IMPORT, status_code=409) from e
    except IntegrityError as e:
        # Another import of the same rows committed between our check and our insert: nothing of
        # ours was written (one transaction); importing again skips the rows that are now there.
        raise ServiceError(DUPLICATE_IMPORT, status_code=409) from e
    return result
