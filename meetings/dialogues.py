"""Dialogue conferences (đối thoại): plan and announce, collect questions, record the minutes and
answers, turn answers into tracked commitments, publish the results.

Time limits (domain notes §3.1): announced at least ``CASES_DIALOGUE_NOTICE_DAYS`` (7) days
ahead; results published within ``CASES_DIALOGUE_PUBLISH_DAYS`` (10) days after. A late
publication is allowed (better late than never) but shown as late, on the public page too.
Writes: atomic; status moves go through ``audit.transitions`` (compare-and-set on the status, the shared
refusal and conflict messages, the audit row in the same transaction).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from cases.access import can_handle
from cases.history import SENDER
from cases.intake import check_rate_limit
from cases.models import OPEN_STATES, Case, Status, Submission, Topic
from geo.models import AdminUnit, Level
from lib.errors import ServiceError
from meetings import conf
from meetings.models import (
    COMMITMENT_TRANSITIONS,
    DIALOGUE_TRANSITIONS,
    Commitment,
    CommitmentAction,
    CommitmentQuerySet,
    CommitmentStatus,
    Dialogue,
    DialogueAction,
    DialogueQuestion,
    DialogueStatus,
    QuestionSource,
)
from orgs.models import Organization
from orgs.permissions import acts_for, require_acts_for
from orgs.scope import scope_for

# ---------------------------------------------------------------- reads


def dialogues_visible_to(user) -> QuerySet[Dialogue]:
    return scope_for(user).filter(Dialogue.objects.all(), "unit")


def get_dialogue_for_user(user, pk: int) -> Dialogue:
    dialogue = dialogues_visible_to(user).select_related("organization__parent", "unit", "topic").filter(pk=pk).first()
    if dialogue is None:
        raise Http404("Không tìm thấy hội nghị đối thoại hoặc bạn không có quyền xem.")
    return dialogue


def commitments_visible_to(user) -> CommitmentQuerySet:
    # Scope.filter keeps the queryset's class; its annotation only says QuerySet.
    return cast(CommitmentQuerySet, scope_for(user).filter(Commitment.objects.all(), "dialogue__unit"))


def get_commitment_for_user(user, pk: int) -> Commitment:
    commitment = (
        commitments_visible_to(user)
        .select_related("dialogue__organization__parent", "owner__parent")
        .filter(pk=pk)
        .first()
    )
    if commitment is None:
        raise Http404("Không tìm thấy cam kết hoặc bạn không có quyền xem.")
    return commitment


def dialogue_list(user) -> QuerySet[Dialogue]:
    """Dialogues in the user's scope with their question and open-commitment counts (one query)."""
    return (
        dialogues_visible_to(user)
        .select_related("organization", "unit")
        .annotate(
            question_count=Count("questions", distinct=True),
            open_commitments=Count("commitments", filter=Q(commitments__status=CommitmentStatus.OPEN), distinct=True),
        )
        .order_by("-starts_at", "-id")
    )


def commitment_list(user, *, state: str = "", today: dt.date | None = None) -> QuerySet[Commitment]:
    """Commitments of dialogues in the user's scope; ``state`` open / done / overdue."""
    today = today or timezone.localdate()
    qs = commitments_visible_to(user)
    if state == "done":
        qs = qs.filter(status=CommitmentStatus.DONE)
    elif state == "open":
        qs = qs.filter(status=CommitmentStatus.OPEN, deadline__gte=today)
    elif state == "overdue":
        qs = qs.overdue(on=today)
    return qs.select_related("owner", "dialogue").order_by("deadline", "id")


def results_late(dialogue: Dialogue, today: dt.date | None = None) -> bool:
    """Held, results not published, and the publication limit has passed."""
    today = today or timezone.localdate()
    due = dialogue.results_due()
    return dialogue.status == DialogueStatus.HELD and due is not None and today > due


def published_late(dialogue: Dialogue) -> bool:
    due = dialogue.results_due()
    return bool(dialogue.published_on and due and dialogue.published_on > due)


def accepts_questions(dialogue: Dialogue, now: dt.datetime | None = None) -> bool:
    return dialogue.status == DialogueStatus.ANNOUNCED and (now or timezone.now()) < dialogue.starts_at


