"""Pages of the procedures part: the permit page (status, validity, its decisions and
procedures, the start form), the procedure queues and list, the procedure page with its action
forms (one POST URL each), and the application page's section (detail_context)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from approvals import procedures as rules
from approvals import selectors, services
from approvals.limits import COLLECTOR_MAX, CONTENT_MAX, NAME_MAX, OPINION_MAX, REASON_MAX
from approvals.models import Decision, Permit, PermitProcedure
from approvals.procedures import ProcedureAction as A
from approvals.services.decisions import is_permit_number_shaped
from approvals.views._common import field_errors
from core.errors import DomainError, NotFound
from core.roles import Role, has_role
from core.text import normalize_text
from core.views import role_required

PAGE_SIZE = 50
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_KINDS = (Decision.Kind.APPROVE, Decision.Kind.DENY)


# --- forms -------------------------------------------------------------------------------------


class _Text(forms.CharField):
    """Stored as the services store it (NFC, no zero-width characters, trimmed)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


def _text(label, limit, *, rows=None, required=False, **kwargs):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return _Text(label=label, max_length=limit, required=required, widget=widget, **kwargs)


class _Date(forms.DateField):
    def clean(self, value):
        value = super().clean(value)
        if value and value.year < 1900:
            raise forms.ValidationError(_("日期无效。"))
        return value


class StartForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("决定类型"))
    source = forms.ChoiceField(label=gettext_lazy("来源"))
    reason = _text(gettext_lazy("事由"), REASON_MAX, rows=3, required=True)
    content = _text(gettext_lazy("申请内容(变更、延续后的许可内容等,可选)"), CONTENT_MAX, rows=3)
    valid_until = _Date(
        label=gettext_lazy("有效期至(仅变更、延续,可选)"), required=False, widget=DATE_WIDGET
    )
    holder_name = forms.CharField(
        label=gettext_lazy("变更后持证人名称(仅变更,可选)"),
        max_length=NAME_MAX,
        required=False,
        strip=False,
    )
    source_ref = _text(gettext_lazy("来源编号(监管信息、复议诉讼记录等,可选)"), 40)

    def __init__(self, *args, permit: Permit, user, **kwargs):
        super().__init__(*args, **kwargs)
        sources = rules.sources_for(user)
        kinds = rules.startable_kinds(permit)
        self.fields["kind"].choices = [(k, PermitProcedure.Kind(k).label) for k in kinds]
        self.fields["source"].choices = [(s, PermitProcedure.Source(s).label) for s in sources]
        self.usable = bool(kinds and sources)


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=gettext_lazy("审查建议"),
        widget=forms.RadioSelect,
        choices=PermitProcedure.Recommendation.choices,
    )
    opinion = _text(gettext_lazy("审查意见"), OPINION_MAX, rows=3, required=True)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("决定"),
        widget=forms.RadioSelect,
        choices=[("approve", gettext_lazy("作出决定")), ("decline", gettext_lazy("不予作出决定"))],
    )
    reason = _text(gettext_lazy("理由(不予作出时必填;留空则沿用发起事由)"), REASON_MAX, rows=3)
    content = _text(gettext_lazy("决定内容(留空则沿用申请内容)"), CONTENT_MAX, rows=3)


class SendBackForm(forms.Form):
    reason = _text(gettext_lazy("退回理由"), REASON_MAX, rows=3, required=True)


class DeliverForm(forms.Form):
    collected_by = _text(gettext_lazy("签收人"), COLLECTOR_MAX, required=True)


