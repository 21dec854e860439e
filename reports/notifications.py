"""What reports tell officers: one call inside the service function, in its transaction (a refused
or rolled-back change notifies nobody). Sent through notifications.services."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Kind
from notifications.services import Message, notify_many
from reports.models import Action, ReportEvent


def report_returned(*, report, reason: str) -> None:
    """Tell the officer who submitted a report that it came back, and why."""
    events = ReportEvent.objects.filter(report=report, action__in=[Action.SUBMIT, Action.RETURN]).order_by("-id")
    returned = next((e for e in events if e.action == Action.RETURN), None)
    submitted = next((e for e in events if e.action == Action.SUBMIT), None)
    if returned is None or submitted is None:
        return
    period = report.period
    notify_many(
        [
            Message(
                recipient_id=submitted.by_id,
                kind=Kind.REPORT_RETURNED,
                subject=f"Báo cáo {period.label} của {report.organization.name} bị trả lại",
                body=f"Lý do trả lại: {reason.strip()}\n\nHãy bổ sung, chỉnh sửa và gửi lại báo cáo.",
                dedupe_key=f"report:{report.pk}:returned:{returned.pk}",
                url=reverse("reports:detail", args=[report.pk]),
            )
        ]
    )
