"""A report as a Word document: the models turned into docx_content's dataclasses.

The layout follows the issuing body (domain-notes §6): a Party body (``OrganizationType.is_party``) writes in
Hướng dẫn 36-HD/VPTW, a State body in Nghị định 30/2020.
"""

from __future__ import annotations

import re

from django.utils import timezone

from geo.models import AdminUnit
from reports import richtext
from reports.docx_content import Column, IndicatorTable, ReportDocument, Section, Signer
from reports.figures import ReportFigures, report_figures
from reports.models import PeriodType, Report

# Party number symbols of the usual bodies; others use their short name.
PARTY_SYMBOLS = {"ban-tgdv": "BTGDVTU", "dang-uy-xa": "ĐU"}
_PART = re.compile(r"^Phần\s+([IVX]+)\.\s*(?:\d+\.\s*)?")


def _upper(text: str) -> str:
    return text.upper()


def header_lines(report: Report) -> tuple[str, str, str, str]:
    """(issuer_parent, issuer, symbol, format) for the report's organisation."""
    org = report.organization
    org_type = org.org_type
    unit = report.unit
    province = unit if unit.level == "province" else AdminUnit(name=_province_name(unit))
    party = org_type.is_party
    if party:
        if org_type.code == "ban-tgdv" and unit.level == "province":
            parent, issuer = f"TỈNH ỦY {_short(province.name)}", _upper(org_type.name)
        else:
            parent, issuer = f"ĐẢNG BỘ {_upper(province.name)}", _upper(org.name)
        symbol = "BC/" + PARTY_SYMBOLS.get(org_type.code, re.sub(r"\W", "", org_type.short_name.upper()) or "VP")
        return parent, issuer, symbol, "party"
    parent = "" if unit.level == "province" else f"UBND {_upper(province.name)}"
    short = re.sub(r"[^\wĐ]", "", (org_type.short_name or org_type.code).upper())
    return parent, _upper(org.name), f"BC-{short}", "state"


def _province_name(unit: AdminUnit) -> str:
    return unit.province.name if unit.province_id else unit.name


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return _upper(name[len(prefix) :])
    return _upper(name)


def subtitle(report: Report) -> str:
    kind = report.period.form.period_type
    word = "Tổng kết" if kind == PeriodType.YEAR else "Sơ kết" if kind == PeriodType.HALF else "Kết quả"
    return f"{word} công tác dân vận {report.period.label[0].lower()}{report.period.label[1:]}"


def indicator_table(figs: ReportFigures) -> IndicatorTable:
    rows = []
    for n, c in enumerate([c for c in figs.comparisons if not c.figure.breakdown], start=1):
        ind = c.figure.indicator
        rows.append([str(n), ind.name, ind.unit, c.figure.value, c.last_year, c.last_year_pct])
    return IndicatorTable(
        caption="Bảng 1. Kết quả thực hiện các chỉ tiêu",
        header=[
            Column("TT", kind="text", width_mm=10, align="center"),
            Column("Chỉ tiêu", kind="text"),
            Column("Đơn vị tính", kind="text", width_mm=22),
            Column("Kỳ này", kind="number", total=False, width_mm=28),
            Column("Cùng kỳ năm trước", kind="number", total=False, width_mm=28),
            Column("Tăng, giảm", kind="percent", decimals=1, width_mm=20),
        ],
        rows=rows,
        total_label=None,  # figures in different units have no total
    )


def units_table(figs: ReportFigures, report: Report) -> IndicatorTable | None:
    """Key figures by unit — the organisation itself and each approved child unit — with an exact total row."""
    if not figs.children:
        return None
    keys = [i for i in figs.indicators if not i.is_ratio and not i.is_auto and i.aggregation == "sum"][:4]
    keys = [i for i in figs.indicators if i.code in KEY_CODES] or keys
    header = [Column("TT", kind="text", width_mm=10, align="center"), Column("Đơn vị", kind="text")]
    header += [Column(f"{i.name} ({i.unit})", kind="number") for i in keys]
    rows = [["1", f"{report.organization.name} (trực tiếp)", *[_v(i, figs.own) for i in keys]]]
    for n, (name, totals) in enumerate(figs.children, start=2):
        rows.append([str(n), name, *[_v(i, totals) for i in keys]])
    return IndicatorTable(caption="Bảng 2. Một số chỉ tiêu chính theo đơn vị", header=header, rows=rows)


KEY_CODES = ("dvk_registered", "resources_vnd", "road_km", "houses")


def _v(indicator, totals):
    pair = totals.get((indicator.pk, ""))
    return indicator.to_value(pair[0]) if pair else 0


def build(report: Report, *, figs: ReportFigures | None = None) -> ReportDocument:
    figs = figs or report_figures(report)
    parent, issuer, symbol, fmt = header_lines(report)
    form = report.period.form
    part1, part2 = [], []
    for key, title in form.sections:
        match = _PART.match(title)
        heading = title[match.end() :] if match else title
        # Editor HTML keeps its bold, italic, underline and lists; plain text of older reports reads as before.
        rich = richtext.parse(report.narrative.get(key, ""))
        section = Section(heading, body=[rich] if rich.paragraphs else ["(Chưa có nội dung)"])
        (part2 if match and match.group(1) == "II" else part1).append(section)
    tables: list = [indicator_table(figs)]
    by_unit = units_table(figs, report)
    if by_unit is not None:
        tables.append(by_unit)
    part1.append(Section("Số liệu chủ yếu", body=tables))
    upper = report.organization.parent
    recipients = [f"{upper.name} (b/c)"] if upper else []
    party = fmt == "party"
    return ReportDocument(
        format=fmt,
        issuer_parent=parent,
        issuer=issuer,
        number=int(report.doc_number) if report.doc_number.isdigit() else (report.doc_number or report.pk),
        symbol=symbol,
        place=report.unit.short_name or report.unit.name,
        date=timezone.localdate(),
        subtitle=subtitle(report),
        intro=[f"{report.organization.name} báo cáo kết quả công tác dân vận {report.period.label.lower()} như sau:"],
        sections=[
            Section("Kết quả thực hiện", subsections=part1),
            Section("Phương hướng, nhiệm vụ", subsections=part2),
        ],
        signer=Signer(
            position="TRƯỞNG BAN"
            if party and report.organization.org_type.code == "ban-tgdv"
            else ("BÍ THƯ" if party else "CHỦ TỊCH"),
            name="",
            authority="" if party else "TM. ỦY BAN NHÂN DÂN",
        ),
        recipients=recipients,
    )
