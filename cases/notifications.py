"""What cases tell officers when work reaches them: one call inside each service function, in its
transaction (a refused or rolled-back change notifies nobody). Sent through notifications.services.

What a notification says about a case: its code, kind, topic, place and deadline — never its title,
content or sender, which a citizen wrote and which belong to the handling body's logged pages.
"""

from __future__ import annotations

from django.urls import reverse

from cases.models import CaseEvent, Channel
from notifications.models import Kind
from notifications.services import Message, notify_many, officers_of

REASONS = {
    "new": "Vụ việc mới {code} được giao cho {org}",
    "transfer": "Vụ việc {code} được chuyển đến {org}",
    "escalation": "Vụ việc quá hạn {code} được chuyển lên {org} theo dõi",
}


def case_assigned(*, case, reason: str, by=None, event_id: int | None = None) -> None:
    """Tell the officers of the organisation a case now reaches: its handler (a new case, a transfer)
    or the body above it (an escalation). The officer who made the move is not told of it. ``event_id``: the history
    line of the move when the caller has it (else the case's latest is read)."""
    if case.channel == Channel.IMPORT:
        return  # an import brings hundreds of cases at once; the queue shows them, no e-mail per row
    organization = case.escalated_to if reason == "escalation" else case.organization
    recipients = officers_of(organization.pk, exclude=by)
    if not recipients:
        return
    if event_id is None:
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