# slug -> (the table's action, its form, the service call, the success message)
ACTIONS = {
    "review": (
        A.REVIEW,
        ReviewForm,
        lambda user, p, d: services.review_procedure(
            procedure_id=p.pk,
            reviewer=user,
            opinion=d["opinion"],
            recommendation=d["recommendation"],
        ),
        gettext_lazy("审查意见已提交。"),
    ),
    "decide": (
        A.DECIDE,
        DecideForm,
        lambda user, p, d: services.decide_procedure(
            procedure_id=p.pk,
            approver=user,
            approve=d["decision"] == "approve",
            reason=d["reason"],
            content=d["content"] or None,
        ),
        gettext_lazy("决定已作出。"),
    ),
    "send-back": (
        A.SEND_BACK,
        SendBackForm,
        lambda user, p, d: services.send_back_procedure(
            procedure_id=p.pk, approver=user, reason=d["reason"]
        ),
        gettext_lazy("已退回重审。"),
    ),
    "deliver": (
        A.DELIVER,
        DeliverForm,
        lambda user, p, d: services.deliver_procedure(
            procedure_id=p.pk, clerk=user, collected_by=d["collected_by"]
        ),
        gettext_lazy("已送达。"),
    ),
}
_FORM_OF_ACTION = {spec[0]: slug for slug, spec in ACTIONS.items()}


# --- helpers -----------------------------------------------------------------------------------


def _permit_or_404(number) -> Permit:
    if not is_permit_number_shaped(number):
        raise Http404
    try:
        return selectors.permit_by_number(number)
    except NotFound:
        raise Http404 from None


def _permit_chain(permit: Permit) -> list[Permit]:
    """The permits of one licence: this one, the ones it replaced and the ones replacing it."""
    return list(
        Permit.objects.filter(application_id=permit.application_id).order_by("issued_at", "pk")
    )


def _letter(decision):
    if decision is None:
        return None
    try:
        return decision.letter
    except ObjectDoesNotExist:  # no archived letter: the page shows the number only
        return None


# --- pages -------------------------------------------------------------------------------------


def _permit_context(request, permit, start_form=None) -> dict:
    chain = _permit_chain(permit)
    decisions = list(
        Decision.objects.filter(permit__in=chain)
        .select_related("decided_by", "permit")
        .order_by("decided_at", "pk")
    )
    procedures = list(selectors.procedures_of_permits(request.user, chain))
    can_start = has_role(request.user, *rules.ROLES[A.START])
    form = start_form or (StartForm(permit=permit, user=request.user) if can_start else None)
    return {
        "permit": permit,
        "permit_status": permit.current_status,
        "permit_status_label": Permit.Status(permit.current_status).label,
        "chain": chain,
        "decisions": decisions,
        "procedures": procedures,
        "start_form": form if form is not None and form.usable else None,
    }


@role_required(*rules.READERS)
@require_GET
def permit_detail(request, number):
    permit = _permit_or_404(number)
    ctx = _permit_context(request, permit)
    return render(request, "approvals/procedures/permit_detail.html", ctx)


@role_required(*rules.ROLES[A.START])
@require_POST
def start(request, number):
    permit = _permit_or_404(number)
    form = StartForm(request.POST, permit=permit, user=request.user)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            procedure = services.start_procedure(
                permit_number=permit.number,
                kind=data["kind"],
                actor=request.user,
                source=data["source"],
                reason=data["reason"],
                content=data["content"],
                valid_until=data["valid_until"],
                holder_name=data["holder_name"],
                source_ref=data["source_ref"],
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            field_errors(form, exc)
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, _("后续程序已发起,待审查。"))
            return redirect("approvals:procedure_detail", pk=procedure.pk)
    else:
        messages.error(request, _("请检查表单中标出的错误。"))
    ctx = _permit_context(request, permit, start_form=form)
    return render(request, "approvals/procedures/permit_detail.html", ctx, status=status)


class ProcedureFilterForm(forms.Form):
    QUEUES = [
        ("review", gettext_lazy("待审查")),
        ("decide", gettext_lazy("待决定")),
        ("deliver", gettext_lazy("待送达")),
        ("all", gettext_lazy("全部")),
    ]
    queue = forms.ChoiceField(label=gettext_lazy("队列"), choices=QUEUES, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=[("", gettext_lazy("全部"))] + PermitProcedure.Kind.choices,
        required=False,
    )


