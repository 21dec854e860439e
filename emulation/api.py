"""/api/v1/contests/ and /api/v1/assessments/: scoped reads; every write through a write path."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.response import Response
from rest_framework.views import APIView

from emulation import services
from emulation.forms import (
    DEFAULT_TITLES,
)
from emulation.models import Assessment, Award, Contest, Entry, Round
from emulation.selectors import (
    active_criteria_sets,
    assessment_list,
    assessments_visible_to,
    contest_list,
    get_contest_for_user,
    judge_candidates,
)
from emulation.serializers import (
    AssessmentDetailSerializer,
    AssessmentSerializer,
    AssessmentWriteSerializer,
    CloseSerializer,
    ContestDetailSerializer,
    ContestListSerializer,
    ContestScoreSerializer,
    ContestWriteSerializer,
    EntrySerializer,
    EntryWriteSerializer,
    RankingSerializer,
)
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_int
from orgs.models import Organization
from orgs.permissions import get_object_for_user
from practices.models import CriteriaSet, Practice


def _int_param(params, name: str) -> int | None:
    return query_int(params, name)


def _organization(user, pk: int, field: str) -> Organization:
    try:
        return get_object_for_user(Organization.objects.select_related("unit"), user, pk=pk)
    except Http404 as e:
        raise ServiceError("Không tìm thấy tổ chức.", extra={field: pk}) from e


def _criteria_set(pk: int) -> CriteriaSet:
    criteria_set = active_criteria_sets().filter(pk=pk).first()
    if criteria_set is None:
        raise ServiceError("Không tìm thấy bộ tiêu chí.", extra={"criteria_set": pk})
    return criteria_set


def _contest_detail(request, pk: int) -> Response:
    contest = get_contest_for_user(request.user, pk)
    contest = (
        Contest.objects.select_related("organizer")
        .prefetch_related(
            "judges",
            Prefetch("rounds", Round.objects.select_related("criteria_set")),
            Prefetch("entries", Entry.objects.select_related("organization").order_by("name", "id")),
            Prefetch("awards", Award.objects.select_related("entry")),
        )
        .get(pk=contest.pk)
    )
    return Response(ContestDetailSerializer(contest).data)


YEAR = OpenApiParameter("year", int)


class ContestListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(parameters=[YEAR], responses=ContestListSerializer(many=True), operation_id="contests_list")
    def get(self, request):
        qs = contest_list(request.user, year=_int_param(request.query_params, "year"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ContestListSerializer(page, many=True).data)

    @extend_schema(
        request=ContestWriteSerializer, responses={201: ContestDetailSerializer}, operation_id="contests_create"
    )
    def post(self, request):
        data = ContestWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        judges = list(judge_candidates(request.user).filter(pk__in=values["judges"]))
        if len(judges) != len(set(values["judges"])):
            raise ServiceError(
                "Có giám khảo không tồn tại hoặc nằm ngoài phạm vi của bạn.", extra={"judges": values["judges"]}
            )
        contest = services.contest_create(
            by=request.user,
            name=values["name"],
            organizer=_organization(request.user, values["organizer"], "organizer"),
            year=values["year"],
            judges=judges,
            rounds=[(r["name"], _criteria_set(r["criteria_set"]), r.get("held_on")) for r in values["rounds"]],
        )
        response = _contest_detail(request, contest.pk)
        response.status_code = 201
        return response


class ContestDetailView(APIView):
    @extend_schema(responses=ContestDetailSerializer, operation_id="contests_retrieve")
    def get(self, request, pk: int):
        return _contest_detail(request, pk)


class ContestEntriesView(APIView):
    @extend_schema(
        request=EntryWriteSerializer,
        responses={201: EntrySerializer},
        summary="Thêm bài dự thi (khi hội thi đang nhận đăng ký)",
        operation_id="contests_entries_create",
    )
    def post(self, request, pk: int):
        contest = get_contest_for_user(request.user, pk, write=True)
        data = EntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        practice = None
        if values.get("practice"):
            practice = Practice.objects.visible_to(request.user).filter(pk=values["practice"]).first()
            if practice is None:
                raise ServiceError("Không tìm thấy mô hình.", extra={"practice": values["practice"]})
        entry = services.entry_add(
            contest=contest,
            by=request.user,
            kind=values["kind"],
            name=values["name"],
            organization=_organization(request.user, values["organization"], "organization"),
            practice=practice,
        )
        return Response(EntrySerializer(entry).data, status=201)


class ContestOpenJudgingView(APIView):
    @extend_schema(
        request=None,
        responses=ContestDetailSerializer,
        summary="Bắt đầu chấm (đóng đăng ký)",
        operation_id="contests_open_judging",
    )
    def post(self, request, pk: int):
        contest = get_contest_for_user(request.user, pk)
        services.contest_open_judging(contest=contest, by=request.user)
        return _contest_detail(request, pk)


class ContestScoreView(APIView):
    @extend_schema(
        request=ContestScoreSerializer,
        responses=inline_serializer(
            "ContestScoreResult",
            fields={"entry": s.IntegerField(), "round": s.IntegerField(), "total": s.DecimalField(9, 2)},
        ),
        summary="Giám khảo chấm một bài dự thi trong một vòng (chấm lại thì thay điểm cũ)",
        operation_id="contests_score",
    )
    def post(self, request, pk: int):
        contest = get_contest_for_user(request.user, pk)
        data = ContestScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        entry = contest.entries.filter(pk=values["entry"]).first()
        if entry is None:
            raise ServiceError("Không tìm thấy bài dự thi trong hội thi.", extra={"entry": values["entry"]})
        round_ = contest.rounds.select_related("criteria_set").filter(pk=values["round"]).first()
        if round_ is None:
            raise ServiceError("Không tìm thấy vòng thi trong hội thi.", extra={"round": values["round"]})
        entry.contest = contest  # the service reads status and judges from it
        scores = {item["criterion"]: item["score"] for item in values["scores"]}
        services.contest_score(entry=entry, round=round_, judge=request.user, scores=scores)
        total = sum(scores.values())
        return Response({"entry": entry.pk, "round": round_.pk, "total": f"{total:.2f}"})


class ContestRankingView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("round", int, description="Chỉ xếp hạng theo một vòng")],
        responses=RankingSerializer(many=True),
        operation_id="contests_ranking",
    )
    def get(self, request, pk: int):
        contest = get_contest_for_user(request.user, pk)
        round_ = None
        if (round_id := _int_param(request.query_params, "round")) is not None:
            round_ = contest.rounds.filter(pk=round_id).first()
            if round_ is None:
                raise ServiceError("Không tìm thấy vòng thi trong hội thi.", extra={"round": round_id})
        ranking = services.contest_ranking(contest, round_)
        rows = [{"rank": i, "entry": entry, "total": total} for i, (entry, total) in enumerate(ranking, start=1)]
        return Response(RankingSerializer(rows, many=True).data)


class ContestCloseView(APIView):
    @extend_schema(
        request=CloseSerializer,
        responses=ContestDetailSerializer,
        summary="Công bố kết quả: các bài điểm cao nhất nhận giải theo thứ tự",
        operation_id="contests_close",
    )
    def post(self, request, pk: int):
        contest = get_contest_for_user(request.user, pk)
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        titles = data.validated_data.get("titles") or [t.strip() for t in DEFAULT_TITLES.split(",")]
        services.contest_close(contest=contest, by=request.user, titles=titles)
        return _contest_detail(request, pk)


class AssessmentListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[YEAR, OpenApiParameter("organization", int)],
        responses=AssessmentSerializer(many=True),
        operation_id="assessments_list",
    )
    def get(self, request):
        params = request.query_params
        qs = assessment_list(
            request.user, year=_int_param(params, "year"), organization_id=_int_param(params, "organization")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(AssessmentSerializer(page, many=True).data)

    @extend_schema(
        request=AssessmentWriteSerializer,
        responses={201: AssessmentDetailSerializer, 200: AssessmentDetailSerializer},
        summary="Ghi nhận đánh giá năm (201); đánh giá lại cùng đơn vị, cùng năm thì thay thế (200)",
        operation_id="assessments_record",
    )
    def post(self, request):
        data = AssessmentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        organization = _organization(request.user, values["organization"], "organization")
        existed = Assessment.objects.filter(organization=organization, year=values["year"]).exists()
        assessment = services.assessment_record(
            organization=organization,
            year=values["year"],
            criteria_set=_criteria_set(values["criteria_set"]),
            by=request.user,
            scores={item["criterion"]: item["score"] for item in values["scores"]},
            note=values["note"],
        )
        return Response(AssessmentDetailSerializer(assessment).data, status=200 if existed else 201)


class AssessmentDetailView(APIView):
    @extend_schema(responses=AssessmentDetailSerializer, operation_id="assessments_retrieve")
    def get(self, request, pk: int):
        assessment = get_object_for_user(
            assessments_visible_to(request.user).select_related("organization__unit", "criteria_set"),
            request.user,
            unit_field="organization__unit",
            pk=pk,
        )
        return Response(AssessmentDetailSerializer(assessment).data)
