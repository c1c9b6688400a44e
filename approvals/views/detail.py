"""The application page: everything about one application, every action as its own POST, the
audited ID reveal and the attached files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from approvals import documents, selectors
from approvals.models import (
    ApplicationMaterial,
    StoredFile,
)
from approvals.services.credit import intake_warning
from approvals.views import branches, fees, parties, procedures, remedies, steps
from approvals.views import documents as document_views
from approvals.views._common import (
    READERS,
    REVEAL_SESSION_KEY,
    ActionSpec,
    detail_or_404,
    field_errors,
    mark_due,
    stored_files,
)
from approvals.views.branches import BRANCH_ACTIONS
from approvals.views.decisions import DECISION_ACTIONS
from approvals.views.intake import INTAKE_ACTIONS
from approvals.views.review import REVIEW_ACTIONS
from approvals.workflow import ID_NUMBER_READERS, allowed_actions
from audit import services as audit
from audit.services import events_for
from core.errors import DomainError, NotFound
from core.roles import has_role
from core.views import role_required

# Every action of the page, in the order the page shows them (and one URL each).
ACTIONS: dict[str, ActionSpec] = {
    **INTAKE_ACTIONS,
    **REVIEW_ACTIONS,
    **DECISION_ACTIONS,
    **BRANCH_ACTIONS,
}
# The parts that add a section to the page: each has detail_context(app, user) -> dict and its
# own template approvals/_detail_<part>.html.
DETAIL_PARTS = (document_views, procedures, branches, remedies, parties, fees, steps)


def _auto_id(action: str) -> str:
    """Several forms share one page: ids per action keep every label bound to its field."""
    return f"id_{action.replace('-', '_')}_%s"


def _detail_context(request, app, bound: dict | None = None) -> dict:
    bound = bound or {}
    user = request.user
    allowed = set(allowed_actions(app))
    stored = None
    action_forms = {}
    for key, spec in ACTIONS.items():
        if key in bound:  # a refused action keeps its form, whatever the state now
            action_forms[key] = bound[key]
        elif spec.action in allowed and has_role(user, *spec.roles):
            if spec.with_files and stored is None:
                stored = stored_files(app)
            action_forms[key] = spec.form(
                application=app, stored_files=stored or (), auto_id=_auto_id(key)
            )
    # Empty material forms (nothing left to record or supply) are not worth a box.
    for key in ("record-materials", "supply-waived"):
        if key in action_forms and key not in bound and not action_forms[key].material_list:
            del action_forms[key]
    events = list(events_for(app))
    revealed = request.session.pop(REVEAL_SESSION_KEY, None) == app.pk
    if revealed:
        request.session.modified = True
    lines = list(app.materials.all())
    opinions = list(app.opinions.all())
    mark_due([app])
    return {
        "app": app,
        # issue 14, checks: the window sees a standing 失信记录 of the applicant
        "credit_warning": intake_warning(app),
        "lines": lines,
        "outstanding": [line for line in lines if line.outstanding],
        "missing_required": [
            line
            for line in lines
            if line.material.required
            and not line.material.waivable
            and line.state != ApplicationMaterial.State.PROVIDED
        ],
        "opinions": opinions,
        "procedures": list(app.special_procedures.all()),
        "decision": selectors.main_decision(app),
        "permit": selectors.current_permit(app),
        "events": events,
        "documents": documents.available(app, events),
        # Template lookups cannot hold a hyphen: request-correction -> request_correction.
        "forms": {key.replace("-", "_"): form for key, form in action_forms.items()},
        "revealed": revealed,
        "can_reveal": has_role(user, *ID_NUMBER_READERS),
        "needs_inspection": app.item_version.site_inspection,
        "last_opinion": opinions[-1] if opinions else None,
        **{k: v for part in DETAIL_PARTS for k, v in part.detail_context(app, user).items()},
    }


@role_required(*READERS)
@require_GET
def application_detail(request, pk):
    app = detail_or_404(request.user, pk)
    return render(request, "approvals/application_detail.html", _detail_context(request, app))


@role_required(*READERS)
@require_POST
def application_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    if not has_role(request.user, *spec.roles):
        raise PermissionDenied
    app = detail_or_404(request.user, pk)
    stored = stored_files(app) if spec.with_files else ()
    form = spec.form(
        request.POST, request.FILES, application=app, stored_files=stored, auto_id=_auto_id(action)
    )
    status = 400
    if form.is_valid():
        try:
            spec.run(request, app, form)  # one service, its own transaction
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            field_errors(form, exc, spec.field_map)
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, str(spec.done))
            return redirect("approvals:detail", pk=app.pk)
    else:
        messages.error(request, _("请检查表单中标出的错误。"))
    if request.FILES:
        messages.warning(request, _("出于安全原因,浏览器不会保留已选择的文件,请重新选择后提交。"))
    ctx = _detail_context(request, app, bound={action: form})
    ctx["failed_action"] = action.replace("-", "_")
    return render(request, "approvals/application_detail.html", ctx, status=status)


@role_required(*ID_NUMBER_READERS)
@require_POST
def reveal_id_number(request, pk):
    """显示完整证件号: audited, then shown once on the detail page (PRG)."""
    app = detail_or_404(request.user, pk)
    audit.reveal_id_number(
        actor=request.user,
        obj=app,
        note=app.applicant.masked_id_number,
        data={"applicant": app.applicant_id},
    )
    request.session[REVEAL_SESSION_KEY] = app.pk
    return redirect(f"{reverse('approvals:detail', args=[app.pk])}#applicant")


@role_required(*READERS)
@require_GET
def material_file(request, pk, file_id):
    """A stored file attached to one of this application's materials."""
    app = detail_or_404(request.user, pk)
    if not ApplicationMaterial.objects.filter(application=app, file_id=file_id).exists():
        raise Http404
    stored = StoredFile.objects.get(pk=file_id)
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, content_type=stored.content_type, filename=stored.original_name)
