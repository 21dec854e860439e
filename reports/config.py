"""The one write path for report configuration: forms, their indicators and rules, and the indicators themselves.

Who owns what: the central body owns the national form and the national indicators (``owner`` None); a province
body owns the forms and indicators it adds for its own units. Only the owner (or a body above it, or a national
role) changes them; a province reads the national form (its units fill it) but cannot change it, and never sees
another province's forms (404).

Versions: a form on which a period was opened is never changed in place. The first change after that makes a new
version (same code, version + 1) with the change applied, and retires the old one; the periods opened before keep
their version, so an approved report is never rewritten and the change applies from the next period.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from audit.models import Action as AuditAction
from audit.services import diff, record, snapshot
from lib.errors import ServiceError
from orgs.models import WRITE_ROLES, Membership, Organization
from orgs.permissions import acts_for, is_national
from reports import autofill, catalogue
from reports.models import (
    Aggregation,
    FormIndicator,
    Indicator,
    Period,
    PeriodType,
    ReportForm,
    RuleKind,
    Severity,
    ValidationRule,
    ValueType,
)
from reports.selectors import owner_visible_q

FORM_FIELDS = ["name", "period_type", "topic", "cutoff_day", "due_days", "tiers", "sections", "is_active"]
INDICATOR_FIELDS = [
    "name",
    "unit",
    "value_type",
    "decimals",
    "aggregation",
    "weight",
    "numerator",
    "denominator",
    "source",
    "group",
    "is_active",
]
TIERS = [("province", "Cấp tỉnh"), ("commune", "Cấp xã")]


# ----------------------------------------------------------------------------------------------- who


def visible_q(user, owner_field: str = "owner") -> Q:
    return owner_visible_q(user, owner_field)


def forms_visible_to(user) -> QuerySet[ReportForm]:
    return ReportForm.objects.filter(visible_q(user)).select_related("owner")


def indicators_visible_to(user) -> QuerySet[Indicator]:
    return Indicator.objects.filter(visible_q(user)).select_related("owner")


def may_edit(user, owner: Organization | None) -> bool:
    """National rows: a national role. A body's rows: that body, a body above it, or a national role."""
    if owner is None:
        return is_national(user)
    return acts_for(user, owner)


def _require_edit(user, owner: Organization | None, what: str) -> None:
    if not may_edit(user, owner):
        who = "cơ quan Trung ương" if owner is None else owner.name
        raise ServiceError(f"Chỉ {who} (hoặc cấp trên) mới thay đổi được {what}.", status_code=403)


def owner_choices(user) -> list[Organization | None]:
    """The owners a user may create forms and indicators for: the nation (national roles) and the bodies with a
    unit the user writes for."""
    out: list[Organization | None] = [None] if is_national(user) else []
    org_ids = Membership.objects.filter(user_id=user.pk, is_active=True, role__in=WRITE_ROLES).values("organization_id")
    out += list(
        Organization.objects.filter(pk__in=org_ids, is_active=True, unit__isnull=False)
        .select_related("unit")
        .order_by("sort_key")
    )
    return out


def _created(obj, fields: list[str]) -> dict:
    """A creation's audit changes: every column as [None, value] (the trail's before/after shape)."""
    return {name: [None, value] for name, value in snapshot(obj, fields).items()}


def _codes(form: ReportForm) -> str:
    return ", ".join(sorted(form.org_types.values_list("code", flat=True)))


# ----------------------------------------------------------------------------------------------- indicators


