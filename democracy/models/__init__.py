"""Grassroots democracy (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15): one module per noun.

- ``rules``: the legal figures an admin can correct (``Parameter``) and the disclosure categories of Điều 11.
- ``disclosures``: what a commune published, in which forms, with which files; the obligations calendar.
- ``consultations``: residents decide and give opinions; online household voting; village rules.
- ``supervision``: Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng, their sessions and recommendations.
"""

from democracy.models.consultations import (  # noqa: F401
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
    RuleBase,
    UsedCode,
    VillageRule,
    VillageRuleKind,
    VillageRuleStatus,
    VillageRuleVersion,
    VotingCode,
)
from democracy.models.disclosures import (  # noqa: F401
    Disclosure,
    DisclosureChannel,
    DisclosureFile,
    DisclosureStatus,
    Obligation,
    ObligationState,
)
from democracy.models.rules import Channel, DisclosureCategory, Parameter, Recurrence  # noqa: F401
from democracy.models.supervision import (  # noqa: F401
    Board,
    BoardKind,
    BoardMember,
    MemberRole,
    Recommendation,
    RecommendationStatus,
    SupervisionSession,
)