def public_dialogues(*, today: dt.date | None = None, limit: int = 50) -> tuple[list[Dialogue], list[Dialogue]]:
    """(upcoming, past) for the public page: places, dates and topics only."""
    now = timezone.now()
    base = Dialogue.objects.exclude(status=DialogueStatus.CANCELLED).select_related("organization", "unit", "topic")
    upcoming = list(base.filter(status=DialogueStatus.ANNOUNCED, starts_at__gte=now).order_by("starts_at")[:limit])
    past = list(base.filter(starts_at__lt=now).order_by("-starts_at", "-id")[:limit])
    return upcoming, past


def get_public_dialogue(pk: int) -> Dialogue:
    dialogue = Dialogue.objects.select_related("organization", "unit", "topic").filter(pk=pk).first()
    if dialogue is None:
        raise Http404("Không tìm thấy hội nghị đối thoại.")
    return dialogue


# ---------------------------------------------------------------- writes


MANAGERS_ONLY = "Bạn không thuộc cơ quan tổ chức đối thoại hoặc cơ quan cấp trên của cơ quan đó."


def _require_manager(user, organization: Organization) -> None:
    require_acts_for(user, organization, message=MANAGERS_ONLY)


def _label(dialogue: Dialogue) -> str:
    return f"Đối thoại “{dialogue.title[:200]}” ({timezone.localtime(dialogue.starts_at):%d/%m/%Y})"


def _audit(obj, *, by, action: str, changes: dict, reason: str = "", label: str) -> None:
    record(actor=by, action=action, obj=obj, object_repr=label, changes=changes, reason=reason)


DIALOGUE_WORKFLOW = Workflow(
    model=Dialogue,
    moves=DIALOGUE_TRANSITIONS,
    noun="hội nghị đối thoại",
    status_labels=dict(DialogueStatus.choices),
    action_labels=dict(DialogueAction.choices),
)

COMMITMENT_WORKFLOW = Workflow(
    model=Commitment,
    moves=COMMITMENT_TRANSITIONS,
    noun="cam kết",
    status_labels=dict(CommitmentStatus.choices),
    action_labels=dict(CommitmentAction.choices),
)


def _refuse(dialogue: Dialogue, verb: str) -> ServiceError:
    """The shared refusal, for acts on a dialogue that are not moves (adding a question, an answer, a commitment)."""
    return DIALOGUE_WORKFLOW.refusal(dialogue.status, "", verb=verb)


@transaction.atomic
def dialogue_plan(
    *,
    by,
    organization: Organization,
    title: str,
    starts_at: dt.datetime,
    place: str,
    unit: AdminUnit | None = None,
    topic: Topic | None = None,
    description: str = "",
) -> Dialogue:
    """Plan and announce a dialogue; refused unless at least the notice period ahead."""
    _require_manager(by, organization)
    unit = unit or organization.unit
    if unit is None or unit.level == Level.DISTRICT:
        raise ServiceError("Hãy chọn địa bàn đối thoại (xã, phường, đặc khu hoặc tỉnh).")
    if not scope_for(by, write=True).covers(unit):
        raise ServiceError("Địa bàn này nằm ngoài phạm vi của bạn.", status_code=403)
    if not title.strip() or not place.strip():
        raise ServiceError("Hãy nhập chủ đề và địa điểm đối thoại.")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    today = timezone.localdate()
    earliest = today + dt.timedelta(days=conf.dialogue_notice_days())
    day = timezone.localdate(starts_at)
    if day < earliest:
        raise ServiceError(
            f"Hội nghị đối thoại phải được thông báo trước ít nhất {conf.dialogue_notice_days()} ngày: "
            f"ngày dự kiến {day:%d/%m/%Y}, sớm nhất là ngày {earliest:%d/%m/%Y}.",
            extra={"starts_at": starts_at.isoformat(), "earliest": earliest.isoformat()},
        )
    dialogue = Dialogue.objects.create(
        organization=organization,
        unit=unit,
        title=title.strip()[:300],
        description=description.strip(),
        topic=topic,
        starts_at=starts_at,
        place=place.strip()[:300],
        announced_on=today,
        created_by=by,
    )
    _audit(
        dialogue,
        by=by,
        action=AuditAction.CREATE,
        changes={"starts_at": [None, starts_at], "place": [None, dialogue.place]},
        label=_label(dialogue),
    )
    return dialogue


