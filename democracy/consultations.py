"""Writes of consultations: residents decide and give opinions, by meeting, household ballot or online vote.

Online voting: each eligible household gets a printed slip with a one-time code; only the code's keyed hash is
kept (``VotingCode``). A vote stores the hash of the code used in ``UsedCode`` (unique: a second vote with the same
code is refused) and the option alone in ``Ballot`` (random key, no time), so no table says who chose what. The
tally is a GROUP BY over the ballots: anyone with the ballots recounts the same figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from democracy.models import (
    Ballot,
    Consultation,
    ConsultationForm,
    ConsultationKind,
    ConsultationScope,
    ConsultationStatus,
    OpinionGroup,
    Option,
    Outcome,
    PassingRule,
    UsedCode,
    VotingCode,
)
from democracy.models.consultations import CONSULTATION_TRANSITIONS, ConsultationAction
from democracy.permissions import require_commune_body
from lib.errors import ServiceError
from orgs.models import Organization

WORKFLOW = Workflow(
    model=Consultation,
    moves=CONSULTATION_TRANSITIONS,
    noun="cuộc lấy ý kiến",
    status_labels=dict(ConsultationStatus.choices),
    action_labels=dict(ConsultationAction.choices),
)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper
CODE_LENGTH = 10
MAX_HOUSEHOLDS = 20_000


def _label(c: Consultation) -> str:
    return f"Lấy ý kiến “{c.subject[:200]}”"


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:40]


def code_hash(consultation_id: int, code: str) -> str:
    """Keyed, so a stolen table of hashes cannot be matched against the small code space offline."""
    message = f"{consultation_id}:{normalise_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def consultation_create(
    *,
    by,
    organization: Organization,
    subject: str,
    kind: str,
    form: str,
    scope: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    options: list[tuple[str, bool]] | None = None,
    rule: PassingRule | None = None,
    village: str = "",
    description: str = "",
    eligible_households: int = 0,
    dialogue=None,
) -> Consultation:
    unit = require_commune_body(by, organization)
    if not subject.strip():
        raise ServiceError("Hãy nhập nội dung lấy ý kiến.")
    if kind not in ConsultationKind.values or form not in ConsultationForm.values:
        raise ServiceError("Loại hoặc hình thức lấy ý kiến không hợp lệ.")
    if scope not in ConsultationScope.values:
        raise ServiceError("Phạm vi lấy ý kiến không hợp lệ.")
    if scope == ConsultationScope.VILLAGE and not village.strip():
        raise ServiceError("Hãy nhập tên thôn, tổ dân phố.")
    if closes_at <= opens_at:
        raise ServiceError("Hạn cuối phải sau thời điểm bắt đầu.")
    options = [(label.strip(), approves) for label, approves in (options or []) if label.strip()]
    if kind != ConsultationKind.OPINION:
        if rule is None:
            raise ServiceError("Hãy chọn quy tắc thông qua.")
        if len(options) < 2 or not any(approves for _, approves in options):
            raise ServiceError("Hãy nhập ít nhất hai phương án, trong đó có phương án tán thành.")
    if form == ConsultationForm.ONLINE and kind == ConsultationKind.OPINION:
        raise ServiceError("Biểu quyết trực tuyến chỉ dùng cho nội dung Nhân dân bàn và quyết định.")
    if not 0 <= eligible_households <= 10_000_000:
        raise ServiceError("Số hộ gia đình không hợp lệ.")
    consultation = Consultation.objects.create(
        unit=unit,
        organization=organization,
        subject=subject.strip(),
        description=description,
        scope=scope,
        village=village.strip(),
        kind=kind,
        form=form,
        rule=rule if kind != ConsultationKind.OPINION else None,
        dialogue=dialogue,
        eligible_households=0 if form == ConsultationForm.ONLINE else eligible_households,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by,
    )
    Option.objects.bulk_create(
        Option(consultation=consultation, label=label[:300], approves=approves, ordering=i)
        for i, (label, approves) in enumerate(options)
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=consultation,
        object_repr=_label(consultation),
        changes={"kind": [None, kind], "form": [None, form], "options": [None, [o for o, _ in options]]},
    )
    return consultation


@transaction.atomic
def consultation_issue_codes(*, consultation: Consultation, by, households: list[str]) -> list[tuple[str, str]]:
    """One code per household for an online vote, returned once (for the printed slips) and stored only hashed.
    The eligible households are the slips issued."""
    require_commune_body(by, consultation.organization)
    if consultation.form != ConsultationForm.ONLINE:
        raise ServiceError("Chỉ cuộc biểu quyết trực tuyến mới cấp mã cho hộ gia đình.")
    if consultation.status != ConsultationStatus.DRAFT:
        raise WORKFLOW.refusal(consultation.status, "", verb="cấp mã biểu quyết cho")
    names = [h.strip()[:200] for h in households if h.strip()]
    if not names or len(names) + consultation.codes.count() > MAX_HOUSEHOLDS:
        raise ServiceError(f"Hãy nhập danh sách hộ gia đình (tối đa {MAX_HOUSEHOLDS:,} hộ).".replace(",", "."))
    slips = [(name, new_code()) for name in names]
    VotingCode.objects.bulk_create(
        VotingCode(consultation=consultation, household=name, code_hash=code_hash(consultation.pk, code))
        for name, code in slips
    )
    eligible = consultation.codes.count()
    Consultation.objects.filter(pk=consultation.pk).update(eligible_households=eligible)
    consultation.eligible_households = eligible
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=consultation,
        object_repr=_label(consultation),
        changes={"codes_issued": [None, len(slips)], "eligible_households": [None, eligible]},
    )
    return slips


@transaction.atomic
def consultation_open(*, consultation: Consultation, by) -> Consultation:
    require_commune_body(by, consultation.organization)
    if consultation.form == ConsultationForm.ONLINE and consultation.eligible_households == 0:
        raise ServiceError("Hãy cấp mã biểu quyết cho các hộ gia đình trước khi mở biểu quyết.")
    return transition(WORKFLOW, consultation, action=ConsultationAction.OPEN, by=by, object_repr=_label(consultation))


VOTE_WRONG_CODE = "Mã biểu quyết không đúng. Vui lòng kiểm tra lại phiếu đã được phát."
VOTE_USED_CODE = "Mã biểu quyết này đã được sử dụng. Mỗi hộ gia đình chỉ được biểu quyết một lần."
VOTE_NOT_OPEN = "Cuộc biểu quyết chưa mở hoặc đã kết thúc."


@transaction.atomic
def consultation_vote(*, consultation: Consultation, code: str, option_id: int, now: dt.datetime | None = None) -> None:
    """A household's online vote: refused after the deadline, with an unknown code or a code already used."""
    now = now or timezone.now()
    if consultation.form != ConsultationForm.ONLINE or consultation.status != ConsultationStatus.OPEN:
        raise ServiceError(VOTE_NOT_OPEN, status_code=409)
    if now < consultation.opens_at:
        raise ServiceError(
            f"Chưa đến giờ biểu quyết (bắt đầu lúc {timezone.localtime(consultation.opens_at):%H:%M %d/%m/%Y}).",
            status_code=409,
        )
    if now >= consultation.closes_at:
        raise ServiceError(
            f"Đã hết hạn biểu quyết lúc {timezone.localtime(consultation.closes_at):%H:%M ngày %d/%m/%Y}; "
            "phiếu không được ghi nhận.",
            status_code=409,
        )
    option = Option.objects.filter(pk=option_id, consultation=consultation).first()
    if option is None:
        raise ServiceError("Hãy chọn một phương án của cuộc biểu quyết này.")
    hashed = code_hash(consultation.pk, code)
    if not VotingCode.objects.filter(consultation=consultation, code_hash=hashed).exists():
        raise ServiceError(VOTE_WRONG_CODE, status_code=403)
    try:
        with transaction.atomic():
            UsedCode.objects.create(consultation=consultation, code_hash=hashed)
    except IntegrityError:
        raise ServiceError(VOTE_USED_CODE, status_code=409) from None
    Ballot.objects.create(consultation=consultation, option=option)
    # The trail says that a vote was cast, never which option or which code.
    record(actor=None, action=AuditAction.CREATE, obj=consultation, object_repr=_label(consultation),
           changes={"ballots": [None, 1]})  # fmt: skip


