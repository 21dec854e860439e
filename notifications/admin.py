from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the services and the worker, never by hand."""

    list_display = ("subject", "recipient", "kind", "delivery", "attempts", "created_at", "sent_at")
    list_filter = ("kind", "delivery")
    search_fields = ("dedupe_key",)
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