@transaction.atomic
def dialogue_cancel(*, dialogue: Dialogue, by, reason: str) -> Dialogue:
    _require_manager(by, dialogue.organization)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do hủy để thông báo cho người dân.", extra={"reason": "required"})
    return transition(
        DIALOGUE_WORKFLOW,
        dialogue,
        action=DialogueAction.CANCEL,
        by=by,
        reason=reason.strip(),
        updates={"cancel_reason": reason.strip()},
        audited=(),
        object_repr=_label(dialogue),
    )


@transaction.atomic
def dialogue_question_submit(*, dialogue: Dialogue, text: str, client_ip: str | None = None) -> DialogueQuestion:
    """A citizen sends a question before the dialogue (no account, text only, rate-limited)."""
    if not accepts_questions(dialogue):
        raise ServiceError("Hội nghị đối thoại này không còn nhận câu hỏi gửi trước.")
    if not text.strip():
        raise ServiceError("Hãy nhập nội dung câu hỏi.", extra={"text": "required"})
    key = check_rate_limit(client_ip)
    question = DialogueQuestion.objects.create(dialogue=dialogue, source=QuestionSource.CITIZEN, text=text.strip())
    Submission.objects.create(client_hash=key, at=timezone.now())
    _audit(
        question,
        by=SENDER,
        action=AuditAction.CREATE,
        changes={"source": [None, "citizen"]},
        label=f"Câu hỏi gửi {_label(dialogue)}",
    )
    return question


@transaction.atomic
def dialogue_question_from_case(*, dialogue: Dialogue, case: Case, by, text: str = "") -> DialogueQuestion:
    """Bring an open case to the dialogue. Its text (not the sender) goes on the agenda."""
    _require_manager(by, dialogue.organization)
    if dialogue.status != DialogueStatus.ANNOUNCED:
        raise _refuse(dialogue, "thêm câu hỏi vào")
    if case.status not in (*OPEN_STATES, Status.ANSWERED):
        raise ServiceError(f"Vụ việc {case.display_code} đã kết thúc, không đưa vào đối thoại.")
    if case.province_id != dialogue.unit.province_id:
        raise ServiceError("Vụ việc không thuộc địa bàn của hội nghị đối thoại.")
    if not can_handle(by, case):
        raise ServiceError("Bạn không thuộc cơ quan đang xử lý vụ việc này.", status_code=403)
    try:
        with transaction.atomic():
            question = DialogueQuestion.objects.create(
                dialogue=dialogue, source=QuestionSource.CASE, case=case, text=(text.strip() or case.title)[:4000]
            )
    except IntegrityError as e:
        raise ServiceError(f"Vụ việc {case.display_code} đã có trong danh sách câu hỏi.", status_code=409) from e
    _audit(
        case,
        by=by,
        action=AuditAction.UPDATE,
        changes={"dialogue": [None, dialogue.pk]},
        label=f"Ý kiến {case.display_code} đưa vào {_label(dialogue)}",
    )
    return question


def hold_blocker(dialogue: Dialogue, today: dt.date) -> str:
    """Why the minutes cannot be recorded yet ("" when they can): the meeting has not taken place."""
    day = timezone.localdate(dialogue.starts_at)
    if dialogue.status == DialogueStatus.ANNOUNCED and day > today:
        return f"Hội nghị dự kiến ngày {day:%d/%m/%Y}, chưa diễn ra: ghi biên bản sau khi hội nghị diễn ra."
    return ""


@transaction.atomic
def dialogue_hold(*, dialogue: Dialogue, by, minutes: str, participants: int = 0) -> Dialogue:
    """The dialogue took place: its minutes are recorded; the results limit starts."""
    _require_manager(by, dialogue.organization)
    DIALOGUE_WORKFLOW.require(dialogue.status, DialogueAction.HOLD, verb="ghi biên bản cho")
    if blocker := hold_blocker(dialogue, timezone.localdate()):
        raise ServiceError(blocker)
    if not minutes.strip():
        raise ServiceError("Hãy nhập biên bản hội nghị.", extra={"minutes": "required"})
    if participants < 0:
        raise ServiceError("Số người dự không thể âm.")
    return transition(
        DIALOGUE_WORKFLOW,
        dialogue,
        action=DialogueAction.HOLD,
        by=by,
        verb="ghi biên bản cho",
        updates={
            "held_on": timezone.localdate(dialogue.starts_at),
            "minutes": minutes.strip(),
            "participants": participants,
        },
        audited=("participants",),
        object_repr=_label(dialogue),
    )


