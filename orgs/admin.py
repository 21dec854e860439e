from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from audit.models import Action
from audit.services import diff, record, snapshot
from orgs.models import Membership, Organization, OrganizationType, User


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
