"""Phone-first report entry: one section at a time, saved as a draft on every step.

The steps are the form's indicator groups, then each narrative section, then a last step to read the totals and
send. Each indicator is one row with its unit of measure and the unit's figure of the previous period; automatic
figures are shown, never typed; a figure that does not parse is reported beside its box and nothing of the step is
saved. Every save carries the revision the page was loaded with, so a second editor's save is refused (409) by the
service's compare-and-set instead of being overwritten."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from lib.errors import ServiceError
from reports import autofill, richtext, selectors, services
from reports.formatting import NumberError, parse_number, to_amount
from reports.models import EDITABLE_STATES, FormIndicator, Report, Value

UNGROUPED = "Số liệu"


@dataclass
class Step:
    title: str
    kind: str  # "figures", "narrative" or "send"
    rows: list[dict] = field(default_factory=list)
    key: str = ""  # the narrative section's key


def _previous_values(report: Report) -> dict[tuple[int, str], object]:
    """The approved figures of the previous period (``services.previous_amounts``: the same unit's, else those of the
    units the organisation reported on), as values."""
    amounts = services.previous_amounts(report) or {}
    indicators = {i.pk: i for i in selectors.form_indicators(report.period.form)}
    return {key: indicators[key[0]].to_value(a) for key, a in amounts.items() if key[0] in indicators}


def _steps(report: Report) -> list[Step]:
    by_hand = autofill.typed_by_hand(report.period)
    values = {(v.indicator_id, v.breakdown): v for v in Value.objects.filter(report=report).select_related("indicator")}
    previous = _previous_values(report)
    steps: list[Step] = []
    items = FormIndicator.objects.filter(form_id=report.period.form_id).select_related("indicator")
    for item in items.order_by("ordering", "id"):
        ind = item.indicator
        title = ind.group or UNGROUPED
        if not steps or steps[-1].title != title:
            steps.append(Step(title=title, kind="figures"))
        for breakdown, label in [("", ind.name)] + [(k, f"{ind.name} — {lab}") for k, lab in ind.breakdowns]:
            value = values.get((ind.pk, breakdown))
            steps[-1].rows.append(
                {
                    "indicator": ind,
                    "name": f"{ind.pk}_{breakdown}",
                    "key": (ind.pk, breakdown),
                    "label": label,
                    "value": value.value if value else None,
                    "previous": previous.get((ind.pk, breakdown)),
                    "is_auto": ind.is_auto and not by_hand,
                    "is_ratio": ind.is_ratio,
                    "typed": None,
                    "error": "",
                }
            )
    for key, title in report.period.form.sections:
        steps.append(Step(title=title, kind="narrative", key=key))
    steps.append(Step(title="Rà soát và gửi", kind="send"))
    return steps


def _step_number(request, count: int) -> int:
    raw = (request.POST if request.method == "POST" else request.GET).get("phan", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 4 else 1
    return min(max(number, 1), count)


def _read_figures(request, step: Step) -> tuple[dict, bool]:
    """The step's typed figures; each row that does not parse gets its message beside the box."""
    values, ok = {}, True
    for row in step.rows:
        if row["is_auto"] or row["is_ratio"]:
            continue
        text = request.POST.get(f"v_{row['name']}", "")
        row["typed"] = text
        try:
            number = parse_number(text)
            to_amount(row["indicator"], number)
        except NumberError as e:
            row["error"] = str(e)
            ok = False
        else:
            values[row["key"]] = number
    return values, ok


@login_required
def report_entry(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    if not (report.status in EDITABLE_STATES and services.is_author(request.user, report)):
        messages.error(request, f"Báo cáo đang ở trạng thái “{report.get_status_display()}”, không thể sửa.")
        return redirect("reports:detail", pk=pk)
    steps = _steps(report)
    number = _step_number(request, len(steps))
    step = steps[number - 1]
    status = 200
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        values, ok = _read_figures(request, step) if step.kind == "figures" else ({}, True)
        narrative = {step.key: request.POST.get("text", "")} if step.kind == "narrative" else {}
        if not ok:
            status = 400
            messages.error(request, "Chưa lưu: hãy sửa các ô có thông báo lỗi.")
        elif step.kind == "send":
            try:
                warnings = services.report_submit(report=report, by=request.user)
            except ServiceError as e:
                status = e.status_code if e.status_code in (400, 403, 409) else 400
                messages.error(request, e.message)
            else:
                messages.success(request, "Đã gửi báo cáo lên cấp trên.")
                for w in warnings:
                    messages.warning(request, w.message)
                return redirect("reports:detail", pk=pk)
        else:
            try:
                services.report_save(
                    report=report,
                    by=request.user,
                    values=values,
                    narrative=narrative,
                    revision=int(revision) if revision.isdigit() else None,
                )
            except ServiceError as e:
                status = e.status_code if e.status_code in (400, 403, 409) else 400
                messages.error(request, e.message)
            else:
                messages.success(request, f"Đã lưu nháp phần “{step.title}”.")
                go = number - 1 if "back" in request.POST else number + 1
                return redirect(f"{reverse('reports:entry', args=[pk])}?phan={min(max(go, 1), len(steps))}")
    context = {
        "report": report,
        "steps": steps,
        "step": step,
        "number": number,
        "text": richtext.to_editor(report.narrative.get(step.key, "")) if step.kind == "narrative" else "",
        "findings": services.report_findings(report) if step.kind == "send" else [],
    }
    return render(request, "reports/entry.html", context, status=status)
