import functools
from typing import cast

from rest_framework import pagination
from rest_framework.response import Response

from lib.paging import CappedPaginator
from lib.params import query_int


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pagination; ``count`` stops at 10.001 (a text search ``q`` at 1.001) and
    ``count_capped`` says when it did."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "Trang không hợp lệ."

    def get_page_size(self, request):
        """DRF falls back to the default size on a bad ``page_size``; the schema says integer, so a bad
        one is a 400 (issue 18, item 10)."""
        if request.query_params.get(self.page_size_query_param, "") != "":
            size = query_int(request.query_params, self.page_size_query_param, minimum=1, maximum=self.max_page_size)
            return size
        return self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        # DRF only ever calls ``django_paginator_class(queryset, page_size)``: a factory that fixes the search
        # query serves as well as the class its stubs ask for.
        self.django_paginator_class = functools.partial(  # type: ignore[assignment]
            CappedPaginator.for_search, query=request.query_params.get("q", "")
        )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        assert self.page is not None  # DRF calls this only after paginate_queryset returned a page
        paginator = cast(CappedPaginator, self.page.paginator)  # built by paginate_queryset's factory
        return Response(
            {
                "count": paginator.count,
                "count_capped": paginator.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        """The bounds get_page_size and the paginator enforce, in the schema."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["properties"]["count_capped"] = {"type": "boolean", "example": False}
        result["required"] = ["count", "count_capped", "results"]
        return result
