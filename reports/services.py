"""The one write path for periodic reports. Every function is atomic and audits its change.

A transition is a compare-and-set (``UPDATE … WHERE status = <expected>``) and a draft save a
compare-and-set on ``revision``: when two officers act at once exactly one wins and the other is told
what happened. Approval and un-approval change the roll-up store in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from geo.models import AdminUnit
from geo.selectors import subtree_q
from lib.errors import ServiceError
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Organization
from orgs.permissions import writes_for
from orgs.scope import memberships_of, scope_for, territory
from reports import autofill, board, checks, periods, richtext, store
from reports import notifications as report_notifications
from reports.formatting import NumberError, to_amount
from reports.issuer import issuer_for
from reports.models import (
    CLOSED_STATES,
    EDITABLE_STATES,
    HIDDEN_PARTS,
    TRANSITIONS,
    WEIGHTED_PRODUCT,
    WEIGHTED_WEIGHT,
    Action,
    Indicator,
    Period,
    Report,
    ReportEvent,
    Status,
    Value,
)
from reports.periods import expected_organizations as expected_organizations  # re-exported: the write path
from reports.periods import may_open_periods as may_open_periods
from reports.periods import period_bounds as period_bounds
from reports.periods import period_label as period_label
from reports.periods import period_open as period_open
from reports.register import document_register
from reports.selectors import LEVEL_RANK, form_indicators, predecessor_choices, previous_period

# ----------------------------------------------------------------------------------------------- permissions


def is_author(user, report: Report) -> bool:
    """Who gets the editor and may write: the reporting organisation's own officers (a write role there). A national
    scope is no authorship: central officers and administrators review and read other units' reports, they do not
    edit them (an editor opened on another unit's text is where stored script would run in the most powerful
    browsers)."""
    return writes_for(user, report.organization_id)


def _require_author(user, report: Report) -> None:
    if not is_author(user, report):
        raise ServiceError("Chỉ cán bộ của đơn vị báo cáo mới nhập và gửi được báo cáo này.", status_code=403)


def is_level_above(user, unit: AdminUnit) -> bool:
    """Whether ``user`` writes for an organisation of a higher level whose territory holds ``unit`` — today's
    or, through predecessor links, the old units it absorbed (orgs.scope reads history the same way)."""
    if getattr(user, "is_superuser", False):
        return True
    for membership in memberships_of(user):
        org, org_unit = membership.organization, membership.organization.unit
        if membership.role not in WRITE_ROLES or not org.is_active:
            continue
        if membership.role in NATIONAL_ROLES or org_unit is None:
            return True
        if LEVEL_RANK[org_unit.level] < LEVEL_RANK[unit.level] and territory({org_unit.pk}).covers(unit):
            return True
    return False


def _require_level_above(user, report: Report, what: str) -> None:
    if not scope_for(user, write=True).covers(report.unit) or not is_level_above(user, report.unit):
        raise ServiceError(f"Chỉ cấp trên của đơn vị báo cáo mới {what} được báo cáo này.", status_code=403)


# ----------------------------------------------------------------------------------------------- transitions


WORKFLOW = Workflow(
    model=Report,
    moves=TRANSITIONS,
    noun="báo cáo",
    status_labels=dict(Status.choices),
    action_labels=dict(Action.choices),
    history=lambda report, action, old, new, by, reason: ReportEvent.objects.create(
        report=report, action=action, from_status=old, to_status=new, by=by, reason=reason
    ),
)


def _transition(*, report: Report, action: str, by, reason: str = "", extra_update: dict | None = None) -> Report:
    moved = transition(WORKFLOW, report, action=action, by=by, reason=reason, updates=extra_update)
    board.changed(report.period_id)  # its state (and, on approval, its roll-up rows) is on the period's boards
    return moved


def _refresh_auto(report: Report, indicators: list[Indicator]) -> dict[tuple[int, str], int]:
    """Write the computed figures of the automatic indicators (they follow the source until approval)."""
    amounts = autofill.computed_amounts(report, indicators)
    existing = {(v.indicator_id, v.breakdown): v for v in Value.objects.filter(report=report, is_auto=True)}
    entered = set(Value.objects.filter(report=report, is_entered=True).values_list("indicator_id", "breakdown"))
    for key, amount in amounts.items():
        if key in entered:
            continue  # typed by hand for a period before DanVan's records: the body's figure stands
        value = existing.get(key)
        if value is None:
            Value.objects.update_or_create(
                report=report, indicator_id=key[0], breakdown=key[1], defaults={"amount": amount, "is_auto": True}
            )
        elif value.amount != amount:
            Value.objects.filter(pk=value.pk).update(amount=amount)
    return amounts


def _refresh_weighted(report: Report, indicators: list[Indicator]) -> None:
    """Keep a weighted average's two hidden parts (value × weight, weight) beside its figure, so that its roll-up is
    two exact integer sums like every other figure (Σ(value × weight) / Σ weight)."""
    weighted = [i for i in indicators if i.is_weighted and i.weight_id]
    if not weighted:
        return
    amounts = dict(
        Value.objects.filter(report=report, breakdown="", amount__isnull=False).values_list("indicator_id", "amount")
    )
    for indicator in weighted:
        value = amounts.get(indicator.pk)
        weight = amounts.get(indicator.weight_id) if indicator.weight_id is not None else None
        if value is None or weight is None:
            Value.objects.filter(report=report, indicator=indicator, breakdown__in=HIDDEN_PARTS).delete()
            continue
        if abs(value * weight) >= 2**63:
            raise ServiceError(f"Chỉ tiêu “{indicator.name}”: số quá lớn để tính trung bình có trọng số.")
        for part, amount in ((WEIGHTED_PRODUCT, value * weight), (WEIGHTED_WEIGHT, weight)):
            Value.objects.update_or_create(
                report=report, indicator=indicator, breakdown=part, defaults={"amount": amount, "is_auto": True}
            )


@transaction.atomic
def report_open(*, organization: Organization, period: Period, by, unit: AdminUnit | None = None) -> Report:
    """The organisation's report for the period, created as a draft when the period did not list it.

    A body of a unit formed in 2025 (today's Lâm Đồng, a commune made of several old communes) reports on a period
    before the change on behalf of one of its predecessor units (``unit``, one of ``predecessor_choices``): the
    report sits on that unit version so its figures roll up in the hierarchy valid then (old Lâm Đồng for Lâm Hà
    2023). With one choice only the unit may be left out; with several the caller is told which to choose from."""
    if organization.unit is None:
        raise ServiceError("Cơ quan Trung ương không lập báo cáo gửi cấp trên; hãy xem trang tổng hợp.")
    if not scope_for(by, write=True).covers(organization.unit):
        raise ServiceError("Bạn không có quyền lập báo cáo cho tổ chức này.", status_code=403)
    owner_unit = periods.owner_unit(period.form)
    if owner_unit is not None and not territory({owner_unit.pk}).covers(organization.unit):
        raise ServiceError(f"Mẫu “{period.form.name}” chỉ áp dụng cho các đơn vị của {owner_unit.name}.")
    if unit is None:
        existing = list(Report.objects.filter(organization=organization, period=period)[:2])
        if len(existing) == 1:
            return existing[0]
    choices = predecessor_choices(organization, period)
    if unit is None:
        if len(choices) != 1:
            raise ServiceError(
                f"{organization.name} được hình thành từ nhiều đơn vị; hãy chọn đơn vị tiền thân mà báo cáo kỳ "
                f"{period.label} được lập thay: " + ", ".join(u.name for u in choices) + "."
                if choices
                else f"Không xác định được đơn vị hành chính của {organization.name} trong kỳ {period.label}.",
                extra={"candidates": [{"id": u.pk, "code": u.code, "name": u.name} for u in choices]},
            )
        unit = choices[0]
    elif unit.pk not in {u.pk for u in choices}:
        raise ServiceError(
            f"{unit.name} không phải là đơn vị tiền thân của {organization.name} trong kỳ {period.label}.",
            extra={"candidates": [{"id": u.pk, "code": u.code, "name": u.name} for u in choices]},
        )
    report = Report.objects.filter(organization=organization, period=period, unit=unit).first()
    if report is not None:
        return report
    # One report per unit, type of body and period: two successors of a split commune (or the old body and today's)
    # entering the same old unit would count its figures twice in the roll-up.
    taken = (
        Report.objects.filter(period=period, unit=unit, organization__org_type_id=organization.org_type_id)
        .select_related("organization")
        .first()
    )
    if taken is not None:
        raise ServiceError(
            f"{unit.name} đã có báo cáo kỳ {period.label} do {taken.organization.name} lập.",
            extra={"report": taken.pk},
            status_code=409,
        )
    report = Report.objects.create(organization=organization, period=period, unit=unit)
    board.changed(period.pk)
    changes = {"unit": [None, unit.pk]} if unit.pk != organization.unit_id else None
    record(actor=by, action=AuditAction.CREATE, obj=report, changes=changes)
    return report


@transaction.atomic
def report_save(
    *,
    report: Report,
    by,
    values: dict[tuple[int, str], Decimal | int | str | None] | None = None,
    comments: dict[tuple[int, str], str] | None = None,
    narrative: dict[str, str] | None = None,
    revision: int | None = None,
) -> Report:
    """Save a draft: typed figures ({(indicator id, breakdown): number or None}), comments, narrative sections.

    Automatic indicators are recomputed, never taken from the input. ``revision`` (the one the editor loaded)
    makes a save lost between two editors an error instead of a silent overwrite.
    """
    _require_author(by, report)
    if report.status not in EDITABLE_STATES:
        raise ServiceError(
            f"Báo cáo đang ở trạng thái “{report.get_status_display()}”, không thể sửa số liệu.",
            extra={"status": report.status},
            status_code=409,
        )
    indicators = {i.pk: i for i in form_indicators(report.period.form)}
    by_hand = autofill.typed_by_hand(report.period)
    values, comments = values or {}, comments or {}
    errors: dict[str, str] = {}
    amounts: dict[tuple[int, str], int | None] = {}
    texts: dict[tuple[int, str], str] = {}
    for (indicator_id, breakdown), number in values.items():
        indicator = indicators.get(indicator_id)
        if indicator is None or indicator.is_ratio:
            errors[f"{indicator_id}:{breakdown}"] = "Chỉ tiêu không thuộc mẫu báo cáo hoặc không nhập trực tiếp."
            continue
        if indicator.is_auto and not by_hand:
            continue  # computed, never typed
        if indicator.is_text:
            texts[(indicator_id, "")] = ("" if number is None else str(number)).strip()[:4000]
            continue
        if breakdown and breakdown not in indicator.breakdown_keys():
            errors[f"{indicator.code}:{breakdown}"] = f"Chỉ tiêu “{indicator.name}” không có phần “{breakdown}”."
            continue
        if isinstance(number, str):
            errors[indicator.code] = f"Chỉ tiêu “{indicator.name}” phải là số."
            continue
        try:
            amounts[(indicator_id, breakdown)] = to_amount(indicator, number)
        except NumberError as e:
            errors[indicator.code] = str(e)
    if errors:
        raise ServiceError("Số liệu chưa hợp lệ: " + " ".join(errors.values()), extra={"values": errors})

    new_revision = report.revision + 1
    sections = {key for key, _title in report.period.form.sections}
    new_narrative = dict(report.narrative)
    titles = dict(report.period.form.sections)
    for section, text in (narrative or {}).items():
        if section not in sections:
            continue
        # Only the editor's allow-list survives (reports.richtext): no script, handler, style or link is stored.
        clean = richtext.normalise(text)
        if len(clean) > richtext.MAX_HTML_CHARS:
            raise ServiceError(
                f"Phần “{titles[section]}” quá dài (tối đa {richtext.MAX_HTML_LABEL} ký tự kể cả "
                "định dạng); hãy rút gọn hoặc chuyển bớt sang phần khác.",
                extra={"narrative": {section: "too_long"}},
            )
        new_narrative[section] = clean
    cas = Report.objects.filter(pk=report.pk, status__in=EDITABLE_STATES)
    if revision is not None:
        cas = cas.filter(revision=revision)
    if not cas.update(revision=new_revision, narrative=new_narrative, updated_at=timezone.now()):
        raise ServiceError(
            "Báo cáo vừa được người khác lưu hoặc chuyển trạng thái; vui lòng tải lại trang để không ghi đè.",
            status_code=409,
        )
    before = {(v.indicator_id, v.breakdown): v for v in Value.objects.filter(report=report)}
    changes: dict[str, object] = {}
    for key in set(amounts) | set(comments):
        indicator = indicators.get(key[0])
        if indicator is None:
            continue
        old = before.get(key)
        amount = amounts.get(key, old.amount if old else None)
        comment = comments.get(key, old.comment if old else "")[:2000]
        hand = indicator.is_auto and by_hand and key in amounts
        # A hand-typed figure equal to the computed one still changes: it becomes "entered".
        same_mark = not hand or (old is not None and old.is_entered == (amount is not None))
        if old is not None and old.amount == amount and old.comment == comment and same_mark:
            continue
        defaults: dict = {"amount": amount, "comment": comment}
        if hand:
            # Typed for a period before DanVan's records, marked as entered; emptied, the computed figure returns.
            defaults.update(is_auto=amount is None, is_entered=amount is not None)
        elif old is not None and old.is_auto:
            defaults["amount"] = old.amount  # a comment may explain an automatic figure; the figure stays computed
        Value.objects.update_or_create(report=report, indicator_id=key[0], breakdown=key[1], defaults=defaults)
        amount = defaults["amount"]
        changes[f"{indicator.code}{':' + key[1] if key[1] else ''}"] = [old.amount if old else None, amount]
    for key, text in texts.items():
        old = before.get(key)
        if old is not None and old.text == text:
            continue
        Value.objects.update_or_create(
            report=report, indicator_id=key[0], breakdown="", defaults={"text": text, "amount": None}
        )
        changes[indicators[key[0]].code] = [old.text if old else None, text]
    _refresh_auto(report, list(indicators.values()))
    _refresh_weighted(report, list(indicators.values()))
    if new_narrative != report.narrative:
        changes["narrative"] = sorted(k for k in new_narrative if new_narrative[k] != report.narrative.get(k))
    report.revision, report.narrative = new_revision, new_narrative
    record(actor=by, action=AuditAction.UPDATE, obj=report, changes=changes)
    return report


def current_amounts(report: Report) -> dict[tuple[int, str], int | None]:
    rows = Value.objects.filter(report=report).values_list("indicator_id", "breakdown", "amount")
    return {(i, b): a for i, b, a in rows}


def previous_amounts(report: Report) -> dict[tuple[int, str], int] | None:
    """The organisation's approved figures of the period before (for "changed more than N%" warnings): those of the
    same unit when the organisation reported on it, else all its reports of that period added up (a commune formed
    in 2025 compared with the old communes it reported for)."""
    before = previous_period(report.period)
    if before is None:
        return None
    rows = list(
        Value.objects.filter(
            report__organization_id=report.organization_id, report__period=before, report__status=Status.APPROVED
        ).values_list("report__unit_id", "indicator_id", "breakdown", "amount")
    )
    if any(unit_id == report.unit_id for unit_id, *_rest in rows):
        rows = [row for row in rows if row[0] == report.unit_id]
    out: dict[tuple[int, str], int] = {}
    for _unit, i, b, a in rows:
        if a is not None:
            out[(i, b)] = out.get((i, b), 0) + a
    return out or None


def report_findings(report: Report) -> list[checks.Finding]:
    indicators = form_indicators(report.period.form)
    return checks.check(
        rules=checks.rules_for(report.period.form),
        indicators=indicators,
        amounts=current_amounts(report),
        previous=previous_amounts(report),
    )


@transaction.atomic
def report_submit(*, report: Report, by) -> list[checks.Finding]:
    """Send the report to the level above. Blocking findings refuse; the warnings are returned."""
    _require_author(by, report)
    if report.status in EDITABLE_STATES:
        _refresh_auto(report, form_indicators(report.period.form))
        _refresh_weighted(report, form_indicators(report.period.form))
    findings = report_findings(report)
    blocking = [f for f in findings if f.blocking]
    if blocking:
        raise ServiceError(
            "Chưa gửi được báo cáo: " + " ".join(f.message for f in blocking),
            extra={"errors": [{"indicator": f.indicator, "message": f.message} for f in blocking]},
        )
    extra: dict = {"submitted_at": timezone.now()}
    if not report.doc_number:
        # Sending is issuing: the report takes the next number of its body's register, once — a report returned and
        # sent again keeps its number, and a number once given is never given again.
        issuer = issuer_for(report.organization, report.unit)
        entry = document_register(
            organization=report.organization,
            symbol=issuer.symbol,
            subject=f"Báo cáo công tác dân vận {report.period.label.lower()}",
            issued_on=timezone.localdate(),
            by=by,
            report=report,
        )
        extra["doc_number"] = str(entry.number)
    _transition(report=report, action=Action.SUBMIT, by=by, extra_update=extra)
    return [f for f in findings if not f.blocking]


@transaction.atomic
def report_return(*, report: Report, by, reason: str) -> Report:
    _require_level_above(by, report, "trả lại")
    if not reason.strip():
        raise ServiceError("Trả lại báo cáo phải nêu lý do.", extra={"reason": "required"})
    _transition(report=report, action=Action.RETURN, by=by, reason=reason, extra_update={"return_reason": reason})
    report_notifications.report_returned(report=report, reason=reason)
    return report


def open_children(report: Report) -> list[Report]:
    """Reports of the period below ``report``'s unit that are neither approved nor marked missing."""
    return list(
        Report.objects.filter(subtree_q(report.unit, "unit"), period_id=report.period_id)
        .exclude(unit_id=report.unit_id)
        .exclude(status__in=CLOSED_STATES)
        .select_related("organization")
        .order_by("organization__sort_key")[:20]
    )


@transaction.atomic
def report_approve(*, report: Report, by) -> Report:
    """Approve and lock; the figures join every ancestor's roll-up in this same transaction."""
    _require_level_above(by, report, "duyệt")
    _lock_period(report)
    waiting = open_children(report)
    if waiting:
        names = ", ".join(r.organization.name for r in waiting[:5])
        more = f" và {len(waiting) - 5} đơn vị khác" if len(waiting) > 5 else ""
        raise ServiceError(
            f"Chưa thể duyệt: còn báo cáo của cấp dưới chưa được duyệt hoặc ghi nhận không nộp ({names}{more}).",
            extra={"waiting": [r.pk for r in waiting]},
            status_code=409,
        )
    _transition(
        report=report,
        action=Action.APPROVE,
        by=by,
        extra_update={"approved_at": timezone.now(), "approved_by": by, "return_reason": ""},
    )
    store.apply_report(report, +1)
    return report


@transaction.atomic
def report_unapprove(*, report: Report, by, reason: str) -> Report:
    """Unlock an approved report (back to "returned" so its authors can correct it); the roll-up takes it back."""
    _require_level_above(by, report, "hủy duyệt")
    if not reason.strip():
        raise ServiceError("Hủy duyệt báo cáo phải nêu lý do.", extra={"reason": "required"})
    _lock_period(report)
    parent = _approved_parent(report)
    if parent is not None:
        raise ServiceError(
            f"Báo cáo của {parent.organization.name} (cấp trên) đã được duyệt; hãy hủy duyệt báo cáo đó trước.",
            status_code=409,
        )
    _transition(
        report=report,
        action=Action.UNAPPROVE,
        by=by,
        reason=reason,
        extra_update={"unapprove_reason": reason, "approved_at": None, "approved_by": None},
    )
    store.apply_report(report, -1)
    return report


def _lock_period(report: Report) -> None:
    """Approving a parent checks that its children are closed; un-approving a child checks that its parent is not
    approved. Under PostgreSQL's READ COMMITTED two such transactions could each pass its check before the other
    commits (write skew: an approved parent over a reopened child). Both take the period's row lock first, so they
    run one after the other; SQLite's IMMEDIATE transactions already do."""
    list(Period.objects.select_for_update().filter(pk=report.period_id).values_list("pk", flat=True))


def _approved_parent(report: Report) -> Report | None:
    ancestors = [i for i in (report.unit.district_id, report.unit.province_id) if i and i != report.unit_id]
    if not ancestors:
        return None
    return (
        Report.objects.filter(period_id=report.period_id, unit_id__in=ancestors, status=Status.APPROVED)
        .select_related("organization")
        .first()
    )


@transaction.atomic
def report_mark_missing(*, report: Report, by, reason: str) -> Report:
    _require_level_above(by, report, "ghi nhận không nộp")
    if not reason.strip():
        raise ServiceError("Ghi nhận không nộp báo cáo phải nêu lý do.", extra={"reason": "required"})
    return _transition(
        report=report, action=Action.MARK_MISSING, by=by, reason=reason, extra_update={"missing_reason": reason}
    )


def editable_units_q(user) -> Q:
    return scope_for(user, write=True).unit_q("unit")
