"""Writes of the supervision boards: boards and members, sessions, recommendations tracked to closure.

Recommendations are answered by the body they are addressed to (or one above it) and closed by the board's
managing body; an open one past its answer date is overdue (the digest and the compliance roll-up count it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from democracy import conf
from democracy.models import (
    Board,
    BoardKind,
    BoardMember,
    MemberRole,
    Recommendation,
    RecommendationStatus,
    SupervisionSession,
)
from democracy.models.supervision import RECOMMENDATION_TRANSITIONS, RecommendationAction
from democracy.permissions import require_commune_body
from lib.errors import ServiceError
from orgs.models import Organization
from orgs.permissions import require_acts_for

RECOMMENDATION_WORKFLOW = Workflow(
    model=Recommendation,
    moves=RECOMMENDATION_TRANSITIONS,
    noun="kiến nghị",
    status_labels=dict(RecommendationStatus.choices),
    action_labels=dict(RecommendationAction.choices),
)


@transaction.atomic
def board_create(
    *,
    by,
    organization: Organization,
    kind: str,
    name: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    project: str = "",
) -> Board:
    unit = require_commune_body(by, organization)
    if kind not in BoardKind.values or not name.strip():
        raise ServiceError("Hãy chọn loại ban và nhập tên ban.")
    if kind == BoardKind.INVESTMENT and not project.strip():
        raise ServiceError("Ban Giám sát đầu tư của cộng đồng được thành lập cho một dự án: hãy nhập tên dự án.")
    if kind == BoardKind.INSPECTION and term_end is None:
        # The People's Inspection Board's term follows the village head's (Điều 31; length is a Parameter).
        years = conf.value("inspection_board_term_years")
        term_end = term_start.replace(year=term_start.year + years) - dt.timedelta(days=1)
    if term_end is not None and term_end < term_start:
        raise ServiceError("Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu.")
    board = Board.objects.create(
        unit=unit,
        organization=organization,
        kind=kind,
        name=name.strip(),
        project=project.strip(),
        term_start=term_start,
        term_end=term_end,
        created_by=by,
    )
    record(actor=by, action=AuditAction.CREATE, obj=board, changes={"kind": [None, kind], "term_end": [None, term_end]})
    return board


@transaction.atomic
def board_member_add(*, board: Board, by, full_name: str, role: str, since: dt.date) -> BoardMember:
    require_commune_body(by, board.organization)
    if not full_name.strip() or role not in MemberRole.values:
        raise ServiceError("Hãy nhập họ tên và chức danh thành viên.")
    current = list(board.members.filter(until__isnull=True).values_list("role", flat=True))
    if board.kind == BoardKind.INVESTMENT:
        limit, deputies = conf.value("investment_board_max_members"), conf.value("investment_board_max_deputies")
        if len(current) >= limit:
            raise ServiceError(f"Ban Giám sát đầu tư của cộng đồng có tối đa {limit} thành viên.")
        if role == MemberRole.DEPUTY and current.count(MemberRole.DEPUTY) >= deputies:
            raise ServiceError(f"Ban Giám sát đầu tư của cộng đồng có tối đa {deputies} Phó Trưởng ban.")
    if role == MemberRole.HEAD and MemberRole.HEAD in current:
        raise ServiceError("Ban đã có Trưởng ban.")
    member = BoardMember.objects.create(board=board, full_name=full_name.strip(), role=role, since=since)
    record(actor=by, action=AuditAction.CREATE, obj=member, object_repr=f"Thành viên {board}",
           changes={"role": [None, role], "board": [None, board.pk]})  # fmt: skip
    return member


@transaction.atomic
def session_record(*, board: Board, by, held_on: dt.date, subject: str, findings: str = "") -> SupervisionSession:
    require_commune_body(by, board.organization)
    if not subject.strip():
        raise ServiceError("Hãy nhập nội dung giám sát.")
    if held_on > timezone.localdate():
        raise ServiceError("Ngày giám sát không được sau hôm nay.")
    if held_on < board.term_start or (board.term_end and held_on > board.term_end):
        raise ServiceError("Ngày giám sát nằm ngoài nhiệm kỳ của ban.")
    session = SupervisionSession.objects.create(
        board=board, unit=board.unit, held_on=held_on, subject=subject.strip(), findings=findings, created_by=by
    )
    record(actor=by, action=AuditAction.CREATE, obj=session, changes={"held_on": [None, held_on]})
    return session


@transaction.atomic
def recommendation_add(
    *, session: SupervisionSession, by, text: str, addressee: Organization, answer_due: dt.date | None = None
) -> Recommendation:
    require_commune_body(by, session.board.organization)
    if not text.strip():
        raise ServiceError("Hãy nhập nội dung kiến nghị.")
    answer_due = answer_due or session.held_on + dt.timedelta(days=conf.value("recommendation_answer_days"))
    if answer_due < session.held_on:
        raise ServiceError("Hạn trả lời không được trước ngày giám sát.")
    rec = Recommendation.objects.create(
        session=session, unit=session.unit, text=text.strip(), addressee=addressee, answer_due=answer_due, created_by=by
    )
    record(actor=by, action=AuditAction.CREATE, obj=rec,
           changes={"addressee": [None, addressee.pk], "answer_due": [None, answer_due]})  # fmt: skip
    return rec


@transaction.atomic
def recommendation_answer(*, recommendation: Recommendation, by, answer: str) -> Recommendation:
    """The addressee (or a body above it) answers; answered after the due date counts as late."""
    require_acts_for(by, recommendation.addressee, message="Chỉ cơ quan nhận kiến nghị mới trả lời kiến nghị này.")
    if not answer.strip():
        raise ServiceError("Hãy nhập nội dung trả lời.")
    return transition(
        RECOMMENDATION_WORKFLOW,
        recommendation,
        action=RecommendationAction.ANSWER,
        by=by,
        updates={"answer": answer.strip(), "answered_on": timezone.localdate()},
        audited=["answered_on"],
    )


@transaction.atomic
def recommendation_close(*, recommendation: Recommendation, by, note: str = "") -> Recommendation:
    require_commune_body(by, recommendation.session.board.organization)
    return transition(
        RECOMMENDATION_WORKFLOW,
        recommendation,
        action=RecommendationAction.CLOSE,
        by=by,
        reason=note,
        updates={"closed_on": timezone.localdate()},
    )
