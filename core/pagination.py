"""The API's page shape: {"count", "next", "previous", "results"}. Kept apart from core.api,
which imports DRF views (DRF loads this class while its own modules are still importing).

`page` and `page_size` are checked, not guessed: DRF falls back to the default size for a junk
`page_size` (`abc`, `-1`, `10000000`) and answers a junk `page` with 404; here either is a 400
`invalid` with `fields: {"page_size": [...]}` (or `page`), and the schema states the bounds. A
page number past the last page is still 404: the number is valid, that page does not exist."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

_NUMBER = re.compile(r"[0-9]{1,18}")  # up to 10**18 - 1, the schema's maximum


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def _number(self, request, name: str, maximum: int | None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not _NUMBER.fullmatch(raw) or int(raw) < 1 or (maximum and int(raw) > maximum):
            if maximum:
                message = _("应为 1 至 %(max)s 之间的整数。") % {"max": maximum}
            else:
                message = _("应为不小于 1 的整数(页码)。")
            raise ValidationError({name: [message]})
        return int(raw)

    def get_page_size(self, request):
        size = self._number(request, self.page_size_query_param, self.max_page_size)
        return self.page_size if size is None else size

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get(self.page_query_param) not in self.last_page_strings:
            self._number(request, self.page_query_param, None)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}
                parameter["description"] = "页码,从 1 开始;超出最后一页为 404"
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
                parameter["description"] = f"每页条数,1 至 {self.max_page_size}"
        return parameters
