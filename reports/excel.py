"""The roll-up as an Excel workbook: one row per unit, one column per indicator, numbers as numbers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from lib.sheets import safe_cell
from reports import selectors
from reports.selectors import form_indicators

NUMBER_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}


def rollup_workbook(period, parent) -> bytes:
    """Child units of ``parent`` (provinces for the nation) with their approved figures and the total row.

    The total row is the parent's own roll-up (its own report included), written as computed numbers:
    openpyxl does not evaluate formulas and officials' tools must read the figures as they are.
    """

    indicators = form_indicators(period.form)
    children = selectors.child_units(period, parent)
    by_unit = selectors.rollup_by_unit(period, parent)
    total = selectors.rollup_totals(period.pk, parent)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    place = parent.name if parent else "Toàn quốc"
    # Names and labels are typed by people: never let Excel read one as a formula.
    ws.append([safe_cell(f"{period.form.name} — {period.label} — {place}")])
    ws["A1"].font = Font(bold=True)
    ws.append([f"Từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}; số liệu đã được duyệt."])
    ws.append(["Mã", "Đơn vị", *[safe_cell(f"{i.name} ({i.unit})") for i in indicators]])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for child in children:
        totals = by_unit.get(child.pk, {})
        ws.append([safe_cell(child.code), safe_cell(child.name), *[selectors.value_of(i, totals) for i in indicators]])
    ws.append(["", "Tổng cộng", *[selectors.value_of(i, total) for i in indicators]])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col, indicator in enumerate(indicators, start=3):
        fmt = NUMBER_FORMATS.get(indicator.decimals, "#,##0.00")
        for row in range(4, ws.max_row + 1):
            ws.cell(row=row, column=col).number_format = fmt
    ws.column_dimensions["B"].width = 36
    ws.freeze_panes = "C4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
