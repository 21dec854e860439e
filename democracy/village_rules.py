"""Writes of hương ước / quy ước: a draft posted for at least the required days (a Parameter), opinions gathered,
the community's adoption vote (a consultation), the approval decision; each revision is a new version."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from democracy import conf
from democracy.models import Consultation, Outcome, VillageRule, VillageRuleKind, VillageRuleStatus, VillageRuleVersion
from democracy.models.consultations import VILLAGE_RULE_TRANSITIONS, VillageRuleAction
from democracy.permissions import require_commune_body
from lib.errors import ServiceError
from orgs.models import Organization

WORKFLOW = Workflow(
    model=VillageRuleVersion,
    moves=VILLAGE_RULE_TRANSITIONS,
    noun="dự thảo hương ước, quy ước",
    status_labels=dict(VillageRuleStatus.choices),
    action_labels=dict(VillageRuleAction.choices),
)


@transaction.atomic
def village_rule_create(
    *, by, organization: Organization, kind: str, village: str, title: str, text: str
) -> VillageRuleVersion:
    unit = require_commune_body(by, organization)
    if kind not in VillageRuleKind.values or not village.strip() or not title.strip() or not text.strip():
        raise ServiceError("Hãy chọn loại, nhập thôn/tổ dân phố, tên và nội dung dự thảo.")
    rule = VillageRule.objects.create(
        unit=unit, organization=organization, kind=kind, village=village.strip(), title=title.strip()
    )
    version = VillageRuleVersion.objects.create(rule=rule, number=1, text=text)
    record(actor=by, action=AuditAction.CREATE, obj=version, changes={"number": [None, 1], "kind": [None, kind]})
    return version


@transaction.atomic
def village_rule_revise(*, rule: VillageRule, by, text: str) -> VillageRuleVersion:
    """A new draft version (amending an approved one, or redrafting a rejected one)."""
    require_commune_body(by, rule.organization)
    last = rule.versions.order_by("-number").first()
    if last is not None and last.status in (VillageRuleStatus.DRAFT, VillageRuleStatus.POSTED):
        raise ServiceError("Đang có dự thảo chưa biểu quyết; hãy hoàn tất dự thảo đó trước.")
    number = (last.number if last else 0) + 1
    version = VillageRuleVersion.objects.create(rule=rule, number=number, text=text)
    record(actor=by, action=AuditAction.CREATE, obj=version, changes={"number": [None, number]})
    return version


@transaction.atomic
def village_rule_post(*, version: VillageRuleVersion, by, posted_on: dt.date) -> VillageRuleVersion:
    require_commune_body(by, version.rule.organization)
    return transition(WORKFLOW, version, action=VillageRuleAction.POST, by=by, updates={"posted_on": posted_on})


@transaction.atomic
def village_rule_adopt(
    *, version: VillageRuleVersion, by, consultation: Consultation, opinions: str = ""
) -> VillageRuleVersion:
    """Record the community's vote; refused before the draft has been posted for the minimum days."""
    require_commune_body(by, version.rule.organization)
    WORKFLOW.require(version.status, VillageRuleAction.ADOPT)
    days = conf.value("village_rule_posting_days")
    today = timezone.localdate()
    if version.posted_on is None or (today - version.posted_on).days < days:
        raise ServiceError(f"Dự thảo phải được niêm yết ít nhất {days} ngày trước khi biểu quyết.")
    if consultation.unit_id != version.rule.unit_id or not consultation.outcome:
        raise ServiceError("Hãy chọn cuộc biểu quyết đã kết thúc của xã, phường này.")
    passed = consultation.outcome == Outcome.PASSED
    return transition(
        WORKFLOW,
        version,
        action=VillageRuleAction.ADOPT if passed else VillageRuleAction.REJECT,
        by=by,
        updates={"consultation": consultation, "adopted_on": today if passed else None, "opinions": opinions},
        audited=["consultation", "adopted_on"],
    )


@transaction.atomic
def village_rule_approve(*, version: VillageRuleVersion, by, document: str, on: dt.date) -> VillageRuleVersion:
    require_commune_body(by, version.rule.organization)
    if not document.strip():
        raise ServiceError("Hãy nhập số quyết định công nhận.")
    return transition(
        WORKFLOW,
        version,
        action=VillageRuleAction.APPROVE,
        by=by,
        updates={"approval_document": document.strip()[:200], "approved_on": on},
    )
