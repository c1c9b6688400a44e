"""The branches on the application page: 退回重审 (approver), 撤回申请 (clerk), 终止 (clerk or
approver), and what the page shows of them (the 补正 deadline, the last send-back, the closure)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from approvals import forms, services
from approvals.models import Application
from approvals.views._common import ActionSpec
from approvals.workflow import Action

S = Application.Status


def detail_context(app, user) -> dict:
    """What this part adds to the application page (approvals/_detail_branches.html reads it):
    no query, everything is on the application row."""
    now = timezone.now()
    correction_running = (
        app.status == S.CORRECTION_REQUESTED
        and app.correction_deadline is not None
        and app.correction_supplied_at is None
    )
    return {
        "branch": {
            "correction_deadline": app.correction_deadline,
            "correction_running": correction_running,
            "correction_late": correction_running and app.correction_deadline < now,
            "correction_supplied_at": app.correction_supplied_at,
            "sent_back": app.sent_back_at is not None,
            "closed": app.status in Application.CLOSED_UNDECIDED_STATUSES,
        }
    }


BRANCH_ACTIONS: dict[str, ActionSpec] = {
    "send-back": ActionSpec(
        Action.SEND_BACK,
        forms.SendBackForm,
        lambda request, app, form: services.send_back(
            application_id=app.pk, approver=request.user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("已退回审查人员重新审查。"),
    ),
    "withdraw": ActionSpec(
        Action.WITHDRAW,
        forms.WithdrawForm,
        lambda request, app, form: services.withdraw(
            application_id=app.pk, clerk=request.user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("已登记撤回申请,并出具撤回申请通知书。"),
    ),
    "terminate": ActionSpec(
        Action.TERMINATE,
        forms.TerminateForm,
        lambda request, app, form: services.terminate(
            application_id=app.pk, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("已终止办理,并出具终止通知书。"),
    ),
}
