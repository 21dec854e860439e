from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the services and the worker, never by hand."""

    list_display = ("subject", "recipient", "kind", "delivery", "attempts", "created_at", "sent_at")
    list_filter = ("kind", "delivery")
    search_fields = ("dedupe_key",)
    # A citizen's address and the body of a message to them are theirs: not shown to administrators.
    exclude = ("address", "body")
    readonly_fields = [f.name for f in Notification._meta.fields if f.name not in ("address", "body")]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("address", "body")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