def _check_indicator(data: dict, owner: Organization | None, user, self_pk: int | None = None) -> dict:
    """Coherence of an indicator's definition; returns the fields to store."""
    value_type = data.get("value_type") or ValueType.INTEGER
    aggregation = data.get("aggregation") or Aggregation.SUM
    decimals = int(data.get("decimals") or 0)
    if value_type in (ValueType.INTEGER, ValueType.MONEY):
        decimals = 0
    elif value_type == ValueType.DECIMAL and not 1 <= decimals <= 6:
        raise ServiceError("Số thập phân phải có từ 1 đến 6 chữ số sau dấu phẩy.", extra={"decimals": decimals})
    if value_type == ValueType.TEXT:
        aggregation, decimals = Aggregation.NONE, 0
        if data.get("source"):
            raise ServiceError("Chỉ tiêu dạng văn bản không lấy số liệu tự động.", extra={"source": data["source"]})
    if (value_type == ValueType.RATIO) != (aggregation == Aggregation.RATIO):
        raise ServiceError("Chỉ tiêu tỷ lệ được tính từ tử số và mẫu số: kiểu “Tỷ lệ” đi với cách tổng hợp “Tỷ lệ”.")
    linked = {}
    for name, label in (("numerator", "tử số"), ("denominator", "mẫu số"), ("weight", "trọng số")):
        other = data.get(name)
        if other is None:
            linked[name] = None
            continue
        if other.pk == self_pk:
            raise ServiceError(f"Chỉ tiêu không thể là {label} của chính nó.")
        if other.owner_id is not None and other.owner_id != (owner.pk if owner else None):
            raise ServiceError(f"Chỉ tiêu {label} “{other.name}” thuộc cơ quan khác.")
        if other.is_text or other.is_ratio:
            raise ServiceError(f"Chỉ tiêu {label} phải là một số cộng dồn được, không phải tỷ lệ hay văn bản.")
        linked[name] = other
    if aggregation == Aggregation.RATIO and (linked["numerator"] is None or linked["denominator"] is None):
        raise ServiceError("Chỉ tiêu tỷ lệ phải có tử số và mẫu số.")
    if aggregation != Aggregation.RATIO:
        linked["numerator"] = linked["denominator"] = None
    if aggregation == Aggregation.WEIGHTED and linked["weight"] is None:
        raise ServiceError("Trung bình có trọng số phải chọn chỉ tiêu làm trọng số.")
    if aggregation != Aggregation.WEIGHTED:
        linked["weight"] = None
    source = (data.get("source") or "").strip()
    if source and source not in autofill.SOURCES:
        raise ServiceError(f"Không có nguồn số liệu tự động “{source}”.", extra={"source": source})
    if source and aggregation in (Aggregation.RATIO, Aggregation.NONE):
        raise ServiceError("Chỉ tiêu lấy số liệu tự động phải được tổng hợp (cộng dồn, trung bình hoặc lớn nhất).")
    return {
        "name": (data.get("name") or "").strip(),
        "unit": (data.get("unit") or "").strip() or ("đồng" if value_type == ValueType.MONEY else ""),
        "value_type": value_type,
        "decimals": decimals,
        "aggregation": aggregation,
        "source": source,
        "group": (data.get("group") or "").strip(),
        **linked,
    }


def _in_use(indicator: Indicator) -> bool:
    return Period.objects.filter(form__items__indicator=indicator).exists()


@transaction.atomic
def indicator_create(*, by, owner: Organization | None, code: str, **data) -> Indicator:
    _require_edit(by, owner, "chỉ tiêu của cơ quan này")
    fields = _check_indicator(data, owner, by)
    if not fields["name"]:
        raise ServiceError("Hãy nhập tên chỉ tiêu.", extra={"name": "required"})
    if Indicator.objects.filter(code=code).exists():
        raise ServiceError(f"Mã chỉ tiêu “{code}” đã được dùng; hãy chọn mã khác.", extra={"code": code})
    indicator = Indicator.objects.create(code=code, owner=owner, **fields)
    record(actor=by, action=AuditAction.CREATE, obj=indicator, changes=_created(indicator, ["code", *INDICATOR_FIELDS]))
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, **data) -> Indicator:
    """Change an indicator. Once a period was opened on a form holding it, only its name, group and whether it is in
    use change: its type, decimals and roll-up define figures already reported (make a new indicator instead)."""
    _require_edit(by, indicator.owner, f"chỉ tiêu “{indicator.name}”")
    before = snapshot(indicator, INDICATOR_FIELDS)
    merged = {f: getattr(indicator, f) for f in INDICATOR_FIELDS} | {k: v for k, v in data.items() if v is not None}
    fields = _check_indicator(merged, indicator.owner, by, self_pk=indicator.pk)
    fields["is_active"] = bool(merged["is_active"])
    if _in_use(indicator):
        defining = ("value_type", "decimals", "aggregation", "weight", "numerator", "denominator", "source", "unit")
        changed = [f for f in defining if fields[f] != getattr(indicator, f)]
        if changed:
            raise ServiceError(
                f"Chỉ tiêu “{indicator.name}” đã có số liệu trong các kỳ báo cáo: không đổi được kiểu, đơn vị tính "
                "hay cách tổng hợp. Hãy tạo chỉ tiêu mới và thay vào mẫu báo cáo (áp dụng từ kỳ sau).",
                extra={"fields": changed},
                status_code=409,
            )
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save()
    changes = diff(before, snapshot(indicator, INDICATOR_FIELDS))
    record(actor=by, action=AuditAction.UPDATE, obj=indicator, changes=changes)
    return indicator


