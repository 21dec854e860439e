"""Settings of the cases module, with their defaults (override with CASES_* in danvan/settings.py)."""

from __future__ import annotations

from django.conf import settings

from cases.models import ReplyLimit
from cases.rules import FEEDBACK_REPLY_DAYS, build_rules


def _get(name: str, default):
    return getattr(settings, name, default)


def reopen_window_days() -> int:
    """How long after an answer the sender may confirm or reopen it."""
    return _get("CASES_REOPEN_WINDOW_DAYS", 30)


def escalation_margin_days() -> int:
    """Days past the running limit after which a case goes to the body above."""
    return _get("CASES_ESCALATION_MARGIN_DAYS", 5)


def due_soon_days() -> int:
    return _get("CASES_DUE_SOON_DAYS", 3)


def rate_limit() -> tuple[int, int]:
    """(submissions, minutes) allowed from one address on the public form."""
    return _get("CASES_RATE_LIMIT", 5), _get("CASES_RATE_LIMIT_MINUTES", 60)


def retention_days() -> int:
    """Days after closure before the sender's personal data is erased."""
    return _get("CASES_RETENTION_DAYS", 5 * 365)


def max_attachment_bytes() -> int:
    return _get("CASES_MAX_ATTACHMENT_BYTES", _get("DANVAN_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024))


def max_attachments() -> int:
    return _get("CASES_MAX_ATTACHMENTS", 5)


def abuse_words() -> tuple[str, ...]:
    """Folded words and phrases that send a public submission to moderation (never drop it)."""
    return tuple(_get("CASES_ABUSE_WORDS", ("du ma", "dit me", "dit con", "dcm", "vcl", "vkl", "cho chet", "oc cho")))


def hotspot_window_days() -> int:
    """The sliding window of the hotspot warning."""
    return _get("CASES_HOTSPOT_WINDOW_DAYS", 7)


def hotspot_baseline_weeks() -> int:
    """Weeks before the window whose mean is the baseline."""
    return _get("CASES_HOTSPOT_BASELINE_WEEKS", 8)


def hotspot_ratio() -> float:
    """A count this many times its baseline is abnormal."""
    return float(_get("CASES_HOTSPOT_RATIO", 3))


def hotspot_multi_people() -> int:
    """A case sent by at least this many people counts as a multi-person case (đơn đông người)."""
    return _get("CASES_HOTSPOT_MULTI_PEOPLE", 5)


def hotspot_minimums() -> dict[str, int]:
    """Below these counts nothing is flagged, however large the ratio (2 cases after 0 is noise)."""
    return {
        "new": _get("CASES_HOTSPOT_MIN_NEW", 5),
        "overdue": _get("CASES_HOTSPOT_MIN_OVERDUE", 3),
        "multi": _get("CASES_HOTSPOT_MIN_MULTI", 2),
    }


def rules(organization_id: int | None = None):
    """The deadline table; with ``organization_id``, the reply limit for feedback and petitions is that body's own
    (``ReplyLimit``) when it set one."""
    days = _get("CASES_FEEDBACK_REPLY_DAYS", FEEDBACK_REPLY_DAYS)
    if organization_id is not None:
        days = ReplyLimit.objects.filter(organization_id=organization_id).values_list("days", flat=True).first() or days
    return _rules_for(days)


_RULES_CACHE: dict[int, tuple] = {}


def _rules_for(days: int):
    if days not in _RULES_CACHE:
        _RULES_CACHE[days] = build_rules(feedback_reply_days=days)
    return _RULES_CACHE[days]
