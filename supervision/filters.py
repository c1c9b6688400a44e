"""Query filters of the supervision API lists (django-filter). A filter that is given must be
one of its values: an empty `?status=` or a junk `?overdue=maybe` is a 400 `invalid` with
`fields`, never silently the unfiltered list (django-filter ignores both by itself)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from supervision.models import Push, SupervisionReport, WebhookDelivery, WebhookEndpoint

_BOOLEANS = {"true", "false", "1", "0"}


class StrictFilterForm(forms.Form):
    """The filter form: what django-filter lets through as "not given" is refused when given."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            value = values[-1] if values else ""
            if len(values) > 1:
                self.add_error(name, _("只能给出一次。"))
            elif value == "":
                self.add_error(name, _("不能为空;不按此筛选时请省略该参数。"))
            elif isinstance(field, forms.NullBooleanField) and str(value).lower() not in _BOOLEANS:
                self.add_error(name, _("应为 true 或 false。"))
        return cleaned


class StrictFilterSet(filters.FilterSet):
    class Meta:
        form = StrictFilterForm


class PushFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=Push.Status.choices,
        help_text="pushed | claimed | feedback_given | returned | closed",
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue",
        help_text="true:逾期(已被逾期标记、逾期认领,或超过认领期限仍未认领);false:其余",
    )

    class Meta(StrictFilterSet.Meta):
        model = Push
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        # The model's one rule, the same as the `overdue` field (Push.is_overdue_at).
        condition = Push.overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class SupervisionReportFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=SupervisionReport.Status.choices, help_text="pushed | claimed | closed"
    )
    kind = filters.ChoiceFilter(choices=SupervisionReport.Kind.choices)
    overdue = filters.BooleanFilter(
        method="filter_overdue",
        help_text="true:逾期未认领或逾期认领(已被逾期标记与否);false:其余",
    )

    class Meta(StrictFilterSet.Meta):
        model = SupervisionReport
        fields = ["status", "kind", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        condition = SupervisionReport.overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class WebhookDeliveryFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=WebhookDelivery.Status.choices, help_text="pending | delivered | failed"
    )
    event = filters.ChoiceFilter(
        choices=[(event, event) for event in WebhookEndpoint.EVENTS],
        help_text="push.created | push.flagged_overdue | supervision_report.claimed",
    )

    class Meta(StrictFilterSet.Meta):
        model = WebhookDelivery
        fields = ["status", "event"]