# ----------------------------------------------------------------------------------------------- forms


@transaction.atomic
def form_create(
    *,
    by,
    owner: Organization | None,
    code: str,
    name: str,
    period_type: str,
    tiers: list[str],
    org_types: list,
    topic: str = "",
    cutoff_day: int | None = None,
    due_days: int = 5,
    sections: list[list[str]] | None = None,
) -> ReportForm:
    """A new form (version 1). The decree's cut-off (day 15: 15/12–14/6) is the default of the national six-month
    and annual forms only; every other form runs on calendar periods unless its owner says otherwise."""
    _require_edit(by, owner, "mẫu báo cáo của cơ quan này")
    if not name.strip():
        raise ServiceError("Hãy nhập tên mẫu báo cáo.", extra={"name": "required"})
    if ReportForm.objects.filter(code=code).exists():
        raise ServiceError(f"Mã mẫu báo cáo “{code}” đã được dùng; hãy chọn mã khác.", extra={"code": code})
    if owner is not None and "province" in tiers and owner.unit is not None and owner.unit.level != "province":
        raise ServiceError("Mẫu của cấp xã chỉ áp dụng cho chính cấp xã.")
    if cutoff_day is None:
        cutoff_day = 15 if owner is None and period_type in (PeriodType.HALF, PeriodType.YEAR) else 1
    form = ReportForm.objects.create(
        code=code,
        owner=owner,
        name=name.strip(),
        period_type=period_type,
        topic=topic.strip(),
        cutoff_day=cutoff_day,
        due_days=due_days,
        tiers=list(tiers),
        sections=sections if sections is not None else catalogue.SECTIONS,
    )
    form.org_types.set(org_types)
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=form,
        changes={
            **_created(form, ["code", "version", "owner", *FORM_FIELDS]),
            "org_type_codes": [None, ", ".join(sorted(o.code for o in org_types))],
        },
    )
    return form


def get_form_for_edit(user, pk: int) -> ReportForm:
    """A form the user may see (404 otherwise) and change (403 otherwise)."""
    form = forms_visible_to(user).filter(pk=pk).first()
    if form is None:
        raise Http404("Không tìm thấy mẫu báo cáo hoặc bạn không có quyền xem.")
    _require_edit(user, form.owner, f"mẫu báo cáo “{form.name}”")
    return form


def _working_version(form: ReportForm, by) -> tuple[ReportForm, dict[int, int]]:
    """The version a change goes into: the form itself while no period uses it, else a new version (the rules'
    ids mapped old → new). The form's row lock makes two simultaneous changes produce one version, not two."""
    locked = ReportForm.objects.select_for_update().get(pk=form.pk)
    if not locked.is_active:
        raise ServiceError(
            f"Đây là phiên bản {locked.version} đã thay thế của mẫu “{locked.name}”; hãy sửa phiên bản đang dùng.",
            status_code=409,
        )
    if not Period.objects.filter(form=locked).exists():
        return locked, {r.pk: r.pk for r in ValidationRule.objects.filter(form=locked)}
    org_types = list(locked.org_types.all())
    items = list(FormIndicator.objects.filter(form=locked))
    rules = list(ValidationRule.objects.filter(form=locked))
    old_pk = locked.pk
    new = locked
    new.pk = None
    new.version = locked.version + 1
    new.previous_id = old_pk
    try:
        with transaction.atomic():
            new.save(force_insert=True)
    except IntegrityError as e:
        raise ServiceError("Mẫu báo cáo vừa được người khác sửa; hãy tải lại trang.", status_code=409) from e
    new.org_types.set(org_types)
    FormIndicator.objects.bulk_create(
        FormIndicator(form=new, indicator_id=i.indicator_id, ordering=i.ordering, is_key=i.is_key) for i in items
    )
    mapping = {}
    for rule in rules:
        old_rule = rule.pk
        rule.pk, rule.form = None, new
        rule.save(force_insert=True)
        mapping[old_rule] = rule.pk
    ReportForm.objects.filter(pk=old_pk).update(is_active=False)
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=new,
        changes={"version": [new.version - 1, new.version], "previous": [None, old_pk]},
        reason="Mẫu đã dùng cho kỳ báo cáo: thay đổi tạo phiên bản mới, áp dụng từ kỳ sau.",
    )
    return new, mapping


