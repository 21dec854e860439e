"""Handling a case: release from moderation, dismiss, accept, transfer, extend, answer, the
sender's confirmation or reopening, the window closing, and escalation of overdue cases.

Every function is atomic and audits its change (see ``cases.history`` for the compare-and-set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import Value, When
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.transitions import compare_and_set
from cases import conf
from cases import notifications as case_notifications
from cases.access import require_handler
from cases.competence import DECISION_KINDS, decides, require_competent, require_deciding_target
from cases.duplicates import _answer_duplicates
from cases.history import SENDER, SYSTEM, WORKFLOW, _audit, _event, move
from cases.intake import _check_files, _counts_from_receipt, _due, _store_files, token_matches
from cases.models import MOVABLE_STATES, OPEN_STATES, Action, Answer, Case, Kind, Status
from cases.rules import Step
from lib.errors import ServiceError
from orgs.models import Organization


@transaction.atomic
def case_release(*, case: Case, by) -> Case:
    """Moderation: the content is acceptable after all; the case goes to its handler."""
    require_handler(by, case)
    return move(case, action=Action.RELEASE, by=by)


@transaction.atomic
def case_dismiss(*, case: Case, by, reason: str) -> Case:
    """Not accepted (abusive, outside competence, …); the sender sees the reason."""
    require_handler(by, case)
    if not reason.strip():
        raise ServiceError("Không thụ lý phải nêu rõ lý do để thông báo cho người gửi.", extra={"reason": "required"})
    return move(case, action=Action.DISMISS, by=by, note=reason.strip(), updates={"due_date": None})


@transaction.atomic
def case_accept(
    *,
    case: Case,
    by,
    is_complex: bool | None = None,
    is_remote_area: bool | None = None,
    is_especially_complex: bool | None = None,
    on: dt.date | None = None,
) -> Case:
    """Thụ lý: the resolution limit starts (complaints, denunciations) or keeps running (feedback). Complaints and
    denunciations are accepted only by the head of the administrative body with competence."""
    require_handler(by, case)
    require_competent(case, verb="thụ lý")
    if case.is_denunciation_info:
        raise ServiceError(
            "Chưa xác minh được danh tính người tố cáo: đây là thông tin có nội dung tố cáo, chưa thụ lý giải quyết "
            "theo Luật Tố cáo (Điều 25). Hãy xác minh danh tính người gửi trước.",
            status_code=409,
        )
    on = on or timezone.localdate()
    if is_especially_complex:
        is_complex = True
    if is_especially_complex is not None:
        case.is_especially_complex = is_especially_complex
    if is_complex is not None:
        case.is_complex = is_complex
    if is_remote_area is not None:
        case.is_remote_area = is_remote_area
    resolve_due = (
        _due(case.kind, Step.RESOLUTION, case.received_on, case)
        if _counts_from_receipt(case.kind)
        else _due(case.kind, Step.RESOLUTION, on, case)
    )
    return move(
        case,
        action=Action.ACCEPT,
        by=by,
        updates={
            "accepted_on": on,
            "resolve_due": resolve_due,
            "due_date": resolve_due,
            "is_complex": case.is_complex,
            "is_especially_complex": case.is_especially_complex,
            "is_remote_area": case.is_remote_area,
        },
    )


@transaction.atomic
def case_transfer(*, case: Case, by, to: Organization, reason: str, on: dt.date | None = None) -> Case:
    """Hand the case to the competent body, with the reason (the sender sees both). A complaint or denunciation goes
    only to a body whose head decides it; forwarded there by a body that only receives (a Party body, the Front), its
    acceptance limit runs from the day the competent body receives it (Luật Khiếu nại 2011, Điều 27: "kể từ ngày
    nhận được khiếu nại thuộc thẩm quyền")."""
    require_handler(by, case)
    if not reason.strip():
        raise ServiceError("Chuyển cơ quan xử lý phải nêu lý do.", extra={"reason": "required"})
    if case.status not in MOVABLE_STATES:
        raise ServiceError(f"Không thể chuyển vụ việc đang ở trạng thái “{case.get_status_display()}”.")
    if to.pk == case.organization_id:
        raise ServiceError("Vụ việc đang do chính cơ quan này xử lý.")
    if not to.is_active:
        raise ServiceError("Cơ quan nhận không còn hoạt động.")
    require_deciding_target(case, to)
    from_org = case.organization
    updates: dict = {"organization": to}
    if (
        case.kind in DECISION_KINDS
        and case.status == Status.RECEIVED
        and not case.is_denunciation_info
        and not decides(from_org)
    ):
        on = on or timezone.localdate()
        case.organization = to
        accept_due = _due(case.kind, Step.ACCEPTANCE, on, case)
        updates.update({"accept_due": accept_due, "due_date": accept_due})
    compare_and_set(
        WORKFLOW,
        case,
        expected={"status": case.status, "organization_id": from_org.pk},
        updates=updates,
    )
    _event(
        case,
        action=Action.TRANSFER,
        from_status=case.status,
        by=by,
        note=reason.strip(),
        from_organization=from_org,
        to_organization=to,
    )
    case_notifications.case_assigned(case=case, reason="transfer", by=by)
    changes: dict[str, list] = {"organization": [from_org.pk, to.pk]}
    if "accept_due" in updates:
        changes["accept_due"] = [None, updates["accept_due"].isoformat()]
    _audit(case, by=by, action=AuditAction.UPDATE, changes=changes, reason=reason.strip())
    return case


@transaction.atomic
def case_extend(*, case: Case, by, reason: str) -> Case:
    """Gia hạn. A denunciation: once when complex, twice when especially complex, never when ordinary (Luật Tố cáo
    2018, Điều 30); other kinds as the rule table allows (complaints: never)."""
    require_handler(by, case)
    require_competent(case, verb="gia hạn giải quyết")
    if not reason.strip():
        raise ServiceError("Gia hạn phải nêu lý do (quyết định gia hạn).", extra={"reason": "required"})
    if case.status not in (Status.ACCEPTED, Status.REOPENED) or case.accepted_on is None:
        raise ServiceError("Chỉ gia hạn được vụ việc đã thụ lý, đang giải quyết.")
    if case.kind == Kind.DENUNCIATION:
        allowed = 2 if case.is_especially_complex else 1 if case.is_complex else 0
        if case.extensions >= allowed:
            raise ServiceError(
                "Tố cáo không phức tạp không được gia hạn giải quyết (Luật Tố cáo 2018, Điều 30)."
                if allowed == 0
                else f"Tố cáo {'đặc biệt phức tạp' if allowed == 2 else 'phức tạp'} chỉ được gia hạn {allowed} lần "
                "(Luật Tố cáo 2018, Điều 30).",
                extra={"extensions": case.extensions, "allowed": allowed},
            )
    case.extensions += 1
    resolve_due = _due(case.kind, Step.RESOLUTION, case.accepted_on, case)
    compare_and_set(
        WORKFLOW,
        case,
        expected={"status": case.status, "extensions": case.extensions - 1},
        updates={"extensions": case.extensions, "resolve_due": resolve_due, "due_date": resolve_due},
    )
    _event(case, action=Action.EXTEND, from_status=case.status, by=by, note=reason.strip())
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"resolve_due": [None, resolve_due]}, reason=reason)
    return case


