from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as _reverse

from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Role
from orgs.scope import memberships_of


def reverse(name: str) -> str:
    """The menu's URLs, reversed once per process for each URL configuration and script prefix: every page draws the
    menu, and its twenty-odd ``reverse`` calls were a measurable part of a small page's time."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)


@lru_cache(maxsize=256)
def _reversed(urlconf, prefix: str, name: str) -> str:
    return _reverse(name, urlconf=urlconf)


@dataclass
class NavItem:
    label: str
    url: str
    active: bool = False


@dataclass
class NavGroup:
    """A heading of the menu: on a wide screen its label opens its first page and its items drop down; on a phone the
    items are listed under it."""

    label: str
    items: list[NavItem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.items[0].url

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


def _roles(user) -> set[str]:
    """The user's active roles in active bodies, from the request's one read of their memberships."""
    roles = getattr(user, "_danvan_nav_roles", None)
    if roles is None:
        rows = [
            (m.role, m.organization.unit_id, m.organization.unit.province_id if m.organization.unit else None)
            for m in memberships_of(user)
            if m.organization.is_active
        ]
        roles = {role for role, _unit, _province in rows}
        if user.is_superuser:
            roles.add(Role.ADMIN)
        user._danvan_nav_roles = roles
        # The unit picker ranks the user's own province second (after the exact matches).
        user._danvan_near_province = next((province or unit for _r, unit, province in rows if unit), None)
    return roles


def _public_items() -> list[tuple[str, str]]:
    """What a citizen without an account uses: the showcase, sending and tracking a case, the reception schedule,
    the public dialogues, the public documents and the open data (the portal home, ``/``, links them all)."""
    return [
        ("Mô hình tiêu biểu", reverse("showcase:list")),
        ("Gửi ý kiến", reverse("cases_public:submit")),
        ("Tra cứu ý kiến", reverse("cases_public:track")),
        ("Lịch tiếp công dân", reverse("meetings_public:reception")),
        ("Đối thoại với nhân dân", reverse("meetings_public:dialogues")),
        ("Văn bản", reverse("documents:list")),
        ("Dữ liệu mở", reverse("opendata:index")),
    ]


def _groups(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The menu of a signed-in user, by role: only what the role uses.

    Officers, central officers and admins write; viewers read the same modules; an appraiser (a council member
    without another role) scores practices and contests; the administration group is the admin's, and the API
    documentation is for the roles that call the API (admins and the central level, whose systems read the
    national figures)."""
    roles = _roles(user)
    writes = bool(roles & WRITE_ROLES)
    reads = writes or Role.VIEWER in roles
    work = [("Việc cần làm", reverse("home")), ("Thông báo", reverse("notifications:list"))]
    if reads:
        work.insert(1, ("Bảng điều hành", reverse("dashboards:dashboard")))
    if reads:
        work.append(("Chương trình phối hợp", reverse("programmes:list")))
    groups: list[tuple[str, list[tuple[str, str]]]] = [("Công việc", work)]
    movement = [("Dân vận khéo", reverse("practices:list"))]
    if reads or Role.APPRAISER in roles:
        movement.append(("Hội thi", reverse("emulation:contests")))
    if reads:
        movement.append(("Đánh giá dân vận chính quyền", reverse("emulation:assessments")))
    if reads:
        movement.append(("Dân chủ cơ sở", reverse("democracy:disclosures")))
    movement.append(("Mô hình tiêu biểu", reverse("showcase:list")))
    groups.append(("Phong trào", movement))
    if reads:
        groups.append(
            (
                "Báo cáo",
                [
                    ("Báo cáo định kỳ", reverse("reports:list")),
                    ("Văn bản chỉ đạo", reverse("documents:list")),
                    ("Đơn vị hành chính", reverse("geo:list")),
                ],
            )
        )
        people = [("Ý kiến nhân dân", reverse("cases:queue"))]
        if writes:
            people.append(("Ghi nhận ý kiến", reverse("cases:record")))
        people += [
            ("Tiếp công dân", reverse("meetings:reception")),
            ("Đối thoại", reverse("meetings:dialogues")),
            ("Điểm nóng", reverse("cases:hotspots")),
        ]
        groups.append(("Nhân dân", people))
    admin: list[tuple[str, str]] = []
    if Role.ADMIN in roles:
        admin += [
            ("Nhật ký", reverse("audit:list")),
            ("Nhập danh mục", reverse("geo:import")),
            ("Ranh giới xã", reverse("dashboards:boundaries")),
        ]
    if user.is_staff:
        admin.append(("Trang quản trị", reverse("admin:index")))
    if roles & NATIONAL_ROLES:
        admin.append(("API", reverse("api-docs")))
    if admin:
        groups.append(("Quản trị", admin))
    return groups


def _active(path: str, url: str, home: str) -> bool:
    return path == url if url == home else path.startswith(url)


def navigation(request):
    """The modules a user can use, grouped: nothing is shown that does not exist, is not theirs or is not their
    role's."""
    user = request.user
    path = request.path
    home = reverse("home")
    if not user.is_authenticated:
        return {"nav_items": [NavItem(label, url, _active(path, url, home)) for label, url in _public_items()]}
    groups = []
    for label, items in _groups(user):
        group = NavGroup(label, [NavItem(text, url) for text, url in items])
        # The longest matching link is the page shown (the reception page lives under the cases' prefix).
        best = max(
            (item for item in group.items if _active(path, item.url, home)), key=lambda i: len(i.url), default=None
        )
        if best is not None:
            best.active = True
        groups.append(group)
    return {"nav_groups": groups, "picker_near": getattr(user, "_danvan_near_province", None)}


def site(request):
    """Settings every page needs: where the running source code is published (AGPL-3.0 §13)."""
    return {"source_url": settings.DANVAN_SOURCE_URL}
