from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only and nobody edits or deletes it through the app."""

    list_display = ["at", "actor_label", "action", "content_type", "object_repr", "ip"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_label", "object_repr", "reason"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