@transaction.atomic
def case_request_info(*, case: Case, by, question: str) -> Case:
    """The handler asks the sender for more information: shown on the private page (and in the sender's message
    if they asked for messages); the case keeps its status and its clock."""
    require_handler(by, case)
    if not question.strip():
        raise ServiceError("Hãy nêu thông tin cần người gửi bổ sung.", extra={"question": "required"})
    if case.status not in (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED):
        raise ServiceError("Chỉ đề nghị bổ sung thông tin khi vụ việc đang được xử lý.")
    compare_and_set(WORKFLOW, case, expected={"status": case.status}, updates={})
    _event(case, action=Action.REQUEST_INFO, from_status=case.status, by=by, note=question.strip()[:2000])
    _audit(case, by=by, action=AuditAction.UPDATE, changes={"request_info": [None, question.strip()[:200]]})
    return case


@transaction.atomic
def case_answer(*, case: Case, by, text: str, files: Iterable = (), organization: Organization | None = None) -> Answer:
    """The official answer (text and files), shown to the sender at the private link."""
    require_handler(by, case)
    require_competent(case, verb="giải quyết")
    if not text.strip():
        raise ServiceError("Nội dung trả lời không được để trống.", extra={"text": "required"})
    checked = _check_files(files)
    today = timezone.localdate()
    limit = case.due_date or case.resolve_due
    on_time = limit is None or today <= limit
    move(
        case,
        action=Action.ANSWER,
        by=by,
        updates={"answered_at": timezone.now(), "answered_on_time": on_time, "due_date": None},
    )
    answer = Answer.objects.create(case=case, text=text.strip(), organization=organization or case.organization, by=by)
    stored = _store_files(case, checked, by=by, answer=answer)
    _answer_duplicates(case, answer, stored, by=by, on_time=on_time)
    return answer


