"""The panels DanVan's own modules give every dashboard (registered as a later module's panel would be)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from cases import selectors as case_selectors
from dashboards.panels import DashboardView, Panel, Tile, register_panel
from dashboards.selectors import rollup_of
from meetings import lists as meeting_lists
from meetings.lists import MeetingFilters
from practices import selectors as practice_selectors
from practices.models import Status as PracticeStatus
from reports import selectors as report_selectors

# The roll-up figures a dashboard shows first, in this order, when the period's form has them.
ROLLUP_CODES = (
    "dvk_registered",
    "dvk_recognised",
    "dvk_replicated",
    "resources_vnd",
    "petitions_received",
    "petitions_resolved_rate",
    "hotspots",
    "reception_sessions",
    "reception_people",
    "dialogues",
)


def _rollup_url(view: DashboardView) -> str:
    url = reverse("reports:rollup", args=[view.period.pk])
    return url + (f"?{urlencode({'unit': view.unit.code})}" if view.unit is not None else "")


def reports_panel(view: DashboardView) -> list[Tile]:
    """Report completeness and on-time rate of the unit's subtree in the period (one query)."""
    levels = report_selectors.completeness(view.period, view.unit)
    expected = sum(c.expected for c in levels)
    submitted = sum(c.submitted for c in levels)
    on_time = sum(c.on_time for c in levels)
    url = _rollup_url(view) + "#completeness"
    return [
        Tile("reports_expected", "Báo cáo phải nộp", expected, url),
        Tile("reports_submitted", "Báo cáo đã nộp", submitted, url, attention=submitted < expected),
        Tile("reports_on_time", "Nộp đúng hạn", on_time, url),
        Tile("reports_missing", "Không nộp", sum(c.missing for c in levels), url),
    ]


def rollup_panel(view: DashboardView) -> list[Tile]:
    """The approved figures of the roll-up store with the previous period and a year earlier (across the 2025
    reorganisation through successor links, as ``reports.selectors.rollup`` compares)."""
    roll = rollup_of(view)
    url = _rollup_url(view)
    by_code = {c.figure.indicator.code: c for c in roll.comparisons if not c.figure.breakdown}
    tiles = []
    for code in ROLLUP_CODES:
        c = by_code.get(code)
        if c is None:
            continue
        indicator = c.figure.indicator
        tiles.append(
            Tile(
                f"rollup_{code}",
                indicator.name,
                c.figure.value,
                f"{url}#ind-{code}",
                suffix=indicator.unit,
                previous=c.previous,
                last_year=c.last_year,
            )
        )
    return tiles


def practices_panel(view: DashboardView) -> list[Tile]:
    """ "Dân vận khéo" practices of the unit's subtree in the period's year, live: the rows the practices list shows
    with the same filters, read from the maintained counts per unit, year and status (one query)."""
    year = view.period.end.year
    by_status = practice_selectors.year_status_counts(view.user, view.unit, year)
    counts = {
        "all": sum(by_status.values()),
        "recognised": by_status.get(PracticeStatus.RECOGNISED, 0),
        "replicated": by_status.get(PracticeStatus.REPLICATED, 0),
    }
    tiles = []
    for key, label, status in (
        ("all", "Mô hình năm " + str(year), ""),
        ("recognised", "Đã công nhận", PracticeStatus.RECOGNISED),
        ("replicated", "Đã nhân rộng", PracticeStatus.REPLICATED),
    ):
        query = {"year": year, **({"unit": view.unit.code} if view.unit is not None else {})}
        if status:
            query["status"] = status
        tiles.append(Tile(f"practices_{key}", label, counts[key], reverse("practices:list") + "?" + urlencode(query)))
    return tiles


def _org_id(view: DashboardView) -> int | None:
    return view.organization.pk if view.organization is not None else None


def _case_scope(view: DashboardView) -> dict:
    """The queue's parameters for the view's unit, or for the organisation of an organisation's dashboard."""
    if view.organization is not None:
        return {"to_chuc": view.organization.pk}
    return {"don_vi": view.unit.code} if view.unit is not None else {}


def cases_panel(view: DashboardView) -> list[Tile]:
    """Citizens' cases open and overdue today in the unit's subtree, as the case queue counts them (two counts)."""
    base = {"pham_vi": "dia-ban", **_case_scope(view)}
    tiles = []
    for key, label, extra, filters in (
        ("cases_open", "Ý kiến đang xử lý", {"trang_thai": "open"}, {"status": "open"}),
        ("cases_overdue", "Ý kiến quá hạn", {"han": "overdue"}, {"when": "overdue"}),
    ):
        qf = case_selectors.QueueFilters(mine=False, unit=view.unit, organization_id=_org_id(view), **filters)
        count = case_selectors.queue_count(view.user, qf, today=view.today)
        url = reverse("cases:queue") + "?" + urlencode({**base, **extra})
        tiles.append(Tile(key, label, count, url, attention=key == "cases_overdue" and count > 0))
    return tiles


