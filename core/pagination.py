"""The API's page shape: {"count", "next", "previous", "results"}. Kept apart from core.api,
which imports DRF views (DRF loads this class while its own modules are still importing)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
