"""The approver's decision and the clerk's delivery (waived materials supplied, 出件) on the
detail page."""

from django.utils.translation import gettext_lazy

from approvals import forms, services
from approvals.views._common import (
    ActionSpec,
)
from approvals.workflow import Action


def _run_supply_waived(request, app, form):
    return services.supply_waived(
        application_id=app.pk,
        clerk=request.user,
        material_ids=form.provided_ids(),
        files=form.reused(),
        uploads=form.uploads(),
    )


DECISION_ACTIONS: dict[str, ActionSpec] = {
    "decide": ActionSpec(
        Action.DECIDE,
        forms.DecideForm,
        lambda request, app, form: services.decide(
            application_id=app.pk,
            approver=request.user,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
            valid_until=form.cleaned_data["valid_until"],
            content=form.cleaned_data.get("content") or None,
        ),
        gettext_lazy("决定已作出并加盖审批专用章。"),
    ),
    "supply-waived": ActionSpec(
        Action.SUPPLY_WAIVED,
        forms.SupplyWaivedForm,
        _run_supply_waived,
        gettext_lazy("容缺材料已补交。"),
        with_files=True,
    ),
    "deliver": ActionSpec(
        Action.DELIVER,
        forms.DeliverForm,
        lambda request, app, form: services.deliver(
            application_id=app.pk,
            clerk=request.user,
            collected_by=form.cleaned_data["collected_by"],
        ),
        gettext_lazy("已出件。"),
    ),
}