def _require_window(case: Case, today: dt.date) -> None:
    if case.status != Status.ANSWERED or case.answered_at is None:
        raise ServiceError(f"Vụ việc đang ở trạng thái “{case.get_status_display()}”, chưa có kết quả để phản hồi.")
    answered_on = timezone.localdate(case.answered_at)
    last = answered_on + dt.timedelta(days=conf.reopen_window_days())
    if today > last:
        raise ServiceError(
            f"Đã quá thời hạn {conf.reopen_window_days()} ngày kể từ ngày trả lời ({answered_on:%d/%m/%Y}); "
            "nếu chưa đồng ý, bạn có thể gửi ý kiến mới hoặc khiếu nại theo quy định.",
        )


@transaction.atomic
def case_confirm(*, case: Case, token: str) -> Case:
    """The sender is satisfied with the answer: the case closes."""
    if not token_matches(case, token):
        raise ServiceError("Đường dẫn theo dõi không hợp lệ.", status_code=404)
    _require_window(case, timezone.localdate())
    return move(case, action=Action.CONFIRM, by=SENDER, updates={"satisfied": True, "closed_at": timezone.now()})


@transaction.atomic
def case_reopen(*, case: Case, token: str, reason: str) -> Case:
    """The sender disagrees with the answer: the case goes back to the handler with a new limit."""
    if not token_matches(case, token):
        raise ServiceError("Đường dẫn theo dõi không hợp lệ.", status_code=404)
    if case.kind in DECISION_KINDS:
        raise ServiceError(
            "Khiếu nại, tố cáo không “mở lại”: nếu không đồng ý với quyết định giải quyết khiếu nại lần đầu, hãy gửi "
            "khiếu nại lần hai đến người có thẩm quyền cấp trên (Luật Khiếu nại 2011, Điều 33).",
            extra={"kind": case.kind},
            status_code=409,
        )
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do chưa đồng ý với kết quả trả lời.", extra={"reason": "required"})
    today = timezone.localdate()
    _require_window(case, today)
    # The law gives no limit for a reconsideration; the resolution limit runs again from today.
    resolve_due = _due(case.kind, Step.RESOLUTION, today, case)
    return move(
        case,
        action=Action.REOPEN,
        by=SENDER,
        note=reason.strip()[:4000],
        updates={
            "satisfied": False,
            "reopen_count": case.reopen_count + 1,
            "resolve_due": resolve_due,
            "due_date": resolve_due,
        },
    )


