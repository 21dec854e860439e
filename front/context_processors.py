from django.conf import settings
from django.urls import reverse

from orgs.permissions import is_admin


def navigation(request):
    """The modules a user can use: nothing is shown that does not exist or is not theirs."""
    user = request.user
    showcase = ("Mô hình tiêu biểu", reverse("showcase:list"))
    send_case = ("Gửi ý kiến", reverse("cases_public:submit"))
    library = ("Văn bản", reverse("documents:list"))
    if not user.is_authenticated:
        return {
            "nav_items": [
                {"label": label, "url": url, "active": request.path.startswith(url)}
                for label, url in (showcase, library, send_case)
            ]
        }
    items = [
        ("Trang chủ", reverse("home")),
        ("Bảng điều hành", reverse("dashboards:dashboard")),
        ("Dân vận khéo", reverse("practices:list")),
        ("Hội thi, đánh giá", reverse("emulation:contests")),
        ("Ý kiến nhân dân", reverse("cases:queue")),
        ("Báo cáo", reverse("reports:list")),
        library,
        ("Thông báo", reverse("notifications:list")),
        ("Đơn vị hành chính", reverse("geo:list")),
    ]
    if is_admin(user):
        items += [
            ("Nhật ký", reverse("audit:list")),
            ("Nhập danh mục", reverse("geo:import")),
            ("Ranh giới xã", reverse("dashboards:boundaries")),
        ]
    items.append(showcase)
    items.append(send_case)
    items.append(("API", reverse("api-docs")))
    if user.is_staff:
        items.append(("Quản trị", reverse("admin:index")))
    path = request.path
    home = reverse("home")
    return {
        "nav_items": [
            {"label": label, "url": url, "active": path == url if url == home else path.startswith(url)}
            for label, url in items
        ]
    }


def site(request):
    """Settings every page needs: where the running source code is published (AGPL-3.0 §13)."""
    return {"source_url": settings.DANVAN_SOURCE_URL}
