from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from rest_framework.authtoken.models import TokenProxy

from audit.models import Action
from audit.services import diff, record, snapshot
from orgs.models import Membership, Organization, OrganizationType, User

# Third-party models officers should not meet in the admin, in English ("AUTH TOKEN", "AXES", "Access attempts").
# orgs comes after rest_framework.authtoken and axes in INSTALLED_APPS, so their admin.py has run by now.
# Sign-in lockouts are lifted with `manage.py axes_reset` (or axes_reset_username / axes_reset_ip); API tokens are
# issued by /api/v1/auth/token/ and revoked by deleting the user's token from the shell, not from this screen.
for _model in (TokenProxy, AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are state changes like any other: audited in the same transaction."""

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=Action.UPDATE if change else Action.CREATE,
            obj=obj,
            changes=diff(before, snapshot(obj)),
        )

    @transaction.atomic
    def delete_model(self, request, obj):
        record(
            actor=request.user, action=Action.DELETE, obj=obj, changes={k: [v, None] for k, v in snapshot(obj).items()}
        )
        super().delete_model(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(User)
class DanVanUserAdmin(UserAdmin, AuditedAdmin):
    fieldsets = UserAdmin.fieldsets + (("Thông tin cán bộ", {"fields": ("full_name", "phone", "job_title")}),)
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]


@admin.register(OrganizationType)
class OrganizationTypeAdmin(AuditedAdmin):
    list_display = ["name", "code", "tiers", "member_of", "is_party", "is_active"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "org_type", "tier", "unit", "is_active"]
    list_filter = ["org_type", "tier", "is_active"]
    search_fields = ["name", "name_folded"]
    raw_id_fields = ["unit", "parent"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organization", "role", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user", "organization"]
