"""The append-only audit trail.

Every create, change and status transition writes one AuditEvent in the same database
transaction as the change itself (see ``audit.services.record``), so a change and its
record commit or roll back together. The app offers no way to change or delete an event.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Action(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Cập nhật"
    TRANSITION = "transition", "Chuyển trạng thái"
    DELETE = "delete", "Xóa"
    IMPORT = "import", "Nhập dữ liệu"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập thất bại"
    LOGOUT = "logout", "Đăng xuất"
    PASSWORD = "password", "Đổi mật khẩu"
    VIEW_PERSONAL = "view_personal", "Xem dữ liệu cá nhân"


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Nhật ký hệ thống không thể sửa.")

    def delete(self):
        raise AppendOnlyError("Nhật ký hệ thống không thể xóa.")

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEvent(models.Model):
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("tên người thực hiện", max_length=200, blank=True)
    action = models.CharField("hành động", max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="loại đối tượng", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=300, blank=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký hệ thống"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_event_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Nhật ký hệ thống không thể sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký hệ thống không thể xóa.")
