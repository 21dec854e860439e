"""Legal time limits for citizens' complaints, denunciations, petitions and feedback, as data.

A change in the law is a change to `build_rules` (or a replacement table passed to
`cases.deadlines.due_date`), never to the arithmetic. Every rule carries the article it comes from,
in Vietnamese, for display next to the due date. Sources: the team's domain notes, §3
(retrieved early 2026); where the notes mark a point unverified, the rule's `note` says so.

Complaints are split into two kinds, first and second time (lần đầu / lần hai), because the law
gives each its own articles and limits; the case model maps (type, round) to one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Kind(StrEnum):
    COMPLAINT_FIRST = "complaint_first"
    COMPLAINT_SECOND = "complaint_second"
    DENUNCIATION = "denunciation"
    PETITION = "petition"
    FEEDBACK = "feedback"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.COMPLAINT_FIRST: "Khiếu nại lần đầu",
    Kind.COMPLAINT_SECOND: "Khiếu nại lần hai",
    Kind.DENUNCIATION: "Tố cáo",
    Kind.PETITION: "Kiến nghị",
    Kind.FEEDBACK: "Phản ánh",
}


class Step(StrEnum):
    ACCEPTANCE = "acceptance"  # thụ lý (for denunciations: tiếp nhận, xử lý ban đầu)
    RESOLUTION = "resolution"  # giải quyết / trả lời

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]


_STEP_LABELS = {
    Step.ACCEPTANCE: "Thụ lý",
    Step.RESOLUTION: "Giải quyết",
}


class DayCount(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class CountsFrom(StrEnum):
    """The event the limit runs from; the caller passes that event's date as `start`."""

    RECEIPT = "receipt"  # kể từ ngày nhận được đơn
    ACCEPTANCE = "acceptance"  # kể từ ngày thụ lý

    @property
    def label(self) -> str:
        return "kể từ ngày nhận được đơn" if self is CountsFrom.RECEIPT else "kể từ ngày thụ lý"


