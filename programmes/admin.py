"""The central body's data: contribution kinds and the shared checklist items (added as data, not code)."""

from django.contrib import admin

from orgs.admin import AuditedAdmin
from programmes.models import ChecklistItem, ContributionKind


@admin.register(ContributionKind)
class ContributionKindAdmin(AuditedAdmin):
    # list_editable would save rows without the audit row: edits go through the change form.
    list_display = ("code", "name", "unit", "decimals", "has_value", "ordering", "is_active")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ("text", "programme", "ordering", "is_active")
    list_filter = ("is_active",)
    raw_id_fields = ("programme",)
