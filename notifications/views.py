"""The "Thông báo" page: a signed-in user's own notifications, and nobody else's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lib.paging import CappedPaginator
from notifications import services
from notifications.selectors import notifications_visible_to

LIST_COLUMNS = ("id", "kind", "subject", "body", "url", "created_at", "read_at", "delivery", "sent_at")


@login_required
def notification_list(request):
    qs = notifications_visible_to(request.user).only(*LIST_COLUMNS).order_by("-id")
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    """Mark one of the user's notifications read and go to what it is about."""
    notification = notifications_visible_to(request.user).filter(pk=pk).only("id", "url", "read_at").first()
    if notification is None:
        raise Http404("Không tìm thấy thông báo.")
    if notification.read_at is None:
        services.notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url or "notifications:list"
    if notification.url and not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã xem.")
    return redirect("notifications:list")