@transaction.atomic
def form_update(*, form: ReportForm, by, org_types: list | None = None, **fields) -> ReportForm:
    _require_edit(by, form.owner, f"mẫu báo cáo “{form.name}”")
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise ServiceError("Trường không sửa được: " + ", ".join(sorted(unknown)))
    if fields.get("is_active") is False:
        return form_retire(form=form, by=by)
    fields.pop("is_active", None)
    form, _rules = _working_version(form, by)
    before = {**snapshot(form, FORM_FIELDS), "org_type_codes": _codes(form)}
    for name, value in fields.items():
        if value is not None:
            setattr(form, name, value)
    if not form.name.strip():
        raise ServiceError("Hãy nhập tên mẫu báo cáo.", extra={"name": "required"})
    form.save()
    if org_types is not None:
        form.org_types.set(org_types)
    after = {**snapshot(form, FORM_FIELDS), "org_type_codes": _codes(form)}
    record(actor=by, action=AuditAction.UPDATE, obj=form, changes=diff(before, after))
    return form


@transaction.atomic
def form_retire(*, form: ReportForm, by) -> ReportForm:
    """No new period on this form; its periods and reports stay as they are."""
    _require_edit(by, form.owner, f"mẫu báo cáo “{form.name}”")
    if not ReportForm.objects.filter(pk=form.pk, is_active=True).update(is_active=False):
        raise ServiceError("Mẫu báo cáo đã ngừng sử dụng.", status_code=409)
    form.is_active = False
    record(actor=by, action=AuditAction.UPDATE, obj=form, changes={"is_active": [True, False]})
    return form


@transaction.atomic
def form_add_indicator(*, form: ReportForm, by, indicator: Indicator, is_key: bool = False) -> ReportForm:
    _require_edit(by, form.owner, f"mẫu báo cáo “{form.name}”")
    if indicator.owner_id is not None and indicator.owner_id != form.owner_id:
        raise ServiceError(f"Chỉ tiêu “{indicator.name}” thuộc cơ quan khác, không đưa được vào mẫu này.")
    if not indicator.is_active:
        raise ServiceError(f"Chỉ tiêu “{indicator.name}” đã ngừng sử dụng.")
    form, _rules = _working_version(form, by)
    if FormIndicator.objects.filter(form=form, indicator=indicator).exists():
        raise ServiceError(f"Chỉ tiêu “{indicator.name}” đã có trong mẫu.", status_code=409)
    parts = [p for p in (indicator.numerator, indicator.denominator, indicator.weight) if p is not None]
    missing = [p.name for p in parts if not FormIndicator.objects.filter(form=form, indicator=p).exists()]
    if missing:
        raise ServiceError(
            f"Hãy đưa vào mẫu trước các chỉ tiêu mà “{indicator.name}” tính từ: " + ", ".join(missing) + "."
        )
    last = FormIndicator.objects.filter(form=form).order_by("-ordering").values_list("ordering", flat=True).first()
    FormIndicator.objects.create(form=form, indicator=indicator, ordering=(last or 0) + 10, is_key=is_key)
    record(actor=by, action=AuditAction.UPDATE, obj=form, changes={"added_indicator": indicator.name})
    return form


