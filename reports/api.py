"""/api/v1/reports/: forms, periods, reports, values, submission, review, roll-up — the same scope as the pages."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.selectors import unit_on
from lib.api_actions import action_view
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_int
from orgs.models import Organization
from orgs.permissions import get_object_for_user
from orgs.scope import scope_for
from reports import register, selectors, services
from reports.models import Indicator, Report, ReportForm
from reports.serializers import (
    FormSerializer,
    OutgoingDocumentSerializer,
    PeriodOpenSerializer,
    PeriodSerializer,
    ReportDetailSerializer,
    ReportListSerializer,
    ReportOpenSerializer,
    ReportReasonSerializer,
    ReportSaveSerializer,
)


class FormListView(APIView):
    @extend_schema(responses=FormSerializer(many=True), operation_id="reports_forms_list")
    def get(self, request):
        forms = (
            ReportForm.objects.filter(selectors.owner_visible_q(request.user), is_active=True)
            .prefetch_related("items__indicator")
            .order_by("name")
        )
        return Response(FormSerializer(forms, many=True).data)


class PeriodListView(APIView):
    @extend_schema(responses=PeriodSerializer(many=True), operation_id="reports_periods_list")
    def get(self, request):
        periods = selectors.period_list(request.user).order_by("-start")[:200]
        return Response(PeriodSerializer(periods, many=True).data)

    @extend_schema(request=PeriodOpenSerializer, responses={201: PeriodSerializer}, operation_id="reports_periods_open")
    def post(self, request):
        """Central level opens a period: a draft report for every organisation that must report."""
        data = PeriodOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = ReportForm.objects.filter(
            selectors.owner_visible_q(request.user), code=data.validated_data["form"], is_active=True
        ).first()
        if form is None:
            raise ServiceError("Không có mẫu báo cáo này.", extra={"form": data.validated_data["form"]})
        values = {k: v for k, v in data.validated_data.items() if k != "form" and v is not None}
        period = services.period_open(form=form, by=request.user, **values)
        return Response(PeriodSerializer(period).data, status=201)


class ReportListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("period", int), OpenApiParameter("status", str)],
        responses=ReportListSerializer(many=True),
        operation_id="reports_list",
    )
    def get(self, request):
        qs = Report.objects.visible_to(request.user).select_related("organization", "unit", "period")
        if (period := query_int(request.query_params, "period")) is not None:
            qs = qs.filter(period_id=period)
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs.order_by("-period__start", "id"), request, view=self)
        return paginator.get_paginated_response(ReportListSerializer(page, many=True).data)

    @extend_schema(request=ReportOpenSerializer, responses={201: ReportDetailSerializer}, operation_id="reports_open")
    def post(self, request):
        data = ReportOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            org = get_object_for_user(Organization.objects.all(), request.user, pk=data.validated_data["organization"])
        except Http404 as e:
            raise ServiceError("Không tìm thấy tổ chức.", status_code=404) from e
        period = get_object_or_404(selectors.period_list(request.user), pk=data.validated_data["period"])
        unit = None
        if code := data.validated_data.get("unit", "").strip():
            unit = unit_on(code, period.reference_date)
            if unit is None:
                raise ServiceError(
                    f"Không có đơn vị mã “{code}” trong kỳ {period.label}.", extra={"unit": code}, status_code=400
                )
        report = services.report_open(organization=org, period=period, by=request.user, unit=unit)
        return Response(ReportDetailSerializer(report).data, status=201)


def _report(request, pk: int) -> Report:
    return selectors.get_report_for_user(request.user, pk)


class ReportDetailView(APIView):
    @extend_schema(responses=ReportDetailSerializer, operation_id="reports_retrieve")
    def get(self, request, pk: int):
        return Response(ReportDetailSerializer(_report(request, pk)).data)

    @extend_schema(request=ReportSaveSerializer, responses=ReportDetailSerializer, operation_id="reports_save")
    def patch(self, request, pk: int):
        report = _report(request, pk)
        data = ReportSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        by_code = {i.code: i for i in Indicator.objects.all()}
        values, comments = {}, {}
        for item in data.validated_data.get("values", []):
            indicator = by_code.get(item["indicator"])
            if indicator is None:
                raise ServiceError(
                    f"Không có chỉ tiêu mã “{item['indicator']}”.", extra={"indicator": item["indicator"]}
                )
            key = (indicator.pk, item.get("breakdown", ""))
            if indicator.is_text and "text" in item:
                values[key] = item["text"]
            elif "value" in item:
                values[key] = item["value"]
            if "comment" in item:
                comments[key] = item["comment"]
        services.report_save(
            report=report,
            by=request.user,
            values=values,
            comments=comments,
            narrative=data.validated_data.get("narrative"),
            revision=data.validated_data.get("revision"),
        )
        return Response(ReportDetailSerializer(_report(request, pk)).data)


SUBMITTED = inline_serializer(
    "ReportSubmitted",
    fields={"report": ReportDetailSerializer(), "warnings": s.ListField(child=s.CharField())},
)


class SubmitView(APIView):
    @extend_schema(request=None, responses=SUBMITTED, operation_id="reports_submit")
    def post(self, request, pk: int):
        report = _report(request, pk)
        warnings = services.report_submit(report=report, by=request.user)
        return Response(
            {"report": ReportDetailSerializer(_report(request, pk)).data, "warnings": [w.message for w in warnings]}
        )


def _reason_view(name: str, action, doc: str):
    def act(request, report, data):
        if name == "approve":
            action(report=report, by=request.user)
        else:
            action(report=report, by=request.user, reason=data["reason"])
        # Read again through the gate: the move changed more than the status (approval time, roll-up flags).
        return ReportDetailSerializer(_report(request, report.pk)).data

    return action_view(
        name.title(),
        get=_report,
        act=act,
        detail=lambda report: ReportDetailSerializer(report).data,
        serializer=ReportReasonSerializer if name != "approve" else None,
        empty=None,
        response=ReportDetailSerializer,
        operation_id=f"reports_{name}",
        summary=doc,
    )


ReturnView = _reason_view("return", services.report_return, "Cấp trên trả lại báo cáo (nêu lý do)")
ApproveView = _reason_view("approve", services.report_approve, "Cấp trên duyệt báo cáo (khóa số liệu)")
UnapproveView = _reason_view("unapprove", services.report_unapprove, "Hủy duyệt (nêu lý do)")
MissingView = _reason_view("missing", services.report_mark_missing, "Ghi nhận đơn vị không nộp")


FIGURE = inline_serializer(
    "RollupFigure",
    fields={
        "indicator": s.CharField(),
        "breakdown": s.CharField(),
        "name": s.CharField(),
        "unit": s.CharField(),
        "value": s.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False),
        "reports": s.IntegerField(),
        "previous": s.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False),
        "previous_pct": s.DecimalField(max_digits=12, decimal_places=1, allow_null=True, coerce_to_string=False),
        "last_year": s.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False),
        "last_year_pct": s.DecimalField(max_digits=12, decimal_places=1, allow_null=True, coerce_to_string=False),
        "compared": s.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False),
        "compared_pct": s.DecimalField(max_digits=12, decimal_places=1, allow_null=True, coerce_to_string=False),
    },
    many=True,
)


class RollupView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", int, required=True),
            OpenApiParameter("unit", str, description="Mã đơn vị (theo danh mục của kỳ); bỏ trống: toàn quốc"),
            OpenApiParameter(
                "compare_to", int, description="Mã một kỳ cùng loại trước kỳ này để so sánh (ví dụ năm 2023 với 2026)"
            ),
        ],
        responses=inline_serializer(
            "Rollup",
            fields={
                "period": PeriodSerializer(),
                "unit": s.CharField(allow_null=True),
                "previous_period": s.IntegerField(allow_null=True),
                "last_year_period": s.IntegerField(allow_null=True),
                "compare_to": s.IntegerField(allow_null=True),
                "compare_units": s.ListField(child=s.CharField(), allow_null=True),
                "figures": FIGURE,
            },
        ),
        operation_id="reports_rollup",
    )
    def get(self, request):
        compare_id = query_int(request.query_params, "compare_to")
        period_id = request.query_params.get("period", "")
        if not period_id.isdigit():
            raise ServiceError("Tham số “period” phải là mã kỳ báo cáo (số nguyên).", extra={"period": period_id})
        period = get_object_or_404(selectors.period_list(request.user), pk=int(period_id))
        code = request.query_params.get("unit", "").strip()
        unit = None
        if code:
            unit = selectors.unit_in_scope(request.user, period, code)
        elif not scope_for(request.user).national:
            raise ServiceError("Hãy chọn đơn vị (tham số unit) trong phạm vi của bạn.")
        compare_to = None
        if compare_id is not None:
            compare_to = selectors.comparable_periods(period).filter(pk=compare_id).first()
            if compare_to is None:
                raise ServiceError(
                    "Kỳ so sánh phải là một kỳ báo cáo cùng loại, trước kỳ này.", extra={"compare_to": compare_id}
                )
        roll = selectors.rollup(period, unit, compare_to=compare_to)
        return Response(
            {
                "period": PeriodSerializer(period).data,
                "unit": unit.code if unit else None,
                "previous_period": roll.previous_period.pk if roll.previous_period else None,
                "last_year_period": roll.last_year_period.pk if roll.last_year_period else None,
                "compare_to": compare_to.pk if compare_to else None,
                # The units that stood for ``unit`` then (null: the nation), each as "code name".
                "compare_units": [f"{u.code} {u.name}" for u in roll.other_units]
                if roll.other_units is not None
                else None,
                "figures": [
                    {
                        "indicator": c.figure.indicator.code,
                        "breakdown": c.figure.breakdown,
                        "name": c.figure.label,
                        "unit": c.figure.indicator.unit,
                        "value": c.figure.value,
                        "reports": c.figure.reports,
                        "previous": c.previous,
                        "previous_pct": c.previous_pct,
                        "last_year": c.last_year,
                        "last_year_pct": c.last_year_pct,
                        "compared": c.other,
                        "compared_pct": c.other_pct,
                    }
                    for c in roll.comparisons
                ],
            }
        )


class RegisterView(APIView):
    """A body's register of outgoing documents for a year: the numbers it gave, in order."""

    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("organization", int, required=True), OpenApiParameter("year", int, required=True)],
        responses=OutgoingDocumentSerializer(many=True),
        operation_id="reports_register",
    )
    def get(self, request):
        paginator = self.pagination_class()
        paginator.get_page_size(request)  # a bad page_size is refused before anything else is read
        org_id = query_int(request.query_params, "organization")
        year = query_int(request.query_params, "year", minimum=1900, maximum=9999)
        if org_id is None or year is None:
            raise ServiceError("Hãy chọn tổ chức (organization) và năm (year).")
        try:
            org = get_object_for_user(Organization.objects.all(), request.user, pk=org_id)
        except Http404 as e:
            raise ServiceError("Không tìm thấy tổ chức.", status_code=404) from e
        page = paginator.paginate_queryset(register.register_entries(org, year), request, view=self)
        return paginator.get_paginated_response(OutgoingDocumentSerializer(page, many=True).data)