@dataclass(frozen=True)
class DeadlineRule:
    """One legal time limit.

    `days` is the ordinary limit; `complex_days`, `remote_days` (vùng sâu, vùng xa đi lại khó
    khăn) and `remote_complex_days` replace it when the law gives a longer one, None when it gives
    none. An extension adds `extension_days` each time, at most `max_extensions` times.
    `citation` is shown to users; `note` is for maintainers.
    """

    kind: Kind
    step: Step
    days: int
    complex_days: int | None = None
    remote_days: int | None = None
    remote_complex_days: int | None = None
    counting: DayCount = DayCount.CALENDAR
    counts_from: CountsFrom = CountsFrom.RECEIPT
    max_extensions: int = 0
    extension_days: int = 0
    citation: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        # The table is configuration: refuse a malformed rule when it is built, not when a case
        # first hits it.
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "step", Step(self.step))
        object.__setattr__(self, "counting", DayCount(self.counting))
        object.__setattr__(self, "counts_from", CountsFrom(self.counts_from))
        for name in ("days", "complex_days", "remote_days", "remote_complex_days"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError(f"{self.kind}/{self.step}: {name} must be a positive integer, got {value!r}")
        if self.max_extensions < 0 or self.extension_days < 0:
            raise ValueError(f"{self.kind}/{self.step}: extensions cannot be negative")
        if self.max_extensions and not self.extension_days:
            raise ValueError(f"{self.kind}/{self.step}: extensions allowed but extension_days is 0")
        if self.complex_days and self.remote_days and not self.remote_complex_days:
            raise ValueError(f"{self.kind}/{self.step}: give remote_complex_days when both complex and remote differ")
        if not self.citation:
            raise ValueError(f"{self.kind}/{self.step}: a rule needs its legal citation")

    def base_days(self, *, complex: bool = False, remote: bool = False) -> int:
        """The limit in days before extensions: the most specific one the law gives."""
        if complex and remote and self.remote_complex_days:
            return self.remote_complex_days
        if remote and self.remote_days:
            return self.remote_days
        if complex and self.complex_days:
            return self.complex_days
        return self.days


FEEDBACK_REPLY_DAYS = 20

_LKN = "Luật Khiếu nại 2011 (Văn bản hợp nhất 03/VBHN-VPQH năm 2021)"
_LTC = "Luật Tố cáo 2018"


def _feedback_citation(days: int) -> str:
    # No law fixes the time to answer feedback and petitions outside the reception of citizens: the limit is the
    # receiving body's own rule (configurable per body, cases.models.ReplyLimit), and says so.
    return (
        f"Thời hạn do cơ quan tiếp nhận áp dụng: trả lời trong {days} ngày kể từ ngày nhận được (không phải thời hạn "
        f"do luật định; mặc định {FEEDBACK_REPLY_DAYS} ngày như Cổng Dịch vụ công quốc gia, Quyết định 574/QĐ-TTg)."
    )


def build_rules(*, feedback_reply_days: int = FEEDBACK_REPLY_DAYS) -> tuple[DeadlineRule, ...]:
    """The rule table. `feedback_reply_days` is the one limit DanVan lets each deployment set."""
    return (
        DeadlineRule(
            Kind.COMPLAINT_FIRST,
            Step.ACCEPTANCE,
            days=10,
            counts_from=CountsFrom.RECEIPT,
            citation=f"Điều 27 {_LKN}: thụ lý trong thời hạn 10 ngày kể từ ngày nhận được khiếu nại "
            "thuộc thẩm quyền; thông báo bằng văn bản, nêu rõ lý do nếu không thụ lý.",
            note="The law says '10 ngày'; some provincial procedure sheets say 10 working days. "
            "Counted as calendar days, as the notes and the statute say.",
        ),
        DeadlineRule(
            Kind.COMPLAINT_FIRST,
            Step.RESOLUTION,
            days=30,
            complex_days=45,
            remote_days=45,
            remote_complex_days=60,
            counts_from=CountsFrom.ACCEPTANCE,
            citation=f"Điều 28 {_LKN}: không quá 30 ngày kể từ ngày thụ lý, vụ việc phức tạp không quá "
            "45 ngày; ở vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày, vụ việc phức tạp không quá 60 ngày.",
        ),
        DeadlineRule(
            Kind.COMPLAINT_SECOND,
            Step.ACCEPTANCE,
            days=10,
            counts_from=CountsFrom.RECEIPT,
            citation=f"Điều 36 {_LKN}: thụ lý giải quyết khiếu nại lần hai trong thời hạn 10 ngày kể từ "
            "ngày nhận được khiếu nại thuộc thẩm quyền.",
            note="Not in the domain notes (they give no acceptance limit for the second time); Điều 36 "
            "mirrors Điều 27. Verify against the consolidated text.",
        ),
        DeadlineRule(
            Kind.COMPLAINT_SECOND,
            Step.RESOLUTION,
            days=45,
            complex_days=60,
            remote_days=60,
            remote_complex_days=70,
            counts_from=CountsFrom.ACCEPTANCE,
            citation=f"Điều 37 {_LKN}: không quá 45 ngày kể từ ngày thụ lý, vụ việc phức tạp không quá "
            "60 ngày; ở vùng sâu, vùng xa đi lại khó khăn không quá 60 ngày, vụ việc phức tạp không quá 70 ngày.",
        ),
        DeadlineRule(
            Kind.DENUNCIATION,
            Step.ACCEPTANCE,
            days=7,
            complex_days=10,
            counting=DayCount.WORKING,
            counts_from=CountsFrom.RECEIPT,
            citation=f"Điều 24 {_LTC}: vào sổ, phân loại, xử lý ban đầu thông tin tố cáo trong thời hạn "
            "07 ngày làm việc kể từ ngày nhận được tố cáo; phải kiểm tra, xác minh tại nhiều địa điểm thì "
            "không quá 10 ngày làm việc.",
            note="For this rule `complex` means verification at several places. The notes mark Điều 24 unverified.",
        ),
        DeadlineRule(
            Kind.DENUNCIATION,
            Step.RESOLUTION,
            days=30,
            counts_from=CountsFrom.ACCEPTANCE,
            max_extensions=2,
            extension_days=30,
            citation=f"Điều 30 {_LTC}: không quá 30 ngày kể từ ngày thụ lý; vụ việc phức tạp gia hạn một "
            "lần, vụ việc đặc biệt phức tạp gia hạn hai lần, mỗi lần không quá 30 ngày (quyết định gia hạn "
            "bằng văn bản, thông báo cho người tố cáo và người bị tố cáo).",
            note="Extensions are counted at their maximum (30 days each), the total from thụ lý: 30/60/90.",
        ),
        *(
            rule
            for kind in (Kind.PETITION, Kind.FEEDBACK)
            for rule in (
                DeadlineRule(
                    kind,
                    Step.ACCEPTANCE,
                    days=10,
                    counts_from=CountsFrom.RECEIPT,
                    citation="Điều 28 Luật Tiếp công dân 2013: trả lời, thông báo cho công dân trong thời hạn "
                    "10 ngày kể từ ngày nhận được kiến nghị, phản ánh tại nơi tiếp công dân.",
                    note="The notes mark Điều 28 unverified; it covers matters received at reception.",
                ),
                DeadlineRule(
                    kind,
                    Step.RESOLUTION,
                    days=feedback_reply_days,
                    counts_from=CountsFrom.RECEIPT,
                    citation=_feedback_citation(feedback_reply_days),
                    note="20 days is the Government portal's limit, used as DanVan's default; configurable.",
                ),
            )
        ),
    )


DEFAULT_RULES = build_rules()


def replace_rule(rules: tuple[DeadlineRule, ...], kind: str, step: str, **changes) -> tuple[DeadlineRule, ...]:
    """A copy of `rules` with the (kind, step) rule's fields changed, e.g. after an amendment."""
    found = False
    result = []
    for rule in rules:
        if rule.kind == kind and rule.step == step:
            rule = replace(rule, **changes)
            found = True
        result.append(rule)
    if not found:
        raise KeyError(f"No rule for {kind}/{step}")
    return tuple(result)
