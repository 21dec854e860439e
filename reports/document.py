"""A report as a Word document: the models turned into docx_content's dataclasses.

The layout follows the issuing body (domain-notes §6): a Party body (``OrganizationType.is_party``) writes in
Hướng dẫn 36-HD/VPTW, a State body in Nghị định 30/2020.
"""

from __future__ import annotations

import re

from django.utils import timezone

from reports import richtext
from reports.docx_content import Column, IndicatorTable, ReportDocument, Section, Signer
from reports.figures import ReportFigures, report_figures
from reports.issuer import issuer_for
from reports.models import OutgoingDocument, PeriodType, Report

_PART = re.compile(r"^Phần\s+([IVX]+)\.\s*(?:\d+\.\s*)?")


def header_lines(report: Report) -> tuple[str, str, str, str]:
    """(issuer_parent, issuer, symbol, format) for the report's organisation (reports.issuer decides)."""
    issuer = issuer_for(report.organization, report.unit)
    return issuer.parent, issuer.name, issuer.symbol, issuer.format


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
    issuer = issuer_for(report.organization, report.unit)
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
    # The number and date come from the body's register of outgoing documents (given when the report is sent); a
    # draft leaves the number blank for the clerk, as a paper draft does.
    entry = OutgoingDocument.objects.filter(report=report).order_by("-id").first()
    about = report.organization.name
    if report.on_behalf:
        about += f" (thay cho {report.unit.name}, đơn vị hành chính trong kỳ báo cáo)"
    return ReportDocument(
        format=issuer.format,
        issuer_parent=issuer.parent,
        issuer=issuer.name,
        number=entry.number if entry else "",
        symbol=entry.symbol if entry else issuer.symbol,
        place=issuer.place,
        date=entry.issued_on if entry else timezone.localdate(),
        subtitle=subtitle(report),
        intro=[f"{about} báo cáo kết quả công tác dân vận {report.period.label.lower()} như sau:"],
        sections=[
            Section("Kết quả thực hiện", subsections=part1),
            Section("Phương hướng, nhiệm vụ", subsections=part2),
        ],
        signer=Signer(position=issuer.position, name="", authority=issuer.authority),
        recipients=recipients,
    )
