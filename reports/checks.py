"""Validation rules (data in ``ValidationRule``) applied to a report's figures.

Blocking findings refuse the submission; warnings are shown and the officer may still submit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from reports.formatting import fmt_amount, fmt_number
from reports.models import HIDDEN_PARTS, Indicator, RuleKind, Severity, ValidationRule


@dataclass(frozen=True)
class Finding:
    severity: str
    indicator: str  # code
    message: str

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING


def rules_for(form) -> list[ValidationRule]:
    return list(
        ValidationRule.objects.filter(Q(form=None) | Q(form=form), is_active=True).select_related("left", "right")
    )


def check(
    *,
    rules: list[ValidationRule],
    indicators: list[Indicator],
    amounts: dict[tuple[int, str], int | None],
    previous: dict[tuple[int, str], int] | None = None,
) -> list[Finding]:
    """Apply ``rules`` to the totals in ``amounts`` ({(indicator id, breakdown): amount}); blocking first."""
    on_form = {i.pk: i for i in indicators}
    findings: list[Finding] = []
    for rule in rules:
        if rule.kind == RuleKind.NON_NEGATIVE:
            targets = [rule.left] if rule.left_id else list(on_form.values())
            for indicator in targets:
                if indicator.pk not in on_form:
                    continue
                for (ind_id, breakdown), amount in amounts.items():
                    if breakdown in HIDDEN_PARTS:
                        continue  # a weighted average's computed parts
                    if ind_id == indicator.pk and amount is not None and amount < 0:
                        part = _part(indicator, breakdown)
                        findings.append(
                            Finding(
                                rule.severity,
                                indicator.code,
                                f"Chỉ tiêu “{indicator.name}”{part} không được âm "
                                f"(đã nhập {fmt_amount(indicator, amount)}).",
                            )
                        )
        elif rule.kind == RuleKind.NOT_GREATER:
            left, right = rule.left, rule.right
            if left is None or right is None or left.pk not in on_form or right.pk not in on_form:
                continue
            a, b = amounts.get((left.pk, "")), amounts.get((right.pk, ""))
            if a is not None and a > (b or 0) * left.scale // right.scale:
                findings.append(
                    Finding(
                        rule.severity,
                        left.code,
                        f"Chỉ tiêu “{left.name}” ({fmt_amount(left, a)}) không được lớn hơn "
                        f"“{right.name}” ({fmt_amount(right, b or 0)}).",
                    )
                )
        elif rule.kind == RuleKind.CHANGE and previous is not None:
            indicator = rule.left
            if indicator is None or indicator.pk not in on_form or not rule.threshold_pct:
                continue
            now, before = amounts.get((indicator.pk, "")), previous.get((indicator.pk, ""))
            if now is None or not before:
                continue
            change = (now - before) * 100 / before
            if abs(change) > rule.threshold_pct:
                direction = "tăng" if change > 0 else "giảm"
                findings.append(
                    Finding(
                        rule.severity,
                        indicator.code,
                        f"Chỉ tiêu “{indicator.name}” {direction} {fmt_number(abs(change), 1)}% so với kỳ trước "
                        f"({fmt_amount(indicator, before)} → {fmt_amount(indicator, now)}), vượt ngưỡng "
                        f"{rule.threshold_pct}%: hãy kiểm tra lại hoặc ghi chú lý do.",
                    )
                )
    findings.sort(key=lambda f: not f.blocking)
    return findings


def _part(indicator: Indicator, breakdown: str) -> str:
    if not breakdown:
        return ""
    label = {b[0]: b[1] for b in indicator.breakdowns}.get(breakdown, breakdown)
    return f" ({label.lower()})"
