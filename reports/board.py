"""The conference board: every child unit's report states and key figures for a period, read as a dashboard."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict

from django.core.cache import caches
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string

from geo.models import AdminUnit, Level
from geo.selectors import subtree_q
from reports.models import Indicator, Period, Report, Status
from reports.selectors import child_units, rollup_by_unit, rollup_totals, value_of


def board(period: Period, parent: AdminUnit | None, key_indicators: list[Indicator]) -> dict:
    """The conference board: every child unit with its reports' states and key figures, plus the total.

    Three queries whatever the number of units: children, report states by child, roll-up rows by child.
    """
    children = child_units(period, parent)
    column = "unit__province_id" if parent is None else "unit_id"
    qs = Report.objects.filter(period=period)
    if parent is not None:
        qs = qs.filter(subtree_q(parent, "unit"))
    states: dict[int, dict[str, int]] = defaultdict(dict)
    if parent is not None and parent.level == Level.PROVINCE:
        # A province's children may be districts (before 1/7/2025): count each report under its child.
        rows = qs.values("unit_id", "unit__district_id", "status").annotate(n=Count("id")).order_by()
        for r in rows:
            child_id = r["unit__district_id"] or r["unit_id"]
            states[child_id][r["status"]] = states[child_id].get(r["status"], 0) + r["n"]
    else:
        for r in qs.values(column, "status").annotate(n=Count("id")).order_by():
            states[r[column]][r["status"]] = r["n"]
    # Without key figures (the dashboards' completeness by child) the roll-up rows are not read at all.
    by_unit = rollup_by_unit(period, parent) if key_indicators else {}
    rows_out = []
    for child in children:
        counts = states.get(child.pk, {})
        totals = by_unit.get(child.pk, {})
        rows_out.append(
            {
                "unit": child,
                "expected": sum(counts.values()),
                "submitted": counts.get(Status.SUBMITTED, 0) + counts.get(Status.APPROVED, 0),
                "approved": counts.get(Status.APPROVED, 0),
                "missing": counts.get(Status.MISSING, 0),
                "figures": [value_of(i, totals) for i in key_indicators],
            }
        )
    total_totals: dict[tuple[int, str], tuple[int, int]] = {}
    for totals in by_unit.values():
        for key, (t, n) in totals.items():
            old = total_totals.get(key, (0, 0))
            total_totals[key] = (old[0] + t, old[1] + n)
    if parent is not None and key_indicators:
        # The parent's own report counts in its roll-up but in no child's row.
        total_totals = rollup_totals(period.pk, parent)
    return {
        "rows": rows_out,
        "total": [value_of(i, total_totals) for i in key_indicators],
        "expected": sum(r["expected"] for r in rows_out),
        "submitted": sum(r["submitted"] for r in rows_out),
        "approved": sum(r["approved"] for r in rows_out),
    }


def board_attention(board: dict) -> dict:
    """The conference board read as a dashboard: the units still missing reports, least complete first (shown
    open), how many are complete (folded away), and the completeness chart's data (% submitted by unit)."""

    def pct(row) -> float | None:
        return round(100 * row["submitted"] / row["expected"], 1) if row["expected"] else None

    late = sorted(
        (r for r in board["rows"] if r["submitted"] < r["expected"]),
        key=lambda r: (r["submitted"] / r["expected"], r["unit"].sort_key),
    )
    ranked = sorted(board["rows"], key=lambda r: (pct(r) if pct(r) is not None else 101.0, r["unit"].sort_key))
    return {
        "late": [{**r, "pct": pct(r), "left": r["expected"] - r["submitted"]} for r in late],
        "complete_count": sum(1 for r in board["rows"] if r["expected"] and r["submitted"] >= r["expected"]),
        "chart": {
            "completeness": {
                "labels": [r["unit"].name for r in ranked],
                "data": [pct(r) for r in ranked],
                "urls": [],
            }
        },
    }


# ------------------------------------------------------------------------------------------------ the cached body
#
# The board is the same for everyone allowed to open it (the view checks the period and the unit against the user's
# scope first), it is polled every 5 seconds by every screen in a conference room, and it changes only when a report
# of its period changes state (submitted, returned, approved with its roll-up rows, marked missing) or is added.
# So its rendered body is kept in each process's page cache under the period's *revision*: a token in the shared
# cache (the database's cache table, which every worker reads) replaced after each such change commits. A reader
# that sees the new token started after the change committed, so what it renders includes it; bodies under an old
# token are never read again and expire. Unit renames and boundary edits change no revision: the body's lifetime
# bounds how long they take to show.

BODY_TTL = 300


def _revision_key(period_id: int) -> str:
    return f"reports:board-revision:{period_id}"


def changed(period_id: int) -> None:
    """After the current transaction commits, every board of the period is read afresh (called by each writer of the
    period's reports: ``reports.services``)."""
    transaction.on_commit(lambda: caches["default"].set(_revision_key(period_id), uuid.uuid4().hex, None))


def revision(period_id: int) -> str:
    """The period's current revision token (one read of the shared cache)."""
    shared = caches["default"]
    token = shared.get(_revision_key(period_id))
    if token is None:
        shared.add(_revision_key(period_id), uuid.uuid4().hex, None)
        token = shared.get(_revision_key(period_id), "")
    return token


def rendered(period: Period, parent: AdminUnit | None, key_indicators: list[Indicator]) -> dict:
    """The board's figures (``submitted``, ``expected``, ``approved``) and its rendered body (``html``), from the
    page cache when the period has not changed since they were rendered."""
    labels = "|".join(f"{i.pk}:{i.name}:{i.unit}" for i in key_indicators)
    shape = hashlib.sha256(labels.encode()).hexdigest()[:16]
    key = f"reports:board:{period.pk}:{parent.pk if parent else 0}:{shape}:{revision(period.pk)}"
    pages = caches["pages"]
    found = pages.get(key)
    if found is None:
        figures = board(period, parent, key_indicators)
        context = {"keys": key_indicators, "board": figures, **board_attention(figures)}
        found = {
            "html": render_to_string("reports/_board_body.html", context),
            "submitted": figures["submitted"],
            "expected": figures["expected"],
            "approved": figures["approved"],
        }
        pages.set(key, found, BODY_TTL)
    return found
