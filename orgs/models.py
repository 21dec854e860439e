"""Organisations, people and their roles.

Organisation types are data (the 2025 mergers showed that bodies change); an organisation
sits on an administrative unit, or on no unit for the central level. A user acts only
through memberships (organisation + role); what they may see follows from the units of
those organisations (see orgs/scope.py).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models

from geo.models import AdminUnit
from lib.vntext import fold, sort_key


class Tier(models.TextChoices):
    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    job_title = models.CharField("chức vụ", max_length=200, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


class OrganizationType(models.Model):
    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    # Tiers where bodies of this type exist, e.g. ["central", "province"].
    tiers = models.JSONField("các cấp", default=list)
    member_of = models.ForeignKey(
        "self",
        verbose_name="là thành viên của",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_types",
    )
    is_party = models.BooleanField("cơ quan Đảng", default=False, help_text="Văn bản theo thể thức của Đảng")
    # Complaints and denunciations are decided by the head of a State administrative body (Luật Khiếu nại 2011,
    # Điều 17–21; Luật Tố cáo 2018, Điều 13–15); Party bodies, the Front and its members receive and forward them.
    decides_complaints = models.BooleanField(
        "cơ quan hành chính nhà nước",
        default=False,
        help_text="Người đứng đầu thụ lý, giải quyết khiếu nại, tố cáo",
    )
    head_title = models.CharField(
        "chức danh người đứng đầu", max_length=60, blank=True, help_text="Ví dụ: Chủ tịch, Giám đốc"
    )
    ordering = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "loại cơ quan, tổ chức"
        verbose_name_plural = "loại cơ quan, tổ chức"
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def search(self, query: str):
        folded = fold(query)
        return self.filter(name_folded__contains=folded) if folded else self


class Organization(models.Model):
    name = models.CharField("tên", max_length=255)
    org_type = models.ForeignKey(OrganizationType, verbose_name="loại", on_delete=models.PROTECT)
    tier = models.CharField("cấp", max_length=10, choices=Tier.choices)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name="đơn vị hành chính",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text="Để trống với cơ quan Trung ương",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="tổ chức cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    name_folded = models.CharField(max_length=255, editable=False, default="")
    sort_key = models.CharField(max_length=800, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan, tổ chức"
        verbose_name_plural = "cơ quan, tổ chức"
        indexes = [models.Index(fields=["unit", "org_type"], name="orgs_org_unit_type_idx")]
        constraints = [
            models.UniqueConstraint(fields=["org_type", "unit", "name"], name="orgs_org_type_unit_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        self.sort_key = sort_key(self.name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    CENTRAL = "central", "Cán bộ Trung ương"
    OFFICER = "officer", "Cán bộ nghiệp vụ"
    APPRAISER = "appraiser", "Thành viên hội đồng thẩm định"
    VIEWER = "viewer", "Người xem"


# Roles that may change data within their scope. Appraisers write only appraisal scores,
# which the practices module checks on its own.
WRITE_ROLES = {Role.ADMIN, Role.CENTRAL, Role.OFFICER}
# Roles whose scope is the whole country, whatever their organisation.
NATIONAL_ROLES = {Role.ADMIN, Role.CENTRAL}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    is_active = models.BooleanField("hiệu lực", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="orgs_membership_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class LoginFailure(models.Model):
    """One failed sign-in, on the web form or the API's token endpoint, for the per-address limit
    (``orgs.login_limit``): a keyed hash of the address, not the address, and when. A row per failure rather than a
    counter in the cache, whose increment (read, then write) lost failures sent at the same moment."""

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["client_hash", "at"], name="orgs_login_failure_client_idx")]

    def __str__(self) -> str:
        return f"{self.client_hash[:8]} {self.at:%d/%m/%Y %H:%M}"