def tally(consultation: Consultation) -> dict[int, int]:
    """{option id: ballots}: a GROUP BY over the ballots, reproducible at any time."""
    counts = dict(
        Ballot.objects.filter(consultation=consultation)
        .values("option_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("option_id", "n")
    )
    return {o: counts.get(o, 0) for o in consultation.options.values_list("id", flat=True)}


def compute_outcome(consultation: Consultation, options: list[Option]) -> str:
    if consultation.kind == ConsultationKind.OPINION or consultation.rule is None:
        return Outcome.OPINIONS
    approving = sum(o.votes for o in options if o.approves)
    passed = consultation.rule.passes(
        approving, eligible=consultation.eligible_households, participating=consultation.participating_households
    )
    return Outcome.PASSED if passed else Outcome.FAILED


@transaction.atomic
def consultation_record_results(
    *, consultation: Consultation, by, participating: int, votes: dict[int, int], eligible: int | None = None
) -> Consultation:
    """The counts of a community meeting or a household ballot (an online vote counts itself)."""
    require_commune_body(by, consultation.organization)
    if consultation.form == ConsultationForm.ONLINE:
        raise ServiceError("Kết quả biểu quyết trực tuyến được đếm tự động từ các phiếu.")
    if consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise WORKFLOW.refusal(consultation.status, "", verb="ghi kết quả của")
    eligible = consultation.eligible_households if eligible is None else eligible
    options = list(consultation.options.all())
    if set(votes) - {o.pk for o in options} or any(v < 0 for v in votes.values()):
        raise ServiceError("Số phiếu không khớp với các phương án.")
    if participating < 0 or participating > eligible:
        raise ServiceError("Số hộ tham gia không được lớn hơn số hộ thuộc phạm vi lấy ý kiến.")
    if sum(votes.values()) > participating:
        raise ServiceError("Tổng số hộ chọn các phương án không được lớn hơn số hộ tham gia.")
    for o in options:
        o.votes = votes.get(o.pk, 0)
    Option.objects.bulk_update(options, ["votes"])
    before = (consultation.eligible_households, consultation.participating_households)
    consultation.eligible_households, consultation.participating_households = eligible, participating
    outcome = compute_outcome(consultation, options) if consultation.status == ConsultationStatus.CLOSED else ""
    Consultation.objects.filter(pk=consultation.pk).update(
        eligible_households=eligible, participating_households=participating, outcome=outcome
    )
    consultation.outcome = outcome
    record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=consultation,
        object_repr=_label(consultation),
        changes={
            "eligible_households": [before[0], eligible],
            "participating_households": [before[1], participating],
            "votes": [None, {o.label: o.votes for o in options}],
        },
    )
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, by, now: dt.datetime | None = None) -> Consultation:
    """End the consultation and compute its outcome by the rule (an online vote: counted from its ballots)."""
    require_commune_body(by, consultation.organization)
    now = now or timezone.now()
    WORKFLOW.require(consultation.status, ConsultationAction.CLOSE)
    options = list(consultation.options.all())
    if consultation.form == ConsultationForm.ONLINE:
        if now < consultation.closes_at:
            raise ServiceError("Chưa đến hạn cuối: không thể kết thúc biểu quyết trực tuyến sớm.")
        counts = tally(consultation)
        for o in options:
            o.votes = counts[o.pk]
        Option.objects.bulk_update(options, ["votes"])
        consultation.participating_households = consultation.used_codes.count()
    outcome = compute_outcome(consultation, options)
    return transition(
        WORKFLOW,
        consultation,
        action=ConsultationAction.CLOSE,
        by=by,
        updates={
            "outcome": outcome,
            "closed_on": timezone.localdate(now),
            "participating_households": consultation.participating_households,
        },
        object_repr=_label(consultation),
    )


