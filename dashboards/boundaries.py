"""An admin imports commune boundaries (GeoJSON) for the hierarchy valid on a date: every feature is checked before
anything is written, and the import replaces that hierarchy's boundaries in one audited transaction."""

from __future__ import annotations

import datetime as dt
import json
import math

from django.db import transaction

from audit.models import Action
from audit.services import record
from dashboards.models import CommuneBoundary
from geo.models import AdminUnit, Level
from lib.errors import ServiceError
from orgs.permissions import is_admin

MAX_BYTES = 30 * 1024 * 1024
MAX_VERTICES = 2_000_000


def _fail(message: str, **extra) -> ServiceError:
    return ServiceError(message, extra=extra)


def _check_ring(ring, where: str) -> int:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _fail(f"{where}: mỗi vòng ranh giới phải có ít nhất 4 điểm.")
    for point in ring:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point[:2])
        ):
            raise _fail(f"{where}: tọa độ phải là cặp số [kinh độ, vĩ độ].")
        lon, lat = point[0], point[1]
        # Vietnam with its seas and the archipelagos, with a margin: a swapped pair or another projection shows here.
        if not (100 <= lon <= 120 and 5 <= lat <= 25):
            raise _fail(f"{where}: tọa độ [{lon}, {lat}] nằm ngoài lãnh thổ Việt Nam (cần WGS84, kinh độ trước).")
    if ring[0][:2] != ring[-1][:2]:
        raise _fail(f"{where}: vòng ranh giới phải khép kín (điểm cuối trùng điểm đầu).")
    return len(ring)


def _check_geometry(geometry, where: str) -> int:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise _fail(f"{where}: hình học phải là Polygon hoặc MultiPolygon.")
    coords = geometry.get("coordinates")
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        raise _fail(f"{where}: thiếu tọa độ.")
    vertices = 0
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise _fail(f"{where}: đa giác không có vòng nào.")
        for ring in polygon:
            vertices += _check_ring(ring, where)
    return vertices


def parse(content: bytes, on: dt.date) -> dict[int, dict]:
    """{unit id: geometry} of a GeoJSON FeatureCollection whose features name a commune by ``properties.code`` in
    the hierarchy valid on ``on``; a ServiceError (Vietnamese, naming the feature) at the first fault."""
    if len(content) > MAX_BYTES:
        raise _fail(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise _fail("Tệp không phải GeoJSON hợp lệ (không đọc được JSON, mã hóa UTF-8).") from e
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise _fail("Tệp phải là một GeoJSON FeatureCollection.")
    if not data["features"]:
        raise _fail("Tệp không có ranh giới nào.")
    communes = dict(AdminUnit.objects.valid_on(on).filter(level=Level.COMMUNE).values_list("code", "id"))
    found: dict[int, dict] = {}
    vertices = 0
    for n, feature in enumerate(data["features"], start=1):
        where = f"Đối tượng thứ {n}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise _fail(f"{where}: không phải một Feature.")
        properties = feature.get("properties") or {}
        code = str(properties.get("code", "")).strip() if isinstance(properties, dict) else ""
        if code not in communes:
            raise _fail(
                f"{where}: mã xã “{code[:20]}” không có trong danh mục có hiệu lực ngày {on:%d/%m/%Y}.",
                feature=n,
            )
        unit_id = communes[code]
        if unit_id in found:
            raise _fail(f"{where}: xã “{code}” có hai ranh giới trong tệp.", feature=n)
        vertices += _check_geometry(feature.get("geometry"), f"{where} (xã {code})")
        if vertices > MAX_VERTICES:
            raise _fail(
                f"Tệp có quá nhiều điểm (tối đa {MAX_VERTICES:,}); hãy đơn giản hóa ranh giới.".replace(",", ".")
            )
        found[unit_id] = feature["geometry"]
    return found


def boundaries_import(*, by, content: bytes, on: dt.date) -> int:
    """Replace the boundaries of the communes of the hierarchy valid on ``on`` with the file's; admins only."""
    if not is_admin(by):
        raise ServiceError("Chỉ quản trị viên được nhập ranh giới xã.", status_code=403)
    geometries = parse(content, on)
    with transaction.atomic():
        valid = AdminUnit.objects.valid_on(on).filter(level=Level.COMMUNE).values("id")
        CommuneBoundary.objects.filter(unit_id__in=valid).delete()
        CommuneBoundary.objects.bulk_create(
            [CommuneBoundary(unit_id=u, hierarchy_date=on, geometry=g) for u, g in geometries.items()]
        )
        record(
            actor=by,
            action=Action.IMPORT,
            changes={"hierarchy_date": on.isoformat(), "communes": len(geometries)},
            object_repr=f"Ranh giới {len(geometries)} xã (danh mục ngày {on:%d/%m/%Y})",
        )
    return len(geometries)
