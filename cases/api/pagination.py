"""Cursor pagination for every casework list."""

from rest_framework.pagination import CursorPagination


class CasePagination(CursorPagination):
    """Pages of 50, up to 200 on request.

    The cursor carries the position of the last row in the URL, so the ordering field must
    never be personal data (a name would end up, base64-encoded, in the address): lists are
    ordered by when the record was created, newest first. A view may name another timestamp
    in ``cursor_ordering``.
    """

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-created_at"

    def get_ordering(self, request, queryset, view):
        return (getattr(view, "cursor_ordering", self.ordering),)
