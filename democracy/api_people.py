"""/api/v1/democracy/: consultations, online household voting, village rules and supervision boards; and the
public (no account) reads of disclosures and consultation results."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from democracy import consultations, selectors, supervision, village_rules
from democracy.api import JSON, body, paginated
from democracy.models import Consultation, Option, PassingRule, RecommendationStatus, VillageRuleVersion
from democracy.serializers import (
    AnswerSerializer,
    ApproveSerializer,
    BoardSerializer,
    BoardWriteSerializer,
    ConsultationResultsSerializer,
    ConsultationSerializer,
    ConsultationWriteSerializer,
    DemocracyReasonSerializer,
    DisclosureDetailSerializer,
    DocumentSerializer,
    HouseholdsSerializer,
    MemberSerializer,
    MemberWriteSerializer,
    NoteSerializer,
    OpinionGroupSerializer,
    OpinionWriteSerializer,
    PostSerializer,
    PublicConsultationSerializer,
    PublishSerializer,
    RecommendationSerializer,
    RecommendationWriteSerializer,
    SlipSerializer,
    SupervisionSessionSerializer,
    SupervisionSessionWriteSerializer,
    TextSerializer,
    VersionSerializer,
    VillageRuleAdoptSerializer,
    VillageRuleSerializer,
    VillageRuleWriteSerializer,
    VoteResultSerializer,
    VoteSerializer,
)
from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_int
from meetings.dialogues import get_dialogue_for_user
from orgs.models import Organization

# ---------------------------------------------------------------- consultations

OPTIONS = Prefetch("options", queryset=Option.objects.order_by("ordering", "id"))


def _consultation(request, pk: int):
    return selectors.get_consultation_for_user(request.user, pk)


def _consultation_detail(c) -> dict:
    fresh = Consultation.objects.select_related("unit", "rule").prefetch_related(OPTIONS, "opinion_groups")
    return ConsultationSerializer(fresh.get(pk=c.pk)).data


class ConsultationListView(APIView):
    pagination_class = PageNumberPagination
    parser_classes = JSON

    @extend_schema(responses=ConsultationSerializer(many=True), operation_id="democracy_consultations_list")
    def get(self, request):
        qs = selectors.consultation_list(request.user).prefetch_related("options", "opinion_groups")
        return paginated(self, request, qs, ConsultationSerializer)

    @extend_schema(request=ConsultationWriteSerializer, responses={201: ConsultationSerializer},
                   operation_id="democracy_consultations_create",
                   summary="Tạo cuộc lấy ý kiến: Nhân dân quyết định, biểu quyết hoặc tham gia ý kiến")  # fmt: skip
    def post(self, request):
        data = valid(ConsultationWriteSerializer, request)
        rule, code = None, data.pop("rule")
        if code:
            rule = PassingRule.objects.filter(code=code).first()
            if rule is None:
                raise ServiceError("Quy tắc thông qua không có trong danh mục.")
        dialogue_id = data.pop("dialogue")
        dialogue = get_dialogue_for_user(request.user, dialogue_id) if dialogue_id else None
        options = [(o["label"], o["approves"]) for o in data.pop("options")]
        c = consultations.consultation_create(
            by=request.user, organization=body(request, data.pop("organization")), rule=rule, options=options,
            dialogue=dialogue, **data,
        )  # fmt: skip
        return Response(_consultation_detail(c), status=201)


class ConsultationDetailView(APIView):
    @extend_schema(responses=ConsultationSerializer, operation_id="democracy_consultations_retrieve")
    def get(self, request, pk: int):
        return Response(ConsultationSerializer(_consultation(request, pk)).data)


def _c_action(name, act, summary, serializer=None, response=ConsultationSerializer, status=200):
    return action_view(
        f"Consultation{name.title().replace('_', '')}",
        get=_consultation,
        act=act,
        detail=_consultation_detail,
        serializer=serializer,
        response=response,
        operation_id=f"democracy_consultations_{name}",
        summary=summary,
        parsers=JSON,
        status=status,
    )


def _codes(request, c, data):
    slips = consultations.consultation_issue_codes(consultation=c, by=request.user, households=data["households"])
    return Response(SlipSerializer([{"household": h, "code": code} for h, code in slips], many=True).data, status=201)


ConsultationCodesView = _c_action(
    "codes", _codes, "Cấp mã biểu quyết một lần cho từng hộ gia đình (chỉ trả về một lần, để in phiếu)",
    HouseholdsSerializer, SlipSerializer(many=True), status=201,
)  # fmt: skip
ConsultationOpenView = _c_action(
    "open", lambda r, c, d: consultations.consultation_open(consultation=c, by=r.user) and None, "Bắt đầu lấy ý kiến"
)
ConsultationResultsView = _c_action(
    "results",
    lambda r, c, d: consultations.consultation_record_results(
        consultation=c, by=r.user, participating=d["participating"], eligible=d["eligible"],
        votes={int(k): v for k, v in d["votes"].items() if str(k).isdigit()},
    ) and None,
    "Ghi số hộ tham gia và số hộ chọn từng phương án (họp, phát phiếu)",
    ConsultationResultsSerializer,
)  # fmt: skip
ConsultationCloseView = _c_action(
    "close",
    lambda r, c, d: consultations.consultation_close(consultation=c, by=r.user) and None,
    "Kết thúc lấy ý kiến; kết quả tính theo quy tắc thông qua",
)
ConsultationPublishView = _c_action(
    "publish",
    lambda r, c, d: (
        consultations.consultation_publish(consultation=c, by=r.user, result_text=d["result_text"]) and None
    ),
    "Công bố kết quả",
    PublishSerializer,
)
ConsultationApproveView = _c_action(
    "approve",
    lambda r, c, d: consultations.consultation_approve(consultation=c, by=r.user, document=d["document"]) and None,
    "Ghi văn bản công nhận của cấp có thẩm quyền",
    DocumentSerializer,
)
ConsultationCancelView = _c_action(
    "cancel",
    lambda r, c, d: consultations.consultation_cancel(consultation=c, by=r.user, reason=d["reason"]) and None,
    "Hủy cuộc lấy ý kiến",
    DemocracyReasonSerializer,
)
ConsultationOpinionView = _c_action(
    "opinions",
    lambda r, c, d: OpinionGroupSerializer(consultations.opinion_group_add(consultation=c, by=r.user, **d)).data,
    "Ghi một nhóm ý kiến của Nhân dân",
    OpinionWriteSerializer,
    OpinionGroupSerializer,
    status=201,
)
OpinionAnswerView = action_view(
    "OpinionAnswer",
    get=lambda request, pk: selectors.get_opinion_group_for_user(request.user, pk),
    act=lambda r, g, d: consultations.opinion_answer(group=g, by=r.user, answer=d["answer"]) and None,
    detail=lambda g: OpinionGroupSerializer(g).data,
    serializer=AnswerSerializer,
    response=OpinionGroupSerializer,
    operation_id="democracy_opinions_answer",
    summary="Giải trình, tiếp thu một nhóm ý kiến",
    parsers=JSON,
)

# ---------------------------------------------------------------- village rules


class VillageRuleListView(APIView):
    pagination_class = PageNumberPagination
    parser_classes = JSON

    @extend_schema(responses=VillageRuleSerializer(many=True), operation_id="democracy_village_rules_list")
    def get(self, request):
        qs = selectors.village_rules_visible_to(request.user).select_related("unit").order_by("-id")
        return paginated(self, request, qs, VillageRuleSerializer)

    @extend_schema(request=VillageRuleWriteSerializer, responses={201: VersionSerializer},
                   operation_id="democracy_village_rules_create", summary="Dự thảo hương ước, quy ước")  # fmt: skip
    def post(self, request):
        data = valid(VillageRuleWriteSerializer, request)
        version = village_rules.village_rule_create(
            by=request.user, organization=body(request, data.pop("organization")), **data
        )
        return Response(VersionSerializer(version).data, status=201)


def _version(request, pk: int) -> VillageRuleVersion:
    return selectors.get_village_rule_version_for_user(request.user, pk)


def _v_action(name, act, summary, serializer):
    return action_view(
        f"VillageRule{name.title()}",
        get=_version,
        act=act,
        detail=lambda v: VersionSerializer(v).data,
        serializer=serializer,
        response=VersionSerializer,
        operation_id=f"democracy_village_rules_{name}",
        summary=summary,
        parsers=JSON,
    )


VillageRulePostView = _v_action(
    "post", lambda r, v, d: village_rules.village_rule_post(version=v, by=r.user, posted_on=d["posted_on"]) and None,
    "Niêm yết dự thảo để lấy ý kiến", PostSerializer,
)  # fmt: skip
VillageRuleAdoptView = _v_action(
    "adopt",
    lambda r, v, d: village_rules.village_rule_adopt(
        version=v, by=r.user, consultation=_consultation(r, d["consultation"]), opinions=d["opinions"]
    ) and None,
    "Ghi kết quả biểu quyết của cộng đồng (sau thời gian niêm yết tối thiểu)", VillageRuleAdoptSerializer,
)  # fmt: skip
VillageRuleApproveView = _v_action(
    "approve",
    lambda r, v, d: (
        village_rules.village_rule_approve(version=v, by=r.user, document=d["document"], on=d["on"]) and None
    ),
    "Ghi quyết định công nhận",
    ApproveSerializer,
)
VillageRuleReviseView = action_view(
    "VillageRuleRevise",
    get=lambda request, pk: selectors.get_village_rule_for_user(request.user, pk),
    act=lambda r, rule, d: (
        VersionSerializer(village_rules.village_rule_revise(rule=rule, by=r.user, text=d["text"])).data
    ),
    detail=lambda rule: {},
    serializer=TextSerializer,
    response=VersionSerializer,
    operation_id="democracy_village_rules_revise",
    summary="Dự thảo sửa đổi (phiên bản mới)",
    parsers=JSON,
    status=201,
)

# ---------------------------------------------------------------- supervision


class BoardListView(APIView):
    pagination_class = PageNumberPagination
    parser_classes = JSON

    @extend_schema(responses=BoardSerializer(many=True), operation_id="democracy_boards_list")
    def get(self, request):
        qs = selectors.boards_visible_to(request.user).select_related("unit").prefetch_related("members")
        return paginated(self, request, qs.order_by("-id"), BoardSerializer)

    @extend_schema(request=BoardWriteSerializer, responses={201: BoardSerializer},
                   operation_id="democracy_boards_create",
                   summary="Thành lập Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng")  # fmt: skip
    def post(self, request):
        data = valid(BoardWriteSerializer, request)
        board = supervision.board_create(by=request.user, organization=body(request, data.pop("organization")), **data)
        return Response(BoardSerializer(selectors.get_board_for_user(request.user, board.pk)).data, status=201)


class BoardDetailView(APIView):
    @extend_schema(responses=BoardSerializer, operation_id="democracy_boards_retrieve")
    def get(self, request, pk: int):
        return Response(BoardSerializer(selectors.get_board_for_user(request.user, pk)).data)


def _board(request, pk: int):
    return selectors.get_board_for_user(request.user, pk)


BoardMemberView = action_view(
    "BoardMember",
    get=_board,
    act=lambda r, b, d: MemberSerializer(supervision.board_member_add(board=b, by=r.user, **d)).data,
    detail=lambda b: {},
    serializer=MemberWriteSerializer,
    response=MemberSerializer,
    operation_id="democracy_boards_members",
    summary="Thêm thành viên ban",
    parsers=JSON,
    status=201,
)
BoardSessionView = action_view(
    "BoardSession",
    get=_board,
    act=lambda r, b, d: SupervisionSessionSerializer(supervision.session_record(board=b, by=r.user, **d)).data,
    detail=lambda b: {},
    serializer=SupervisionSessionWriteSerializer,
    response=SupervisionSessionSerializer,
    operation_id="democracy_boards_sessions",
    summary="Ghi một cuộc giám sát",
    parsers=JSON,
    status=201,
)


def _recommend(request, session, data):
    addressee = Organization.objects.filter(pk=data["addressee"], is_active=True).first()
    if addressee is None:
        raise ServiceError("Không tìm thấy cơ quan nhận kiến nghị.", extra={"addressee": data["addressee"]})
    rec = supervision.recommendation_add(
        session=session, by=request.user, text=data["text"], addressee=addressee, answer_due=data["answer_due"]
    )
    return RecommendationSerializer(rec).data


SessionRecommendationView = action_view(
    "SessionRecommendation",
    get=lambda request, pk: selectors.get_session_for_user(request.user, pk),
    act=_recommend,
    detail=lambda x: {},
    serializer=RecommendationWriteSerializer,
    response=RecommendationSerializer,
    operation_id="democracy_sessions_recommendations",
    summary="Ghi kiến nghị sau giám sát: gửi cơ quan nào, hạn trả lời",
    parsers=JSON,
    status=201,
)


class RecommendationListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("state", str, enum=[*RecommendationStatus.values, "overdue"])],
        responses=RecommendationSerializer(many=True),
        operation_id="democracy_recommendations_list",
    )
    def get(self, request):
        state = query_choice(request.query_params, "state", (*RecommendationStatus.values, "overdue"))
        return paginated(
            self, request, selectors.recommendation_list(request.user, state=state), RecommendationSerializer
        )


def _rec(request, pk: int):
    return selectors.get_recommendation_for_user(request.user, pk)


RecommendationAnswerView = action_view(
    "RecommendationAnswer",
    get=_rec,
    act=lambda r, rec, d: supervision.recommendation_answer(recommendation=rec, by=r.user, answer=d["answer"]) and None,
    detail=lambda rec: RecommendationSerializer(rec).data,
    serializer=AnswerSerializer,
    response=RecommendationSerializer,
    operation_id="democracy_recommendations_answer",
    summary="Cơ quan nhận kiến nghị trả lời",
    parsers=JSON,
)
RecommendationCloseView = action_view(
    "RecommendationClose",
    get=_rec,
    act=lambda r, rec, d: supervision.recommendation_close(recommendation=rec, by=r.user, note=d["note"]) and None,
    detail=lambda rec: RecommendationSerializer(rec).data,
    serializer=NoteSerializer,
    response=RecommendationSerializer,
    operation_id="democracy_recommendations_close",
    summary="Kết thúc theo dõi kiến nghị",
    parsers=JSON,
)

# ---------------------------------------------------------------- public (no account)


class PublicDisclosureListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[OpenApiParameter("before", int, description="Trang sau: id nhỏ hơn giá trị này")],
        responses=DisclosureDetailSerializer(many=True),
        operation_id="democracy_public_disclosures",
        summary="Nội dung đã công khai của một xã, phường (không cần tài khoản)",
        auth=[],
    )
    def get(self, request, code: str):
        unit = selectors.public_commune(code)
        before = query_int(request.query_params, "before", minimum=1)
        rows = selectors.public_disclosures(unit, before=before)
        return Response(DisclosureDetailSerializer(rows, many=True).data)


class PublicConsultationListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[OpenApiParameter("unit", str, description="Mã xã, phường (tùy chọn)")],
        responses=PublicConsultationSerializer(many=True),
        operation_id="democracy_public_consultations",
        summary="Kết quả lấy ý kiến đã công bố (không cần tài khoản)",
        auth=[],
    )
    def get(self, request):
        code = request.query_params.get("unit", "").strip()
        unit = selectors.public_commune(code) if code else None
        return Response(PublicConsultationSerializer(selectors.public_consultations(unit), many=True).data)


class VoteThrottle(AnonRateThrottle):
    rate = "30/min"


class PublicVoteView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = JSON
    throttle_classes = [VoteThrottle]

    @extend_schema(
        request=VoteSerializer,
        responses={201: VoteResultSerializer},
        operation_id="democracy_public_vote",
        summary="Hộ gia đình biểu quyết trực tuyến bằng mã in trên phiếu (một lần, trước hạn cuối)",
        auth=[],
    )
    def post(self, request, pk: int):
        data = valid(VoteSerializer, request)
        consultation = selectors.get_public_consultation(pk)
        consultations.consultation_vote(consultation=consultation, code=data["code"], option_id=data["option"])
        return Response({"message": "Đã ghi nhận biểu quyết của hộ gia đình."}, status=201)