@transaction.atomic
def consultation_publish(*, consultation: Consultation, by, result_text: str) -> Consultation:
    require_commune_body(by, consultation.organization)
    if not result_text.strip():
        raise ServiceError("Hãy nhập nội dung kết quả công bố.")
    return transition(
        WORKFLOW,
        consultation,
        action=ConsultationAction.PUBLISH,
        by=by,
        updates={"result_text": result_text.strip(), "published_on": timezone.localdate()},
        audited=["published_on"],
        object_repr=_label(consultation),
    )


@transaction.atomic
def consultation_approve(*, consultation: Consultation, by, document: str) -> Consultation:
    """The competent body recognises a decision residents voted for (kind "decide then the commune approves")."""
    require_commune_body(by, consultation.organization)
    if consultation.kind != ConsultationKind.DECIDE_APPROVE or consultation.outcome != Outcome.PASSED:
        raise ServiceError("Chỉ nội dung đã được Nhân dân biểu quyết thông qua mới cần cấp có thẩm quyền công nhận.")
    if not document.strip():
        raise ServiceError("Hãy nhập số, ngày văn bản công nhận.")
    return transition(
        WORKFLOW,
        consultation,
        action=ConsultationAction.APPROVE,
        by=by,
        updates={"approval_document": document.strip()[:200]},
        object_repr=_label(consultation),
    )


@transaction.atomic
def consultation_cancel(*, consultation: Consultation, by, reason: str) -> Consultation:
    require_commune_body(by, consultation.organization)
    if not reason.strip():
        raise ServiceError("Hãy nêu lý do hủy.")
    return transition(
        WORKFLOW, consultation, action=ConsultationAction.CANCEL, by=by, reason=reason, object_repr=_label(consultation)
    )


@transaction.atomic
def opinion_group_add(*, consultation: Consultation, by, summary: str, count: int = 1) -> OpinionGroup:
    require_commune_body(by, consultation.organization)
    if consultation.kind != ConsultationKind.OPINION:
        raise ServiceError("Chỉ cuộc lấy ý kiến góp ý mới tổng hợp nhóm ý kiến.")
    if not summary.strip() or not 1 <= count <= 10_000_000:
        raise ServiceError("Hãy nhập nội dung nhóm ý kiến và số ý kiến.")
    group = OpinionGroup.objects.create(consultation=consultation, summary=summary.strip(), count=count)
    record(actor=by, action=AuditAction.CREATE, obj=group, object_repr=f"Nhóm ý kiến của {_label(consultation)}",
           changes={"count": [None, count]})  # fmt: skip
    return group


@transaction.atomic
def opinion_answer(*, group: OpinionGroup, by, answer: str) -> OpinionGroup:
    require_commune_body(by, group.consultation.organization)
    if not answer.strip():
        raise ServiceError("Hãy nhập nội dung giải trình, tiếp thu.")
    before = group.answer
    group.answer, group.answered_on = answer.strip(), timezone.localdate()
    group.save(update_fields=["answer", "answered_on"])
    record(actor=by, action=AuditAction.UPDATE, obj=group, object_repr=f"Nhóm ý kiến của {_label(group.consultation)}",
           changes={"answer": [before, group.answer]})  # fmt: skip
    return group
