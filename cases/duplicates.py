"""Duplicate cases: link one to the open main case of its area (the main case's answer then
reaches its sender too), answer the linked ones with it, and unlink."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.transitions import compare_and_set
from cases.access import require_handler
from cases.history import WORKFLOW, _audit, _event, move
from cases.models import Action, Answer, Attachment, Case, Status
from lib.errors import ServiceError


def _answer_duplicates(main: Case, answer: Answer, files: list, *, by, on_time: bool) -> None:
    """One answer reaches every linked duplicate: each is answered with the same text and files,
    and each sender sees it at their own link (and may confirm or reopen on their own)."""
    today = timezone.localdate()
    linked = Case.objects.filter(
        duplicate_of=main, status__in=(Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)
    ).order_by("id")
    for dup in linked:
        if dup.status == Status.RECEIVED:
            move(dup, action=Action.ACCEPT, by=by, updates={"accepted_on": today})
        move(
            dup,
            action=Action.ANSWER,
            by=by,
            note=f"Trả lời chung với vụ việc {main.display_code}",
            updates={"answered_at": timezone.now(), "answered_on_time": on_time, "due_date": None},
        )
        copy = Answer.objects.create(case=dup, text=answer.text, organization=answer.organization, by=answer.by)
        for f in files:
            # The same stored file, listed under each case (files are never deleted with an answer).
            Attachment.objects.create(
                case=dup,
                answer=copy,
                file=f.file.name,
                original_name=f.original_name,
                kind=f.kind,
                size=f.size,
                token=secrets.token_hex(16),
                uploaded_by=f.uploaded_by,
            )


@transaction.atomic
def case_link_duplicate(*, case: Case, main: Case, by) -> Case:
    """Mark ``case`` as a duplicate of the open ``main`` case of the same area: the answer to
    ``main`` will reach its sender too."""
    require_handler(by, case)
    require_handler(by, main)
    if case.pk == main.pk:
        raise ServiceError("Không thể gộp vụ việc với chính nó.")
    if case.province_id != main.province_id:
        raise ServiceError("Chỉ gộp được vụ việc trùng trên cùng địa bàn tỉnh.")
    linkable = (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)
    if case.status not in linkable:
        raise ServiceError(f"Không thể gộp vụ việc đang ở trạng thái “{case.get_status_display()}”.")
    if main.status not in linkable:
        raise ServiceError(
            f"Vụ việc chính {main.display_code} đang ở trạng thái “{main.get_status_display()}”, không còn mở."
        )
    if main.duplicate_of_id:
        raise ServiceError(f"Vụ việc {main.display_code} đã là bản trùng của vụ việc khác; hãy gộp vào vụ việc chính.")
    if Case.objects.filter(duplicate_of=case).exists():
        raise ServiceError(f"Vụ việc {case.display_code} đang là vụ việc chính của các bản trùng khác.")
    compare_and_set(
        WORKFLOW, case, expected={"status": case.status, "duplicate_of__isnull": True}, updates={"duplicate_of": main}
    )
    _event(case, action=Action.LINK, from_status=case.status, by=by, note=f"Trùng với vụ việc {main.display_code}")
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"duplicate_of": [None, main.pk]})
    return case


# A linked case may leave its main case while it still waits for an answer (received, accepted, or
# reopened by its sender after the joint answer: it is then handled on its own). Once the joint
# answer has reached it (answered) or it is finished, the link is history the sender has seen.
UNLINKABLE_STATES = (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED)


@transaction.atomic
def case_unlink_duplicate(*, case: Case, by, reason: str) -> Case:
    """Undo ``case_link_duplicate``: ``case`` is handled on its own again, with its own limits
    (linking never changed them), and the answer to the main case no longer reaches it."""
    require_handler(by, case)
    if case.duplicate_of_id is None:
        raise ServiceError(f"Vụ việc {case.display_code} không được gộp vào vụ việc nào.")
    if not reason.strip():
        raise ServiceError("Tách vụ việc khỏi vụ việc chính phải nêu lý do.", extra={"reason": "required"})
    main = Case.objects.filter(pk=case.duplicate_of_id).only("id", "code").first()
    main_code = main.display_code if main else "đã gộp"
    if case.status not in UNLINKABLE_STATES:
        if case.status == Status.ANSWERED:
            raise ServiceError(
                f"Vụ việc đã được trả lời chung với vụ việc {main_code}, không thể tách; nếu người gửi chưa "
                "đồng ý và đề nghị xem xét lại, khi đó có thể tách để giải quyết riêng.",
                extra={"status": case.status},
            )
        raise ServiceError(
            f"Không thể tách vụ việc đang ở trạng thái “{case.get_status_display()}”.", extra={"status": case.status}
        )
    main_id = case.duplicate_of_id
    compare_and_set(
        WORKFLOW, case, expected={"status": case.status, "duplicate_of": main_id}, updates={"duplicate_of": None}
    )
    note = f"Tách khỏi vụ việc {main_code}, giải quyết riêng: {reason.strip()[:4000]}"
    _event(case, action=Action.UNLINK, from_status=case.status, by=by, note=note)
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"duplicate_of": [main_id, None]}, reason=reason.strip())
    return case
