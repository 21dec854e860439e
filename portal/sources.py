"""What the portal links to and searches: one registry of public content.

A module that lands later (grassroots democracy disclosures, …) adds its entry here — the portal sits above every
domain app, so it imports them; a lower app cannot register itself with the portal. ``LINKS`` are the home page's
actions (label, url name, description); ``SEARCHES`` are (label, function(q, limit) -> list[Hit]) over public
content only, accent-insensitive (each app's own search: lib.fulltext / lib.vntext folding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from documents.selectors import DocumentFilters, document_list
from lib.vntext import fold, fold_words
from meetings.models import Dialogue, DialogueStatus
from practices.selectors import ShowcaseFilters, showcase_list

LIMIT = 8
DIALOGUE_INDEX = "portal-dialogue-index"


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    description: str


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


LINKS: list[Link] = [
    Link(
        "Gửi ý kiến, kiến nghị", "cases_public:submit", "Phản ánh, kiến nghị, khiếu nại, tố cáo — không cần tài khoản."
    ),
    Link("Tra cứu ý kiến đã gửi", "cases_public:track", "Xem tình trạng xử lý bằng mã tra cứu."),
    Link("Lịch tiếp công dân", "meetings_public:reception", "Ngày, giờ, địa điểm lãnh đạo tiếp công dân."),
    Link(
        "Đối thoại với nhân dân",
        "meetings_public:dialogues",
        "Các hội nghị đối thoại, kết quả và việc đã cam kết thực hiện.",
    ),
    Link("Mô hình “Dân vận khéo”", "showcase:list", "Các mô hình, điển hình đã được công nhận."),
    Link("Văn bản công khai", "documents:list", "Văn bản chỉ đạo, hướng dẫn được công bố."),
    Link("Kết quả trả lời ý kiến", "portal:accountability", "Đã trả lời, đúng hạn, hài lòng — theo tỉnh và xã."),
    Link("Bản đồ ý kiến", "portal:map", "Số ý kiến theo địa bàn và lĩnh vực, không có thông tin cá nhân."),
    Link("Dữ liệu mở", "opendata:index", "Tải số liệu tổng hợp (CSV, JSON) và danh mục dữ liệu."),
]


def links() -> list[dict]:
    """The home page's actions whose page exists in this deployment (an app not installed is skipped)."""
    found = []
    for link in LINKS:
        try:
            found.append({"label": link.label, "url": reverse(link.url_name), "description": link.description})
        except NoReverseMatch:
            continue
    return found


def _practices(q: str, limit: int) -> list[Hit]:
    return [
        Hit(p.name, reverse("showcase:detail", args=[p.pk]), f"{p.unit.name}, {p.province.name}")
        for p in showcase_list(ShowcaseFilters(q=q))[:limit]
    ]


def _documents(q: str, limit: int) -> list[Hit]:
    return [
        Hit(str(d), reverse("documents:detail", args=[d.pk]))
        for d in document_list(AnonymousUser(), DocumentFilters(q=q))[:limit]
    ]


def _dialogue_index() -> list[tuple[str, int, str, str]]:
    """(folded subject + place + commune, id, subject, commune) of the dialogues the public page lists (announced and
    coming, or already held; never a cancelled one), the latest 100 (as many as that page shows). Folding is the
    costly part, so each process keeps the index for a minute ("pages" cache); only the searched columns are read."""
    index = caches["pages"].get(DIALOGUE_INDEX)
    if index is None:
        shown = (
            Dialogue.objects.exclude(status=DialogueStatus.CANCELLED)
            .filter(Q(status=DialogueStatus.ANNOUNCED) | Q(starts_at__lt=timezone.now()))
            .select_related("unit")
            .only("id", "title", "place", "unit__name")
            .order_by("-starts_at", "-id")[:100]
        )
        index = [(fold(f"{d.title} {d.place} {d.unit.name}"), d.pk, d.title, d.unit.name) for d in shown]
        caches["pages"].set(DIALOGUE_INDEX, index, 60)
    return index


def _dialogues(q: str, limit: int) -> list[Hit]:
    """The public dialogues whose subject, place or commune holds every folded word of the query."""
    words = fold_words(q)
    return [
        Hit(title, reverse("meetings_public:dialogue", args=[pk]), unit)
        for text, pk, title, unit in _dialogue_index()
        if all(w in text for w in words)
    ][:limit]


SEARCHES: list[tuple[str, Callable[[str, int], list[Hit]]]] = [
    ("Mô hình “Dân vận khéo”", _practices),
    ("Văn bản", _documents),
    ("Đối thoại với nhân dân", _dialogues),
]


def search(q: str, limit: int = LIMIT) -> list[tuple[str, list[Hit]]]:
    return [(label, hits) for label, fn in SEARCHES if (hits := fn(q, limit))]