@transaction.atomic
def case_close_unanswered_window(*, case: Case, today: dt.date | None = None) -> Case:
    """The sender neither confirmed nor reopened within the window: the case closes (system)."""
    today = today or timezone.localdate()
    if case.answered_at is None or today <= timezone.localdate(case.answered_at) + dt.timedelta(
        days=conf.reopen_window_days()
    ):
        raise ServiceError("Chưa hết thời hạn người gửi phản hồi kết quả.")
    return move(case, action=Action.CLOSE, by=SYSTEM, updates={"closed_at": timezone.now()})


# ---------------------------------------------------------------- escalation


def escalation_target(case: Case) -> Organization | None:
    """The body above the one now responsible: its parent, else a body of the case's province."""
    base = case.escalated_to or case.organization
    if base is None:
        return None
    parent = base.parent
    if parent is not None and parent.is_active:
        return parent
    if base.unit_id and base.unit_id != case.province_id:
        return (
            Organization.objects.filter(unit_id=case.province_id, is_active=True)
            .order_by(SqlCase(When(org_type__code="ban-tgdv", then=Value(0)), default=Value(1)), "id")
            .first()
        )
    return None


def escalation_due(case: Case, today: dt.date) -> bool:
    """Overdue by the margin, once more for each level already climbed."""
    if case.status not in OPEN_STATES or case.due_date is None:
        return False
    margin = conf.escalation_margin_days() * (case.escalation_level + 1)
    return (today - case.due_date).days > margin


@transaction.atomic
def case_escalate(*, case: Case, by=None, today: dt.date | None = None) -> Case:
    """Hand an overdue case to the body above for supervision; it sees the case in its own queue."""
    today = today or timezone.localdate()
    if by is not None:
        require_handler(by, case)
    if not escalation_due(case, today):
        raise ServiceError(
            f"Vụ việc chưa quá hạn quá {conf.escalation_margin_days()} ngày nên chưa chuyển lên cấp trên.",
            extra={"due_date": case.due_date.isoformat() if case.due_date else None},
        )
    target = escalation_target(case)
    if target is None:
        raise ServiceError("Không có cơ quan cấp trên để chuyển vụ việc.")
    assert case.due_date is not None  # noqa: S101 - escalation_due() is False for a case without a deadline
    overdue_days = (today - case.due_date).days
    note = f"Quá hạn {overdue_days} ngày (hạn {case.due_date:%d/%m/%Y}); chuyển {target.name} theo dõi, đôn đốc."
    from_org = case.escalated_to or case.organization
    compare_and_set(
        WORKFLOW,
        case,
        expected={"status": case.status, "escalation_level": case.escalation_level},
        updates={"escalated_to": target, "escalation_level": case.escalation_level + 1, "escalated_at": timezone.now()},
    )
    _event(
        case,
        action=Action.ESCALATE,
        from_status=case.status,
        by=by or SYSTEM,
        note=note,
        from_organization=from_org,
        to_organization=target,
    )
    case_notifications.case_assigned(case=case, reason="escalation", by=by)
    _audit(
        case,
        by=by or SYSTEM,
        action=AuditAction.UPDATE,
        changes={"escalated_to": [from_org.pk, target.pk], "escalation_level": [None, case.escalation_level]},
        reason=note,
    )
    return case


def escalate_overdue(*, today: dt.date | None = None, limit: int | None = None) -> list[Case]:
    """Escalate every case overdue by the margin; each in its own transaction. For the daily command."""
    today = today or timezone.localdate()
    margin = conf.escalation_margin_days()
    candidates = (
        Case.objects.filter(status__in=OPEN_STATES, due_date__lt=today - dt.timedelta(days=margin))
        .select_related("organization__parent", "escalated_to__parent")
        .order_by("due_date", "id")
    )
    done = []
    for case in candidates[:limit] if limit else candidates:
        if not escalation_due(case, today):
            continue
        try:
            done.append(case_escalate(case=case, today=today))
        except ServiceError:
            continue  # someone else escalated it, or nobody is above: the next run retries
    return done