@transaction.atomic
def dialogue_answer(*, question: DialogueQuestion, by, answer: str, answered_by: str = "") -> DialogueQuestion:
    """The answer given at the dialogue, recorded after it (before the results are published)."""
    dialogue = question.dialogue
    _require_manager(by, dialogue.organization)
    if dialogue.status != DialogueStatus.HELD:
        raise _refuse(dialogue, "ghi câu trả lời cho")
    if not answer.strip():
        raise ServiceError("Hãy nhập nội dung trả lời.", extra={"answer": "required"})
    old = question.answer
    DialogueQuestion.objects.filter(pk=question.pk).update(answer=answer.strip(), answered_by=answered_by.strip()[:200])
    question.answer, question.answered_by = answer.strip(), answered_by.strip()[:200]
    _audit(
        question,
        by=by,
        action=AuditAction.UPDATE,
        changes={"answer": [old[:100] or None, question.answer[:100]]},
        label=f"Trả lời câu hỏi tại {_label(dialogue)}",
    )
    return question


@transaction.atomic
def dialogue_publish(*, dialogue: Dialogue, by, results: str) -> Dialogue:
    """Publish the results (within the limit; later is allowed but shown as late)."""
    _require_manager(by, dialogue.organization)
    DIALOGUE_WORKFLOW.require(dialogue.status, DialogueAction.PUBLISH)
    if not results.strip():
        raise ServiceError("Hãy nhập kết quả đối thoại để công bố.", extra={"results": "required"})
    today = timezone.localdate()
    due = dialogue.results_due()
    late = f"Công bố muộn so với hạn {due:%d/%m/%Y}" if due and today > due else ""
    return transition(
        DIALOGUE_WORKFLOW,
        dialogue,
        action=DialogueAction.PUBLISH,
        by=by,
        reason=late,
        updates={"results": results.strip(), "published_on": today},
        audited=("published_on",),
        object_repr=_label(dialogue),
    )


@transaction.atomic
def commitment_create(
    *,
    dialogue: Dialogue,
    by,
    text: str,
    owner: Organization,
    deadline: dt.date,
    question: DialogueQuestion | None = None,
) -> Commitment:
    """Turn an answer into a commitment: who does what, by when."""
    _require_manager(by, dialogue.organization)
    if dialogue.status not in (DialogueStatus.HELD, DialogueStatus.PUBLISHED):
        raise _refuse(dialogue, "thêm cam kết cho")
    if question is not None and question.dialogue_id != dialogue.pk:
        raise ServiceError("Câu hỏi không thuộc hội nghị đối thoại này.")
    if not text.strip():
        raise ServiceError("Hãy nhập nội dung cam kết.", extra={"text": "required"})
    if not owner.is_active:
        raise ServiceError("Cơ quan thực hiện không còn hoạt động.")
    if dialogue.held_on and deadline < dialogue.held_on:
        raise ServiceError("Thời hạn thực hiện cam kết không thể trước ngày đối thoại.")
    commitment = Commitment.objects.create(
        dialogue=dialogue, question=question, text=text.strip(), owner=owner, deadline=deadline, created_by=by
    )
    _audit(
        commitment,
        by=by,
        action=AuditAction.CREATE,
        changes={"owner": [None, owner.pk], "deadline": [None, deadline]},
        label=f"Cam kết sau {_label(dialogue)}",
    )
    return commitment


@transaction.atomic
def commitment_complete(*, commitment: Commitment, by, evidence: str) -> Commitment:
    """Done, with the evidence (what was done, document number, photos filed…)."""
    if not (acts_for(by, commitment.owner) or acts_for(by, commitment.dialogue.organization)):
        raise ServiceError("Bạn không thuộc cơ quan thực hiện cam kết hoặc cơ quan tổ chức đối thoại.", status_code=403)
    if not evidence.strip():
        raise ServiceError("Hãy nêu kết quả, minh chứng hoàn thành cam kết.", extra={"evidence": "required"})
    today = timezone.localdate()
    late = commitment.deadline < today
    return transition(
        COMMITMENT_WORKFLOW,
        commitment,
        action=CommitmentAction.COMPLETE,
        by=by,
        reason=f"Hoàn thành sau hạn {commitment.deadline:%d/%m/%Y}" if late else "",
        updates={"evidence": evidence.strip(), "done_on": today},
        audited=("done_on",),
        object_repr=f"Cam kết sau {_label(commitment.dialogue)}",
    )
