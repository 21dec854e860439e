"""Dialogues recorded after the fact: a dialogue that already took place, entered with its date, minutes, questions,
answers and commitments.

The 7-day notice rule (``meetings.dialogues.dialogue_plan``) governs announcing a dialogue in DanVan; a dialogue
announced elsewhere and held already is recorded here instead, marked ``recorded_afterwards``, and starts its life
"held": the results limit (10 days after it) and the commitments' deadlines run as for any other. One transaction:
the dialogue, its questions and its commitments, each with its audit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from cases.models import Topic
from geo.models import AdminUnit, Level
from lib.errors import ServiceError
from meetings.dialogues import _audit, _label, _require_manager, commitment_create
from meetings.models import Dialogue, DialogueQuestion, DialogueStatus, QuestionSource
from orgs.models import Organization
from orgs.scope import scope_for


@dataclass(frozen=True)
class QuestionRecord:
    text: str
    answer: str = ""
    answered_by: str = ""


@dataclass(frozen=True)
class CommitmentRecord:
    text: str
    owner: Organization
    deadline: dt.date


@transaction.atomic
def dialogue_record(
    *,
    by,
    organization: Organization,
    title: str,
    starts_at: dt.datetime,
    place: str,
    minutes: str,
    participants: int = 0,
    unit: AdminUnit | None = None,
    topic: Topic | None = None,
    description: str = "",
    questions: list[QuestionRecord] | tuple = (),
    commitments: list[CommitmentRecord] | tuple = (),
) -> Dialogue:
    """Record a dialogue that has taken place (today or before), already "held", with what was said and promised."""
    _require_manager(by, organization)
    unit = unit or organization.unit
    if unit is None or unit.level == Level.DISTRICT:
        raise ServiceError("Hãy chọn địa bàn đối thoại (xã, phường, đặc khu hoặc tỉnh).")
    if not scope_for(by, write=True).covers(unit):
        raise ServiceError("Địa bàn này nằm ngoài phạm vi của bạn.", status_code=403)
    if not title.strip() or not place.strip():
        raise ServiceError("Hãy nhập chủ đề và địa điểm đối thoại.")
    if not minutes.strip():
        raise ServiceError("Hãy nhập biên bản hội nghị.", extra={"minutes": "required"})
    if participants < 0:
        raise ServiceError("Số người dự không thể âm.")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    held_on = timezone.localdate(starts_at)
    today = timezone.localdate()
    if held_on > today:
        raise ServiceError(
            f"Ngày {held_on:%d/%m/%Y} chưa đến: hội nghị sắp tới thì thông báo trước, không ghi nhận sau.",
            extra={"starts_at": "future"},
        )
    dialogue = Dialogue.objects.create(
        organization=organization,
        unit=unit,
        title=title.strip()[:300],
        description=description.strip(),
        topic=topic,
        starts_at=starts_at,
        place=place.strip()[:300],
        status=DialogueStatus.HELD,
        # Announced outside DanVan: the day it was held is the last day it can have been announced.
        announced_on=held_on,
        held_on=held_on,
        minutes=minutes.strip(),
        participants=participants,
        recorded_afterwards=True,
        created_by=by,
    )
    _audit(
        dialogue,
        by=by,
        action=AuditAction.CREATE,
        changes={
            "status": [None, DialogueStatus.HELD],
            "held_on": [None, held_on],
            "recorded_afterwards": [None, True],
        },
        reason="Ghi nhận hội nghị đối thoại đã diễn ra",
        label=_label(dialogue),
    )
    for question in questions:
        if not question.text.strip():
            continue
        asked = DialogueQuestion.objects.create(
            dialogue=dialogue,
            source=QuestionSource.FLOOR,
            text=question.text.strip()[:4000],
            answer=question.answer.strip(),
            answered_by=question.answered_by.strip()[:200],
        )
        _audit(
            asked,
            by=by,
            action=AuditAction.CREATE,
            changes={"source": [None, QuestionSource.FLOOR]},
            label=f"Câu hỏi tại {_label(dialogue)}",
        )
    for promise in commitments:
        commitment_create(dialogue=dialogue, by=by, text=promise.text, owner=promise.owner, deadline=promise.deadline)
    return dialogue
