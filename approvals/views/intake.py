"""The window clerk's pages: the workbench (受理工作台: look up or register the applicant, store
the uploads, submit) and the intake actions on the detail page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import forms, selectors, services
from approvals.models import (
    Applicant,
)
from approvals.views._common import (
    ActionSpec,
    field_errors,
    mark_due,
)
from approvals.workflow import INTAKE_ROLES, Action
from catalog.models import ItemVersion
from catalog.selectors import (
    published_version_for,
    search_published_versions,
)
from core.errors import DomainError, NotFound
from core.views import role_required

# --- workbench (受理工作台) ----------------------------------------------------------------------

ITEM_SEARCH_ID = "item-q"
FIRST_RESULT_ID = "item-pick-1"
# The applicant's fields the clerk fills after a lookup, in the order the page shows them.
AFTER_LOOKUP = ("name", "phone", "address", "content")


def _element_id(form, name: str) -> str:
    bound = form[name]
    # A radio group has no id of its own: its first option takes the cursor.
    return bound.id_for_label or f"{bound.auto_id}_0"


def _value(form, name: str) -> str:
    value = form[name].value()
    return "" if value is None else str(value).strip()


def intake_focus(
    *, version, form=None, results=(), looked_up=False, applicant=None, id_errors=()
) -> str:
    """The id of the ONE element that takes the cursor (autofocus) after this round trip of the
    workbench, so the clerk never Tabs down from the top of the page:
    no item yet → the search field (or the first result, to pick with arrows / Enter / 1–9);
    item chosen → the ID field; a form error → the first field with one, in form order;
    looked up, not found → the name; found → the next empty field, then the first material."""
    if version is None or form is None:
        return FIRST_RESULT_ID if results else ITEM_SEARCH_ID
    if id_errors:
        return _element_id(form, "id_number")
    if form.is_bound and form.errors:
        for name in form.fields:
            if name in form.errors:
                return _element_id(form, name)
        return _element_id(form, "id_number")  # a non-field error: back to the start
    if not looked_up:
        return _element_id(form, "id_number")
    if applicant is None:
        return _element_id(form, "name")
    for name in AFTER_LOOKUP:
        if name in form.fields and not _value(form, name):
            return _element_id(form, name)
    for material in form.material_list:
        name = f"provided_{material.pk}"
        if name in form.fields:
            return _element_id(form, name)
    return "submit-intake"


def _apply_focus(form, element_id: str) -> None:
    """autofocus on the widget whose element has this id (the template marks the others)."""
    if form is None:
        return
    for bound in form:
        widget = bound.field.widget
        if bound.id_for_label == element_id:
            widget.attrs["autofocus"] = True
        elif not bound.id_for_label and element_id == f"{bound.auto_id}_0":
            # A radio group: its first option only (the widget's attrs go on every option).
            widget.create_option = _first_option_focused(widget.create_option)


def _first_option_focused(create_option):
    def create(name, value, label, selected, index, subindex=None, attrs=None):
        option = create_option(name, value, label, selected, index, subindex, attrs)
        if index == 0 and not subindex:
            option["attrs"] = {**option["attrs"], "autofocus": True}
        return option

    return create


def _published_version(code: str) -> ItemVersion | None:
    code = (code or "").strip()
    if not code:
        return None
    try:
        return published_version_for(code)
    except NotFound:
        return None


def _item_from_search(q: str) -> str | None:
    """ "SC-001" or "SC-001 食品经营许可" (a datalist pick) names one item: go straight to it."""
    token = (q or "").strip().split(" ", 1)[0]
    if not token:
        return None
    return (
        ItemVersion.objects.filter(status=ItemVersion.Status.PUBLISHED, item__code__iexact=token)
        .values_list("item__code", flat=True)
        .first()
    )


def _recent_of(user):
    today = timezone.localdate()
    mine = selectors.applications_for(user).filter(submitted_by=user)
    recent = list(mine.order_by("-submitted_at", "-pk")[:20])
    mark_due(recent)
    return recent, mine.filter(submitted_at__date=today).count()


@role_required(*INTAKE_ROLES)
def workbench(request):
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("item", "")
    q = request.GET.get("q", "").strip()
    if request.method == "GET" and q and not code:
        picked = _item_from_search(q)
        if picked:
            return redirect(f"{reverse('approvals:workbench')}?item={picked}")
    version = _published_version(code)
    if code and version is None:
        messages.error(request, _("未找到该事项,或该事项未发布。请重新选择。"))

    ctx = {
        "q": q,
        "version": version,
        "status": 200,
        "item_choices": ItemVersion.objects.filter(status=ItemVersion.Status.PUBLISHED)
        .order_by("item__code")
        .values_list("item__code", "name", "transferred", "handling_department__name"),
    }
    if q and version is None:
        ctx["results"] = list(search_published_versions(q=q)[:50])
    if version is not None and not version.transferred:
        # Said before the clerk types anything; the service refuses a POST all the same.
        try:
            services.refuse_not_transferred(version)
        except DomainError as exc:
            ctx["not_transferred"] = exc.message
            if request.method == "POST":
                messages.error(request, exc.message)
                ctx["status"] = exc.status
    elif version is not None:
        if request.method == "POST" and request.POST.get("op") != "lookup":
            response = _submit_intake(request, version, ctx)
            if response is not None:
                return response
        elif request.method == "POST":
            _lookup_applicant(request, version, ctx)
        else:
            ctx["form"] = forms.IntakeForm(version=version)
    ctx["focus"] = intake_focus(
        version=version,
        form=ctx.get("form"),
        results=ctx.get("results", ()),
        looked_up=ctx.pop("looked_up", False),
        applicant=ctx.get("applicant"),
        id_errors=ctx.get("id_errors", ()),
    )
    _apply_focus(ctx.get("form"), ctx["focus"])
    if ctx.get("form") is not None:  # Alt+I: back to the ID field from anywhere on the page
        ctx["form"].fields["id_number"].widget.attrs.update(
            {"data-shortcut": "i", "aria-keyshortcuts": "Alt+I"}
        )
    ctx["recent"], ctx["today_count"] = _recent_of(request.user)
    return render(request, "approvals/workbench.html", ctx, status=ctx.pop("status"))


def _lookup_applicant(request, version, ctx) -> None:
    """查找: fill in the known applicant (only fields left empty) and offer their stored files;
    everything typed so far stays. No state changes."""
    kind = request.POST.get("kind") or Applicant.Kind.PERSON
    id_number = request.POST.get("id_number", "")
    initial = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    initial["kind"] = kind
    applicant, id_errors = None, []
    try:
        normalised = services.validate_id_number(kind, id_number)
    except ValidationError as exc:  # shown next to the field
        id_errors = list(exc.messages)
    else:
        initial["id_number"] = normalised
        applicant = Applicant.objects.filter(kind=kind, id_number=normalised).first()
    if applicant is not None:
        for name in ("name", "phone", "address"):
            if not (initial.get(name) or "").strip():
                initial[name] = getattr(applicant, name)
        messages.info(request, _("已找到登记过的申请人:%(name)s。") % {"name": applicant.name})
    elif not id_errors:
        messages.info(request, _("未找到该申请人,提交时将作为新申请人登记。"))
    stored = list(applicant.files.order_by("-uploaded_at")) if applicant else []
    ctx.update(
        form=forms.IntakeForm(initial=initial, version=version, stored_files=stored),
        applicant=applicant,
        id_errors=id_errors,
        files_lost=bool(request.FILES),
        looked_up=True,
    )


def _submit_intake(request, version, ctx):
    """登记: services.take_in registers (or finds) the applicant, stores the uploads in their
    library and submits, in one transaction."""
    applicant = forms.find_applicant(
        request.POST.get("kind", ""), request.POST.get("id_number", "")
    )
    stored = list(applicant.files.order_by("-uploaded_at")) if applicant else []
    form = forms.IntakeForm(request.POST, request.FILES, version=version, stored_files=stored)
    ctx.update(form=form, applicant=applicant, files_lost=bool(request.FILES))
    if not form.is_valid():
        messages.error(request, _("请检查表单中标出的错误。"))
        ctx["status"] = 400
        return None
    data = form.cleaned_data
    try:
        app = services.take_in(
            clerk=request.user,
            item_version=version,
            applicant={key: data[key] for key in ("kind", "name", "id_number", "phone", "address")},
            provided={m: True for m in form.provided_ids()},
            content=data["content"],
            uploads=form.uploads(),
            reused=form.reused(),
            agent=form.agent(),  # 当事人 (parties helper)
            legal_representative=form.legal_representative(),
        )
    except DomainError as exc:
        field_errors(form, exc)
        messages.error(request, exc.message)
        ctx["status"] = exc.status
        return None
    messages.success(
        request,
        _("已登记办件 #%(id)s:%(item)s,申请人 %(name)s。")
        % {"id": app.pk, "item": version.name, "name": app.applicant.name},
    )
    return redirect("approvals:detail", pk=app.pk)


def _run_record_materials(request, app, form):
    return services.record_materials(
        application_id=app.pk,
        clerk=request.user,
        provided=form.provided_ids(),
        files=form.reused(),
        uploads=form.uploads(),
    )


INTAKE_ACTIONS: dict[str, ActionSpec] = {
    "record-materials": ActionSpec(
        Action.RECORD_MATERIALS,
        forms.RecordMaterialsForm,
        _run_record_materials,
        gettext_lazy("材料已登记。"),
        with_files=True,
    ),
    "accept": ActionSpec(
        Action.ACCEPT,
        forms.AcceptForm,
        lambda request, app, form: services.accept(
            application_id=app.pk,
            clerk=request.user,
            waived=form.cleaned_data["waived"],
            supply_by=form.cleaned_data["supply_by"],
        ),
        gettext_lazy("已受理。"),
        field_map={"waived": None, "materials": None},
    ),
    "request-correction": ActionSpec(
        Action.REQUEST_CORRECTION,
        forms.CorrectionForm,
        lambda request, app, form: services.request_correction(
            application_id=app.pk,
            clerk=request.user,
            missing=form.cleaned_data["missing"],
            note=form.cleaned_data["note"],
        ),
        gettext_lazy("已出具补正材料通知书(一次性告知)。"),
    ),
    "refuse": ActionSpec(
        Action.REFUSE,
        forms.RefuseForm,
        lambda request, app, form: services.refuse(
            application_id=app.pk, clerk=request.user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("已作出不予受理决定。"),
    ),
}