def _default_queue(user) -> str:
    if has_role(user, Role.APPROVER):
        return "decide"
    if has_role(user, Role.REVIEWER):
        return "review"
    if has_role(user, Role.WINDOW_CLERK):
        return "deliver"
    return "all"


@role_required(*rules.READERS)
@require_GET
def procedure_list(request):
    """The reviewer's and the approver's queues of procedures (and the clerk's to deliver)."""
    form = ProcedureFilterForm(request.GET or None)
    queue, kind = _default_queue(request.user), ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            queue = form.cleaned_data["queue"] or queue
            kind = form.cleaned_data["kind"]
        else:
            status = 400
    queryset = {
        "review": selectors.procedure_review_queue,
        "decide": selectors.procedure_decide_queue,
        "deliver": lambda user: selectors.procedures_for(user).filter(
            status=PermitProcedure.Status.DECIDED
        ),
        "all": selectors.procedures_for,
    }[queue](request.user)
    if kind:
        queryset = queryset.filter(kind=kind)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "approvals/procedures/list.html",
        {
            "form": form,
            "queue": queue,
            "queues": ProcedureFilterForm.QUEUES,
            "page": page,
            "query": query.urlencode(),
        },
        status=status,
    )


def _procedure_or_404(user, pk) -> PermitProcedure:
    procedure = selectors.procedures_for(user).filter(pk=pk).first()
    if procedure is None:
        raise Http404
    return procedure


def _procedure_context(request, procedure, bound: dict | None = None) -> dict:
    bound = bound or {}
    user = request.user
    action_forms = {
        _FORM_OF_ACTION[action]: bound.get(_FORM_OF_ACTION[action])
        or ACTIONS[_FORM_OF_ACTION[action]][1](auto_id=f"id_{action}_%s")
        for action in rules.user_actions(procedure, user)
        if action in _FORM_OF_ACTION
    }
    same_person = procedure.reviewed_by_id == user.pk
    if same_person:
        action_forms.pop("decide", None)
    return {
        "procedure": procedure,
        "permit": procedure.permit,
        "permit_status": procedure.permit.current_status,
        "permit_status_label": Permit.Status(procedure.permit.current_status).label,
        "forms": {slug.replace("-", "_"): form for slug, form in action_forms.items()},
        "same_person": same_person and rules.allowed(procedure, A.DECIDE),
        "letter": _letter(procedure.decision),
    }


@role_required(*rules.READERS)
@require_GET
def procedure_detail(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    return render(
        request, "approvals/procedures/detail.html", _procedure_context(request, procedure)
    )


@role_required(*rules.READERS)
@require_POST
def procedure_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    table_action, form_class, run, done = spec
    if not has_role(request.user, *rules.ROLES[table_action]):
        raise PermissionDenied
    procedure = _procedure_or_404(request.user, pk)
    form = form_class(request.POST, auto_id=f"id_{table_action}_%s")
    status = 400
    if form.is_valid():
        try:
            run(request.user, procedure, form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            field_errors(form, exc)
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, str(done))
            return redirect("approvals:procedure_detail", pk=procedure.pk)
    else:
        messages.error(request, _("请检查表单中标出的错误。"))
    procedure = _procedure_or_404(request.user, pk)
    ctx = _procedure_context(request, procedure, bound={action: form})
    return render(request, "approvals/procedures/detail.html", ctx, status=status)


# --- the application page's section --------------------------------------------------------------


def detail_context(app, user) -> dict:
    """What this part adds to the application page (approvals/_detail_procedures.html reads it):
    the procedures on the application's permits and every later decision on them."""
    if not has_role(user, *rules.READERS):
        return {}
    permits = [p.pk for p in app.permits.all()]
    if not permits:
        return {}
    later = list(
        Decision.objects.filter(permit_id__in=permits)
        .exclude(kind__in=FIRST_KINDS)
        .select_related("permit", "decided_by")
        .order_by("decided_at", "pk")
    )
    procedures = list(selectors.procedures_of_permits(user, permits))
    return {
        "permit_procedures": procedures,
        "later_decisions": later,
        "procedure_permit": selectors.current_permit(app),
    }
