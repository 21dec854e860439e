from django import template

from reports.formatting import fmt_number

register = template.Library()


@register.filter
def figure(value):
    """1.234.567 or 87,5 — and "—" where there is no figure."""
    return fmt_number(value)


@register.filter
def change(value):
    """+12, −3 or "—" (the change against an earlier period)."""
    if value is None:
        return "—"
    if value > 0:
        return "+" + fmt_number(value)
    if value < 0:
        return "−" + fmt_number(-value)
    return "0"
