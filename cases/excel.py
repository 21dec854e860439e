"""XLSX import of cases received by letter, phone or in person (officers, in bulk) and XLSX export
of an officer's list.

Import: every row is checked first (kind, topic, unit code valid on the receipt date and within the
officer's write scope, dates dd/mm/yyyy, identity for denunciations and complaints, lengths); then
every row goes through ``intake.case_record`` — the same path as a case recorded by hand
(routing, legal deadlines, history, audit) — inside one transaction, which is rolled back if any
row fails there. So a file is imported whole or not at all. Each row carries a keyed hash of its
content (``Case.import_key``), so importing the same file again creates nothing.

Export: the rows of a queue, never the sender's identity or contact details (those are read one
case at a time by the handling body, and each read is logged).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from audit.models import Action as AuditAction
from audit.services import record
from cases import intake
from cases.models import Case, Channel, Kind, Status, Topic, display_code
from geo.models import AdminUnit, Level
from geo.selectors import successors
from lib.errors import ServiceError
from lib.sheets import (
    SheetError,
    cell_text,
    is_formula,
    parse_day,
    parse_whole,
    parse_yes_no,
    read_sheet,
    row_key,
    safe_cell,
)
from lib.vntext import fold, vn_int
from orgs import permissions
from orgs.scope import scope_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Ý kiến"
LISTS_SHEET = "Danh mục"

# (header, attribute, required). Headers are matched without accents, case or a trailing "*".
COLUMNS: list[tuple[str, str, bool]] = [
    ("Ngày nhận (dd/mm/yyyy)", "received_on", True),
    ("Hình thức tiếp nhận", "channel", False),
    ("Loại ý kiến", "kind", True),
    ("Lĩnh vực", "topic", True),
    ("Mã đơn vị hành chính", "unit", True),
    ("Tiêu đề", "title", True),
    ("Nội dung", "content", True),
    ("Số người cùng gửi", "people_count", False),
    ("Vùng sâu, vùng xa (Có/Không)", "is_remote_area", False),
    ("Vụ việc phức tạp (Có/Không)", "is_complex", False),
    ("Họ và tên người gửi", "full_name", False),
    ("Số CCCD/định danh", "id_number", False),
    ("Điện thoại", "phone", False),
    ("Thư điện tử", "email", False),
    ("Địa chỉ liên hệ", "address", False),
]
HEADER_OF = {attr: header for header, attr, _r in COLUMNS}
# Lengths of the model fields (and of the public form's content limit).
MAX_LENGTHS = {
    "title": 300,
    "content": 20000,
    "full_name": 200,
    "id_number": 20,
    "phone": 30,
    "email": 254,
    "address": 300,
}
TEXT_FIELDS = tuple(MAX_LENGTHS)
CONTACT_FIELDS = ("full_name", "id_number", "phone", "email", "address")
# Each row is a whole recorded case (routing, deadlines, history, audit): a bounded file keeps
# the one import transaction short.
MAX_ROWS = 1000
MAX_PEOPLE = 100000
# Control characters other than tab and line breaks are refused: PostgreSQL rejects NUL in text,
# and the others are invisible tricks in a case a citizen will read.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

IMPORT_CHANNELS = [c for c in Channel.choices if c[0] != Channel.WEB]
_KINDS = {fold(label): value for value, label in Kind.choices} | {fold(v): v for v in Kind.values}
_CHANNELS = (
    {fold(label): value for value, label in IMPORT_CHANNELS}
    | {fold(v): v for v, _l in IMPORT_CHANNELS}
    | {
        "truc tiep": Channel.IN_PERSON,
        "tiep cong dan": Channel.IN_PERSON,
        "dien thoai": Channel.PHONE,
        "thu": Channel.LETTER,
        "don": Channel.LETTER,
        "buu dien": Channel.LETTER,
        "thu, don": Channel.LETTER,
        "excel": Channel.IMPORT,
    }
)


def max_bytes() -> int:
    return settings.DANVAN_MAX_IMPORT_BYTES


# ---------------------------------------------------------------- template


def template_workbook() -> bytes:
    """The template: the data sheet with Vietnamese headers (required ones starred, drop-downs for
    the listed columns), the allowed values, and a guide."""
    topics = list(Topic.objects.filter(is_active=True).order_by("ordering", "name").values_list("code", "name"))
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for col, (header, _attr, required) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=header + (" *" if required else ""))
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = 40 if col in (6, 7) else 22
    ws.freeze_panes = "A2"

    lists = wb.create_sheet(LISTS_SHEET)
    lists.append(["Loại ý kiến", "Lĩnh vực", "Mã lĩnh vực", "Hình thức tiếp nhận", "Có/Không"])
    for cell in lists[1]:
        cell.font = Font(bold=True)
    kinds = [label for _v, label in Kind.choices]
    channels = [label for _v, label in IMPORT_CHANNELS]
    yes_no = ["Có", "Không"]
    for i in range(max(len(kinds), len(topics), len(channels), len(yes_no))):
        lists.append(
            [
                kinds[i] if i < len(kinds) else None,
                safe_cell(topics[i][1]) if i < len(topics) else None,  # names typed in the admin
                safe_cell(topics[i][0]) if i < len(topics) else None,
                channels[i] if i < len(channels) else None,
                yes_no[i] if i < len(yes_no) else None,
            ]
        )
    for col in "ABCD":
        lists.column_dimensions[col].width = 34

    def drop_down(list_col: str, count: int, data_col: int) -> None:
        if not count:
            return
        letter = get_column_letter(data_col)
        dv = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${list_col}$2:${list_col}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Hãy chọn một giá trị trong danh sách (xem trang “Danh mục”).",
        )
        dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        ws.add_data_validation(dv)

    attrs = [attr for _h, attr, _r in COLUMNS]
    drop_down("A", len(kinds), attrs.index("kind") + 1)
    drop_down("B", len(topics), attrs.index("topic") + 1)
    drop_down("D", len(channels), attrs.index("channel") + 1)
    drop_down("E", 2, attrs.index("is_remote_area") + 1)
    drop_down("E", 2, attrs.index("is_complex") + 1)

    guide = wb.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng của trang “Ý kiến” là một ý kiến, đơn thư cán bộ nhận thay người dân (thư, điện thoại, trực tiếp).",
        "Cột có dấu * là bắt buộc. Không sửa dòng tiêu đề; không nhập công thức.",
        "Ngày nhận ghi dạng dd/mm/yyyy (ví dụ 05/03/2026), không sau ngày hôm nay.",
        "Loại ý kiến, lĩnh vực, hình thức tiếp nhận: chọn theo trang “Danh mục” (lĩnh vực ghi tên hoặc mã).",
        "Hình thức tiếp nhận để trống được ghi là “Nhập từ tệp Excel”.",
        "Mã đơn vị hành chính: mã xã, phường, đặc khu (hoặc tỉnh) có hiệu lực vào ngày nhận, trong phạm vi "
        "quản lý của bạn.",
        "Tố cáo phải có họ tên, địa chỉ và điện thoại hoặc thư điện tử của người tố cáo (Luật Tố cáo 2018, Điều 23);"
        " khiếu nại phải có họ tên, địa chỉ (Luật Khiếu nại 2011, Điều 8). Phản ánh, kiến nghị có thể không nêu tên.",
        f"Tối đa {MAX_ROWS} dòng mỗi tệp, dung lượng tối đa {max_bytes() // (1024 * 1024)} MB.",
        "Tệp được nhập toàn bộ hoặc không nhập dòng nào; nhập lại cùng tệp không tạo bản trùng.",
        "Cơ quan xử lý và thời hạn theo luật được xác định tự động như ý kiến ghi nhận trực tiếp.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    created: list[Case] = field(default_factory=list)
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    values: dict = field(default_factory=dict)
    key: str = ""


def _units_by_code(codes: set[str]) -> dict[str, list[AdminUnit]]:
    found: dict[str, list[AdminUnit]] = {}
    for unit in AdminUnit.objects.filter(code__in=codes).exclude(level=Level.DISTRICT).order_by("level", "-valid_from"):
        found.setdefault(unit.code, []).append(unit)
    return found


def _topics() -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for topic in Topic.objects.filter(is_active=True):
        topics[fold(topic.code)] = topic
        topics[fold(topic.name)] = topic
    return topics


def _validate(number: int, raw: dict, *, topics, units, scope, today) -> tuple[_Row, list[str]]:
    row = _Row(number)
    problems: list[str] = []

    def bad(attr: str, message: str) -> None:
        problems.append(f"Dòng {number}, cột “{HEADER_OF[attr]}”: {message}")

    values = row.values
    for _header, attr, required in COLUMNS:
        value = raw.get(attr)
        if is_formula(value):
            bad(attr, "không chấp nhận công thức, hãy nhập giá trị.")
            continue
        text = cell_text(value)
        if required and text == "":
            bad(attr, "bắt buộc, đang để trống.")
            continue
        if _CONTROL.search(text):
            bad(attr, "có ký tự điều khiển không hợp lệ; hãy nhập lại văn bản thuần.")
            continue
        if attr == "received_on":
            try:
                values[attr] = parse_day(value)
            except (ValueError, TypeError):
                bad(attr, f"“{text[:40]}” không phải ngày dạng dd/mm/yyyy.")
                continue
            if values[attr] > today:
                bad(attr, f"ngày {values[attr]:%d/%m/%Y} ở tương lai.")
        elif attr == "channel":
            values[attr] = _CHANNELS.get(fold(text)) if text else Channel.IMPORT
            if values[attr] is None:
                bad(attr, f"“{text[:60]}” không có trong danh mục hình thức tiếp nhận.")
        elif attr == "kind":
            values[attr] = _KINDS.get(fold(text))
            if values[attr] is None:
                allowed = ", ".join(label for _v, label in Kind.choices)
                bad(attr, f"“{text[:60]}” không phải loại ý kiến hợp lệ ({allowed}).")
        elif attr == "topic":
            values[attr] = topics.get(fold(text))
            if values[attr] is None:
                bad(attr, f"“{text[:60]}” không có trong danh mục lĩnh vực.")
        elif attr == "unit":
            values[attr] = text
        elif attr == "people_count":
            try:
                values[attr] = parse_whole(value, minimum=1, maximum=MAX_PEOPLE, empty=1)
            except (ValueError, TypeError):
                bad(attr, f"“{text[:40]}” không phải số nguyên từ 1 đến {vn_int(MAX_PEOPLE)}.")
        elif attr in ("is_remote_area", "is_complex"):
            try:
                values[attr] = parse_yes_no(value)
            except ValueError:
                bad(attr, f"“{text[:40]}” phải là Có hoặc Không.")
        else:
            limit = MAX_LENGTHS[attr]
            if len(text) > limit:
                bad(attr, f"dài {vn_int(len(text))} ký tự, vượt giới hạn {vn_int(limit)} ký tự.")
                continue
            values[attr] = text
            if attr == "email" and text:
                try:
                    validate_email(text)
                except ValidationError:
                    bad(attr, f"“{text[:60]}” không phải địa chỉ thư điện tử hợp lệ.")

    # The unit version valid on the receipt date (codes are reused across reorganisations).
    code = values.get("unit")
    received_on = values.get("received_on")
    if code and isinstance(received_on, dt.date):
        versions = units.get(code, [])
        unit = next((u for u in versions if u.valid_on(received_on)), None)
        if not versions:
            bad("unit", f"mã “{code[:20]}” không có trong danh mục đơn vị hành chính (xã, phường, đặc khu, tỉnh).")
        elif unit is None:
            bad("unit", f"đơn vị mã “{code}” không có hiệu lực vào ngày nhận {received_on:%d/%m/%Y}.")
        elif not scope.covers(unit):
            bad("unit", f"{unit.name} nằm ngoài phạm vi quản lý của bạn.")
        values["unit"] = unit

    if values.get("kind") and not problems:
        try:
            intake._check_identity(values["kind"], intake.Contact.from_dict(values))
        except ServiceError as e:
            problems.append(f"Dòng {number}: {e.message}")
    if not problems:
        row.key = row_key(
            settings.SECRET_KEY,
            "case-import",
            values["unit"].code,
            values["received_on"].isoformat(),
            values["kind"],
            values["topic"].code,
            values["title"],
            values["content"],
            *(values.get(f, "") for f in CONTACT_FIELDS),
        )
    return row, problems


def _handler_today(unit: AdminUnit, topic: Topic, kind: str, today: dt.date):
    """A letter received before a reorganisation names a unit that no longer exists; no body sits
    on it any more, so route as for its (default) successor today. None: let the service route."""

    if unit.valid_on(today):
        return None
    current = unit
    for _ in range(10):  # reorganisations chain a few deep at most
        links = successors(current)
        if not links:
            return None
        current = links[0].successor
        if current.valid_on(today):
            return intake.route(unit=current, topic=topic, kind=kind)
    return None


def _read(upload) -> list[tuple[int, dict]]:
    try:
        return read_sheet(
            upload,
            upload.name or "tep.xlsx",
            upload.size,
            COLUMNS,
            max_rows=MAX_ROWS,
            max_bytes=max_bytes(),
            sheet=SHEET,
        )
    except SheetError as e:
        raise ServiceError(str(e), extra={"file": (upload.name or "")[:200]}) from e


def cases_import(*, upload, by, dry_run: bool = False) -> ImportResult:
    """Import every row of ``upload`` as a case recorded by ``by``, or none. ``dry_run`` runs the
    whole import (service checks included) and rolls it back: a check without writing.

    A file that cannot be read at all raises ServiceError; row problems are returned in
    ``result.errors`` ("Dòng 5, cột “Loại ý kiến”: …") and nothing is written."""
    if not permissions.user_org_ids(by, write=True) and not permissions.is_national(by):
        raise ServiceError("Bạn chưa thuộc cơ quan nào có quyền ghi nhận ý kiến.", status_code=403)
    rows = _read(upload)
    if not rows:
        raise ServiceError("Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề, dữ liệu từ dòng 2).")
    result = ImportResult(dry_run=dry_run)
    today = timezone.localdate()
    topics = _topics()
    units = _units_by_code({cell_text(raw.get("unit")) for _n, raw in rows} - {""})
    scope = scope_for(by, write=True)
    parsed: list[_Row] = []
    for number, raw in rows:
        row, problems = _validate(number, raw, topics=topics, units=units, scope=scope, today=today)
        result.errors.extend(problems)
        parsed.append(row)
    seen: dict[str, int] = {}
    for row in parsed:
        if not row.key:
            continue
        if row.key in seen:
            result.errors.append(
                f"Dòng {row.number}: trùng với dòng {seen[row.key]} (cùng ngày nhận, địa bàn, loại, lĩnh vực, "
                "nội dung và người gửi); nếu nhiều người cùng gửi, ghi một dòng với “Số người cùng gửi”."
            )
        else:
            seen[row.key] = row.number
    if result.errors:
        return result
    filename = (upload.name or "")[:200]
    try:
        with transaction.atomic():
            existing = set(Case.objects.filter(import_key__in=seen).values_list("import_key", flat=True))
            for row in parsed:
                if row.key in existing:
                    result.skipped += 1
                    continue
                v = row.values
                try:
                    handler = _handler_today(v["unit"], v["topic"], v["kind"], today)
                    case, _token = intake.case_record(
                        by=by,
                        kind=v["kind"],
                        topic=v["topic"],
                        unit=v["unit"],
                        title=v["title"],
                        content=v["content"],
                        channel=v["channel"],
                        contact={f: v.get(f, "") for f in CONTACT_FIELDS},
                        received_on=v["received_on"],
                        organization=handler,
                        people_count=v["people_count"],
                        is_remote_area=v["is_remote_area"],
                        is_complex=v["is_complex"],
                        import_key=row.key,
                        note=f"Nhập từ tệp Excel “{filename}”, dòng {row.number}.",
                    )
                except ServiceError as e:
                    result.errors.append(f"Dòng {row.number}: {e.message}")
                    continue
                result.created.append(case)
            if result.errors or dry_run:
                transaction.set_rollback(True)
            else:
                record(
                    actor=by,
                    action=AuditAction.IMPORT,
                    object_repr=f"Nhập {len(result.created)} ý kiến từ tệp “{filename}”",
                    changes={"created": [c.pk for c in result.created], "skipped": result.skipped},
                )
    except IntegrityError as e:
        # Another import of the same rows committed between our check and our insert.
        raise ServiceError(
            "Tệp này vừa được nhập đồng thời ở nơi khác; hãy tải lại trang và nhập lại (dòng đã có sẽ được bỏ qua).",
            status_code=409,
        ) from e
    if result.errors:
        result.created = []
    return result


# ---------------------------------------------------------------- export

EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("Mã tra cứu", "code"),
    ("Loại ý kiến", "kind"),
    ("Lĩnh vực", "topic__name"),
    ("Tiêu đề", "title"),
    ("Địa bàn", "unit__name"),
    ("Mã đơn vị", "unit__code"),
    ("Hình thức tiếp nhận", "channel"),
    ("Số người cùng gửi", "people_count"),
    ("Ngày nhận", "received_on"),
    ("Tình trạng", "status"),
    ("Hạn hiện tại", "due_date"),
    ("Cơ quan xử lý", "organization__name"),
    ("Cấp trên theo dõi", "escalated_to__name"),
]
EXPORT_LIMIT = 10000


def export_workbook(cases) -> bytes:
    """An officer's list as XLSX: one row per case, no identity or contact details of any sender.
    Dates are real dates (dd/mm/yyyy), counts real numbers; texts never turn into formulas."""

    kinds = dict(Kind.choices)
    channels = dict(Channel.choices)
    statuses = dict(Status.choices)
    display = {"kind": kinds, "channel": channels, "status": statuses}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ý kiến nhân dân")
    ws.append([header for header, _a in EXPORT_COLUMNS])
    attrs = [attr for _h, attr in EXPORT_COLUMNS]
    for values in cases.values_list(*attrs)[:EXPORT_LIMIT]:
        row = []
        for attr, value in zip(attrs, values, strict=True):
            if attr == "code":
                value = display_code(value)
            elif attr in display:
                value = display[attr].get(value, value)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "DD/MM/YYYY"
                value = cell
            row.append(safe_cell(value))
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
