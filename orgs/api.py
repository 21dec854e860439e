"""/api/v1/auth/token/, /api/v1/me/ and /api/v1/organizations/ (scoped)."""

from django.contrib.auth import authenticate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from orgs import login_limit
from orgs.models import Membership, Organization
from orgs.permissions import get_object_for_user
from orgs.scope import scope_for, visible_organizations


class OrganizationSerializer(s.ModelSerializer):
    type = s.CharField(source="org_type.code", read_only=True)
    type_name = s.CharField(source="org_type.name", read_only=True)
    unit_code = s.CharField(source="unit.code", default=None, read_only=True, allow_null=True)
    unit_name = s.CharField(source="unit.name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "type", "type_name", "tier", "unit_code", "unit_name", "parent", "is_active"]
        read_only_fields = fields


class LoginThrottle(AnonRateThrottle):
    rate = "10/min"


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": s.CharField(), "password": s.CharField()}),
        responses={200: inline_serializer("TokenResponse", {"token": s.CharField()}), 401: OpenApiTypes.OBJECT},
        operation_id="auth_token",
    )
    def post(self, request):
        username = str(request.data.get("username", ""))[:150]
        password = str(request.data.get("password", ""))[:200]
        # The same per-address limit on failures as the sign-in form: spraying through the API counts there too.
        if login_limit.blocked(request):
            raise ServiceError(login_limit.MESSAGE, status_code=429)
        # authenticate() goes through django-axes, so API failures count toward the lockout too.
        user = authenticate(request=request, username=username, password=password)
        if user is None or not user.is_active:
            login_limit.record_failure(request)
            raise ServiceError(
                "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang bị tạm khóa.", status_code=401
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    @extend_schema(responses=inline_serializer("Me", {"username": s.CharField()}), operation_id="me")
    def get(self, request):
        user = request.user
        scope = scope_for(user)
        memberships = Membership.objects.filter(user=user, is_active=True).select_related("organization__unit")
        return Response(
            {
                "username": user.username,
                "full_name": user.full_name,
                "memberships": [
                    {
                        "organization": m.organization_id,
                        "organization_name": m.organization.name,
                        "role": m.role,
                        "unit_code": m.organization.unit.code if m.organization.unit else None,
                    }
                    for m in memberships
                ],
                "scope": {
                    "national": scope.national,
                    "provinces": sorted(scope.province_ids),
                    "districts": sorted(scope.district_ids),
                    "communes": sorted(scope.commune_ids),
                },
            }
        )


class OrganizationListView(APIView):
    # Declared so the schema documents the paginated envelope (found by the API fuzzer).
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("type", str), OpenApiParameter("unit", str)],
        responses=OrganizationSerializer(many=True),
        operation_id="organizations_list",
    )
    def get(self, request):
        qs = visible_organizations(request.user).select_related("org_type", "unit")
        if q := request.query_params.get("q", "")[:100]:
            qs = qs.search(q)
        if code := request.query_params.get("type"):
            qs = qs.filter(org_type__code=code)
        if unit := request.query_params.get("unit"):
            qs = qs.filter(unit__code=unit)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs.order_by("sort_key", "id"), request, view=self)
        return paginator.get_paginated_response(OrganizationSerializer(page, many=True).data)


class OrganizationDetailView(APIView):
    @extend_schema(responses=OrganizationSerializer, operation_id="organizations_retrieve")
    def get(self, request, pk: int):
        org = get_object_for_user(Organization.objects.select_related("org_type", "unit"), request.user, pk=pk)
        return Response(OrganizationSerializer(org).data)
