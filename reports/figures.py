"""The figures a report document speaks about: the organisation's own entries plus its approved subtree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reports import selectors
from reports.models import Aggregation, Report, Value
from reports.selectors import form_indicators

Totals = dict[tuple[int, str], tuple[int, int]]


def merge(into: Totals, other: Totals, aggregations: dict[int, str]) -> Totals:
    out = dict(into)
    for key, (total, n) in other.items():
        old = out.get(key)
        if old is None:
            out[key] = (total, n)
        elif aggregations.get(key[0]) == Aggregation.MAX:
            out[key] = (max(old[0], total), old[1] + n)
        else:
            out[key] = (old[0] + total, old[1] + n)
    return out


@dataclass
class ReportFigures:
    indicators: list
    comparisons: list[selectors.Comparison]
    children: list[tuple[str, Totals]]  # (unit name, totals) of the approved child units
    own: Totals

    def value(self, code: str, breakdown: str = "") -> selectors.Comparison | None:
        for c in self.comparisons:
            if c.figure.indicator.code == code and c.figure.breakdown == breakdown:
                return c
        return None


def report_figures(report: Report) -> ReportFigures:
    """The report's own figures (as entered, approved or not) plus the approved roll-up of each child unit,
    compared with the previous period and the same period last year (approved figures, through successor links)."""

    period = report.period
    indicators = form_indicators(period.form)
    aggregations = {i.pk: i.aggregation for i in indicators}
    own: Totals = {
        (i, b): (a, 1)
        for i, b, a in Value.objects.filter(report=report, amount__isnull=False).values_list(
            "indicator_id", "breakdown", "amount"
        )
    }
    by_child = selectors.rollup_by_unit(period, report.unit)
    names = {
        u.pk: u.name for u in selectors.child_units(period, report.unit) if u.pk in by_child
    }  # children with figures only
    children = sorted(((names.get(pk, str(pk)), totals) for pk, totals in by_child.items()), key=lambda c: c[0])
    combined = own
    for _name, totals in children:
        combined = merge(combined, totals, aggregations)
    now = selectors.figures(indicators, combined)
    before, last = selectors.previous_period(period), selectors.same_period_last_year(period)
    before_figs = (
        selectors.figures(
            indicators, selectors.totals_for(before, selectors.comparable_units(report.unit, before.reference_date))
        )
        if before
        else None
    )
    last_figs = (
        selectors.figures(
            indicators, selectors.totals_for(last, selectors.comparable_units(report.unit, last.reference_date))
        )
        if last
        else None
    )
    comparisons = [
        selectors.Comparison(
            fig, before_figs[i].value if before_figs else None, last_figs[i].value if last_figs else None
        )
        for i, fig in enumerate(now)
    ]
    return ReportFigures(indicators, comparisons, children, own)


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)
