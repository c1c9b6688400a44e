"""Issue 14 part "feedback": the bureau closes a report that needs no permit action (已知悉 /
已办结) from the report's page. (The push feedback form is on the push page: views.pushes.)"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, InvalidInput
from core.views import role_required
from supervision.forms import ReportCloseForm
from supervision.services import feedback as services
from supervision.views._common import _form_errors, _refused
from supervision.workflow import REPORT_ROLES, ReportAction


@require_POST
@role_required(*REPORT_ROLES[ReportAction.CLOSE])
def report_close(request, pk):
    from supervision.views.reports import report_detail

    form = ReportCloseForm(request.POST)
    if form.is_valid():
        try:
            report = services.close_report(
                report_id=pk,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:report_detail", pk=pk)
        else:
            outcome = report.get_close_outcome_display()
            messages.success(request, _("监管信息已办结(%(outcome)s)。") % {"outcome": outcome})
            return redirect("supervision:report_detail", pk=pk)
    messages.error(request, _("请检查办结内容。"))
    return report_detail(request, pk, close_form=form, status=400)