@transaction.atomic
def form_remove_indicator(*, form: ReportForm, by, indicator: Indicator) -> ReportForm:
    _require_edit(by, form.owner, f"mẫu báo cáo “{form.name}”")
    form, _rules = _working_version(form, by)
    items = FormIndicator.objects.filter(form=form)
    dependants = [
        i.indicator.name
        for i in items.select_related("indicator")
        if indicator.pk in (i.indicator.numerator_id, i.indicator.denominator_id, i.indicator.weight_id)
    ]
    if dependants:
        raise ServiceError(f"“{indicator.name}” đang được dùng để tính: " + ", ".join(dependants) + ".")
    if not items.filter(indicator=indicator).delete()[0]:
        raise ServiceError(f"Chỉ tiêu “{indicator.name}” không có trong mẫu.", status_code=404)
    ValidationRule.objects.filter(Q(left=indicator) | Q(right=indicator), form=form).delete()
    record(actor=by, action=AuditAction.UPDATE, obj=form, changes={"removed_indicator": indicator.name})
    return form


@transaction.atomic
def rule_add(
    *,
    form: ReportForm,
    by,
    kind: str,
    severity: str = Severity.BLOCKING,
    left: Indicator | None = None,
    right: Indicator | None = None,
    threshold_pct: int | None = None,
) -> tuple[ReportForm, ValidationRule]:
    _require_edit(by, form.owner, f"mẫu báo cáo “{form.name}”")
    form, _rules = _working_version(form, by)
    on_form = set(FormIndicator.objects.filter(form=form).values_list("indicator_id", flat=True))
    for ind in (left, right):
        if ind is not None and ind.pk not in on_form:
            raise ServiceError(f"Chỉ tiêu “{ind.name}” không có trong mẫu báo cáo.")
    if kind == RuleKind.NOT_GREATER and (left is None or right is None or left.pk == right.pk):
        raise ServiceError("Quy tắc “không lớn hơn” cần hai chỉ tiêu khác nhau.")
    if kind == RuleKind.CHANGE and (left is None or not threshold_pct):
        raise ServiceError("Quy tắc “thay đổi quá N%” cần một chỉ tiêu và ngưỡng phần trăm lớn hơn 0.")
    if kind != RuleKind.NOT_GREATER:
        right = None
    if kind != RuleKind.CHANGE:
        threshold_pct = None
    rule = ValidationRule.objects.create(
        form=form, kind=kind, severity=severity, left=left, right=right, threshold_pct=threshold_pct
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=rule,
        changes={
            "form": [None, form.pk],
            "kind": [None, kind],
            "severity": [None, severity],
            "left": [None, left.pk if left else None],
            "right": [None, right.pk if right else None],
            "threshold_pct": [None, threshold_pct],
        },
    )
    return form, rule


@transaction.atomic
def rule_remove(*, form: ReportForm, by, rule_id: int) -> ReportForm:
    _require_edit(by, form.owner, f"mẫu báo cáo “{form.name}”")
    if not ValidationRule.objects.filter(pk=rule_id, form=form).exists():
        raise ServiceError("Không có quy tắc này trong mẫu báo cáo.", status_code=404)
    form, mapping = _working_version(form, by)
    rule = ValidationRule.objects.get(pk=mapping[rule_id])
    record(actor=by, action=AuditAction.DELETE, obj=rule, changes={"form": [form.pk, None], "kind": [rule.kind, None]})
    rule.delete()
    return form


@transaction.atomic
def standard_form_create(*, by) -> ReportForm:
    """The national six-month form with the whole indicator catalogue (what the demo loader used to be the only way
    to get): an administrator's first step on a fresh install."""
    _require_edit(by, None, "mẫu báo cáo quốc gia")
    if ReportForm.objects.filter(code="so-ket-6-thang").exists():
        raise ServiceError("Mẫu báo cáo sơ kết 6 tháng quốc gia đã có.", status_code=409)
    form = catalogue.standard_form()
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=form,
        changes={
            **_created(form, ["code", "version", *FORM_FIELDS]),
            "added_indicator": f"{form.items.count()} chỉ tiêu",
        },
    )
    return form
