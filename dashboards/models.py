from django.db import models

from geo.models import AdminUnit


class CommuneBoundary(models.Model):
    """The area of a commune version, imported by an admin (GeoJSON): the map draws it instead of the point."""

    unit = models.OneToOneField(
        AdminUnit, verbose_name="đơn vị hành chính", on_delete=models.CASCADE, related_name="boundary"
    )
    hierarchy_date = models.DateField("danh mục có hiệu lực ngày")
    geometry = models.JSONField("hình học (GeoJSON)")
    imported_at = models.DateTimeField("ngày nhập", auto_now=True)

    class Meta:
        verbose_name = "ranh giới xã"
        verbose_name_plural = "ranh giới xã"

    def __str__(self) -> str:
        return f"Ranh giới {self.unit}"
