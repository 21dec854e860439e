"""Reads for notifications: a user sees their own, nobody else's (whatever their scope)."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification


def notifications_visible_to(user) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
