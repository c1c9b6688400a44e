"""Query filters of the applications API list: ?status=, ?item=<item code>, ?overdue=true."""

from django.utils import timezone
from django_filters import rest_framework as filters

from approvals.models import Application
from core.filters import StrictFilterSet


class ApplicationFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=Application.Status.choices, help_text="办件状态,如 accepted、reviewed"
    )
    item = filters.CharFilter(
        field_name="item_version__item__code", help_text="事项编码(任一版本下的办件)"
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue",
        help_text="true:已逾期(在办、未暂停且已超过办结期限,或已被标记逾期);false:其余办件",
    )

    class Meta(StrictFilterSet.Meta):
        model = Application
        fields = ["status", "item", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        # The one overdue rule: Application.overdue_q, the same as application.is_overdue_at.
        condition = Application.overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)
