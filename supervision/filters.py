"""Query filters of the supervision API lists (django-filter), strict (core.filters): an empty
`?status=` or a junk `?overdue=maybe` is a 400 `invalid` with `fields`."""

from django.utils import timezone
from django_filters import rest_framework as filters

from core.filters import StrictFilterSet
from supervision.models import Push, SupervisionReport, WebhookDelivery, WebhookEndpoint


class PushFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=Push.Status.choices,
        help_text="pushed | claimed | feedback_given | returned | closed",
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue",
        help_text="true:逾期(已被逾期标记、逾期认领,或超过认领期限仍未认领);false:其余",
    )

    # issue 14, feedback: claimed, no final feedback, past the feedback deadline.
    feedback_overdue = filters.BooleanFilter(
        method="filter_feedback_overdue",
        help_text="true:已认领、超过处置反馈期限仍未反馈处置完毕;false:其余",
    )

    class Meta(StrictFilterSet.Meta):
        model = Push
        fields = ["status", "overdue", "feedback_overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        # The model's one rule, the same as the `overdue` field (Push.is_overdue_at).
        condition = Push.overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_feedback_overdue(self, queryset, name, value: bool):
        # The one rule of the `feedback_overdue` field (Push.is_feedback_overdue_at).
        condition = Push.feedback_overdue_q(timezone.now())
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
