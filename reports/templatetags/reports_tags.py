from django import template

from reports.formatting import fmt_number

register = template.Library()


@register.filter
def num(value):
    """1.234.567,5 — and "—" where there is no figure (never a made-up zero)."""
    return fmt_number(value)


@register.filter
def signed(value):
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + fmt_number(value)


@register.filter
def pct(value):
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + fmt_number(value, 1) + "%"


@register.filter
def plain(value):
    """A figure as an input shows it: no grouping dots before a decimal comma is typed (1234567,5)."""
    if value is None:
        return ""
    return str(value).replace(".", ",")
