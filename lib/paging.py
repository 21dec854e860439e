"""Pagination whose count stops at a cap: "hơn 10.000 kết quả" instead of counting every match.

Counting all 80,000 matches of a broad search costs more than finding the first page; nobody
pages past the cap anyway — they refine the search.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from lib.fulltext import COUNT_CAP


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > self.cap

    def page(self, number):
        # Paginator.page cuts the last page at ``count``; a capped count is not the end of the list.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.count_capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)