def _percent(part: int, whole: int) -> Decimal | None:
    value = case_selectors.rate(part, whole)
    return None if value is None else (Decimal(str(value)) * 100).quantize(Decimal("0.1"))


def received_filters(view: DashboardView) -> case_selectors.QueueFilters:
    """The queue's filters for the cases received in the view's period, in its unit or of its organisation."""
    return case_selectors.QueueFilters(
        mine=False,
        status="",
        unit=view.unit,
        received_from=view.period.start,
        received_to=view.period.end,
        organization_id=_org_id(view),
    )


def received_query(view: DashboardView) -> dict:
    """The same filters as the queue page's parameters (the links behind the figures)."""
    return {
        "pham_vi": "dia-ban",
        "trang_thai": "",
        "nhan_tu": view.period.start.isoformat(),
        "nhan_den": view.period.end.isoformat(),
        **_case_scope(view),
    }


def answers_panel(view: DashboardView) -> list[Tile]:
    """Cases received in the period in the unit's subtree and how they were answered: on-time and satisfaction rates
    as the officers' queue and the portal define them (``cases.selectors.ANSWERS``), one query. Each count opens the
    queue with the same filters; a rate opens the list of its numerator."""
    if view.organization is None:
        # The unit's figures: from the maintained counts per unit and half-month (a report period is whole
        # half-months; any other range is counted from the cases).
        counts = case_selectors.received_answer_counts(
            view.user, view.unit, view.period.start, view.period.end, today=view.today
        )
    else:
        # One body's cases: counted through its own index (a body handles a small share of its area's cases).
        counts = case_selectors.answer_counts(view.user, received_filters(view), today=view.today)
    query = received_query(view)

    def url(answer: str = "") -> str:
        return reverse("cases:queue") + "?" + urlencode({**query, **({"tra_loi": answer} if answer else {})})

    on_time = _percent(counts["answered_on_time"], counts["answered"])
    satisfied = _percent(counts["satisfied"], counts["rated"])
    return [
        Tile("answers_received", "Ý kiến nhận trong kỳ", counts["total"], url()),
        Tile("answers_answered", "Đã trả lời", counts["answered"], url("answered")),
        Tile("answers_answered_on_time", "Trả lời đúng hạn", counts["answered_on_time"], url("answered_on_time")),
        Tile("answers_on_time_rate", "Tỷ lệ trả lời đúng hạn", on_time, url("answered_on_time"), suffix="%"),
        Tile("answers_rated", "Người gửi đã đánh giá", counts["rated"], url("rated")),
        Tile("answers_satisfied", "Người gửi hài lòng", counts["satisfied"], url("satisfied")),
        Tile("answers_satisfaction_rate", "Tỷ lệ hài lòng", satisfied, url("satisfied"), suffix="%"),
    ]


def meetings_panel(view: DashboardView) -> list[Tile]:
    """Reception days and dialogues held in the period, dialogue commitments still open today and those overdue, in
    the unit's subtree (meetings.lists: three queries; each figure is its list's count)."""
    f = MeetingFilters(unit=view.unit, date_from=view.period.start, date_to=view.period.end)
    counts = meeting_lists.counts(view.user, f, today=view.today)
    unit = {"don_vi": view.unit.code} if view.unit is not None else {}
    period = {**unit, "tu": view.period.start.isoformat(), "den": view.period.end.isoformat()}

    def url(name: str, query: dict) -> str:
        return reverse(name) + ("?" + urlencode(query) if query else "")

    overdue = counts["commitments_overdue"]
    return [
        Tile("meetings_sessions_held", "Buổi tiếp công dân đã tiếp", counts["sessions_held"],
             url("meetings:sessions_held", period)),
        Tile("meetings_dialogues_held", "Hội nghị đối thoại đã tổ chức", counts["dialogues_held"],
             url("meetings:dialogues_held", period)),
        Tile("meetings_commitments_open", "Cam kết sau đối thoại đang thực hiện (hôm nay)", counts["commitments_open"],
             url("meetings:commitments_open", unit)),
        Tile("meetings_commitments_overdue", "Cam kết quá hạn (hôm nay)", overdue,
             url("meetings:commitments_open", {**unit, "qua_han": "1"}), attention=overdue > 0),
    ]  # fmt: skip


def register() -> None:
    register_panel(Panel("reports", 10, "Báo cáo trong kỳ", reports_panel))
    register_panel(Panel("rollup", 20, "Kết quả công tác dân vận (số liệu đã duyệt)", rollup_panel))
    register_panel(Panel("practices", 30, "“Dân vận khéo” (số liệu trực tiếp)", practices_panel))
    register_panel(Panel("cases", 40, "Ý kiến nhân dân (hôm nay)", cases_panel))
    register_panel(Panel("meetings", 50, "Tiếp công dân và đối thoại", meetings_panel))
    register_panel(Panel("answers", 45, "Ý kiến nhận trong kỳ: trả lời đúng hạn, người gửi hài lòng", answers_panel))
