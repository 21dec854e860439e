"""The routing table and the topic list are configuration: administrators edit them here, audited
like every other change (``orgs.admin.AuditedAdmin``)."""

from django.contrib import admin

from cases.models import ReplyLimit, RoutingRule, Topic
from orgs.admin import AuditedAdmin


@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    list_display = ["name", "code", "ordering", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["unit", "include_subtree", "topic", "kind", "organization", "is_active"]
    list_filter = ["is_active", "kind", "topic"]
    raw_id_fields = ["unit", "organization"]
    list_select_related = ["unit", "topic", "organization"]


@admin.register(ReplyLimit)
class ReplyLimitAdmin(AuditedAdmin):
    """The time a body gives itself to answer feedback and petitions (its own rule, not a legal limit)."""

    list_display = ["organization", "days"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
