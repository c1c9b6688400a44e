"""The reviewer's actions on the detail page: start review, the opinion, special procedures."""

from django.utils.translation import gettext_lazy

from approvals import forms, services
from approvals.views._common import (
    ActionSpec,
)
from approvals.workflow import Action

REVIEW_ACTIONS: dict[str, ActionSpec] = {
    "start-review": ActionSpec(
        Action.START_REVIEW,
        forms.StartReviewForm,
        lambda request, app, form: services.start_review(
            application_id=app.pk, reviewer=request.user
        ),
        gettext_lazy("已开始审查。"),
    ),
    "review": ActionSpec(
        Action.REVIEW,
        forms.ReviewForm,
        lambda request, app, form: services.review(
            application_id=app.pk,
            reviewer=request.user,
            opinion=form.cleaned_data["opinion"],
            recommendation=form.cleaned_data["recommendation"],
            site_inspection=form.cleaned_data.get("site_inspection", ""),
        ),
        gettext_lazy("审查意见已提交。"),
    ),
    "pause": ActionSpec(
        Action.PAUSE,
        forms.PauseForm,
        lambda request, app, form: services.start_special_procedure(
            application_id=app.pk,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        ),
        gettext_lazy("特别程序已启动,计时暂停。"),
    ),
    "resume": ActionSpec(
        Action.RESUME,
        forms.ResumeForm,
        lambda request, app, form: services.end_special_procedure(
            application_id=app.pk, actor=request.user, note=form.cleaned_data["note"]
        ),
        gettext_lazy("特别程序已结束,计时恢复。"),
    ),
}
