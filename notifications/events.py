"""Notifications the services send when work reaches someone: one call inside each service function,
in its transaction (a refused or rolled-back change notifies nobody).

What a notification says about a case: its code, kind, topic, place and deadline — never its title,
content or sender, which a citizen wrote and which belong to the handling body's logged pages.
"""

from __future__ import annotations

from django.urls import reverse

from notifications import conf
from notifications.models import Kind
from notifications.services import Message, notify_many

REASONS = {
    "new": "Vụ việc mới {code} được giao cho {org}",
    "transfer": "Vụ việc {code} được chuyển đến {org}",
    "escalation": "Vụ việc quá hạn {code} được chuyển lên {org} theo dõi",
}


def _officer_ids(organization_id: int, *, exclude=None) -> list[int]:
    from orgs.models import Membership

    ids = (
        Membership.objects.filter(
            organization_id=organization_id,
            is_active=True,
            role__in=conf.recipient_roles(),
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    skip = getattr(exclude, "pk", None)
    return sorted(uid for uid in ids if uid != skip)


def case_assigned(*, case, reason: str, by=None) -> None:
    """Tell the officers of the organisation a case now reaches: its handler (a new case, a transfer)
    or the body above it (an escalation). The officer who made the move is not told of it."""
    from cases.models import CaseEvent, Channel

    if case.channel == Channel.IMPORT:
        return  # an import brings hundreds of cases at once; the queue shows them, no e-mail per row
    organization = case.escalated_to if reason == "escalation" else case.organization
    recipients = _officer_ids(organization.pk, exclude=by)
    if not recipients:
        return
    event_id = CaseEvent.objects.filter(case=case).order_by("-id").values_list("id", flat=True).first()
    subject = REASONS[reason].format(code=case.display_code, org=organization.name)
    lines = [
        f"Loại: {case.get_kind_display()}",
        f"Lĩnh vực: {case.topic.name}",
        f"Địa bàn: {case.unit.name}",
        f"Cơ quan xử lý: {case.organization.name}",
    ]
    if case.due_date:
        lines.append(f"Hạn hiện tại: {case.due_date:%d/%m/%Y}")
    if case.status == "moderation":
        lines.append("Nội dung đang chờ kiểm duyệt.")
    url = reverse("cases:detail", args=[case.pk])
    notify_many(
        [
            Message(
                recipient_id=uid,
                kind=Kind.CASE_ASSIGNED,
                subject=subject,
                body="\n".join(lines),
                dedupe_key=f"case:{case.pk}:{reason}:{event_id}:user:{uid}",
                url=url,
            )
            for uid in recipients
        ]
    )


def report_returned(*, report, reason: str) -> None:
    """Tell the officer who submitted a report that it came back, and why."""
    from reports.models import Action, ReportEvent

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
