"""Pages of the window clerk, the reviewer and the approver, the printable documents and the
public permit verification. Views parse, call a service or a selector, and render; every
domain error comes back as its Chinese message with the typed data kept."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from approvals import documents, forms, selectors, services, verification
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    Permit,
    StoredFile,
)
from approvals.validators import mask_person_name
from approvals.workflow import Action, allowed_actions
from audit.services import events_for, record_event
from catalog.models import ItemVersion
from catalog.selectors import (
    published_categories,
    published_version_for,
    search_published_versions,
)
from core.errors import DomainError, InvalidInput, NotFound
from core.roles import Role, has_role
from core.views import role_required
from workdays import services as workdays

S = Application.Status
PAGE_SIZE = 50
READERS = selectors.READERS
# Who may see a full ID number on the detail page (each look is audited); inspectors read
# everything else but see masked numbers.
ID_REVEALERS = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)
REVEAL_SESSION_KEY = "approvals_revealed_id"


# --- due-date colours --------------------------------------------------------------------------


def mark_due(apps) -> None:
    """Set `due_state` on each application: "late" past its due time, "warn" with at most one
    working day left, "paused" while a special procedure runs. One calendar lookup for the
    whole page, whatever its length."""
    apps = list(apps)
    if not apps:
        return
    now = timezone.now()
    today = timezone.localdate(now)
    warn_until = workdays.add_working_days(today, 1).date
    for app in apps:
        state = ""
        if app.status in Application.OPEN_STATUSES and app.due_at:
            if app.paused:
                state = "paused"
            elif app.is_overdue_at(now):
                state = "late"
            elif app.due_date and app.due_date <= warn_until:
                state = "warn"
        app.due_state = state


def _paginate(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_due(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- workbench (受理工作台) ----------------------------------------------------------------------


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


def _field_errors(form, exc: DomainError, field_map: dict | None = None) -> None:
    """Put a domain error's field messages next to the form's own fields."""
    field_map = field_map or {}
    for name, msgs in (exc.fields or {}).items():
        target = field_map.get(name, name)
        if (
            target
            and target in form.fields
            and (form.cleaned_data is None or target not in form.errors)
        ):
            form.add_error(target, [str(m) for m in msgs])


@role_required(Role.WINDOW_CLERK)
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
        .values_list("item__code", "name"),
    }
    if q and version is None:
        ctx["results"] = list(search_published_versions(q=q)[:50])
    if version is not None:
        if request.method == "POST" and request.POST.get("op") != "lookup":
            response = _submit_intake(request, version, ctx)
            if response is not None:
                return response
        elif request.method == "POST":
            _lookup_applicant(request, version, ctx)
        else:
            ctx["form"] = forms.IntakeForm(version=version)
            ctx["id_field_focus"] = True
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
    )


def _submit_intake(request, version, ctx):
    """登记: register (or find) the applicant, store uploads in their library, submit."""
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
        with transaction.atomic():
            applicant = services.register_applicant(
                actor=request.user,
                kind=data["kind"],
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                address=data["address"],
            )
            files = dict(form.reused())
            for material_id, upload in form.uploads().items():
                try:
                    files[material_id] = services.store_file(
                        actor=request.user, applicant=applicant, uploaded=upload
                    )
                except InvalidInput as exc:
                    exc.fields = {f"file_{material_id}": exc.fields.get("file", [exc.message])}
                    raise
            app = services.submit(
                clerk=request.user,
                item_version=version,
                applicant=applicant,
                provided={m: True for m in form.provided_ids()},
                content=data["content"],
                files=files,
            )
    except DomainError as exc:
        _field_errors(form, exc)
        messages.error(request, exc.message)
        ctx["status"] = exc.status
        return None
    messages.success(
        request,
        _("已登记办件 #%(id)s:%(item)s,申请人 %(name)s。")
        % {"id": app.pk, "item": version.name, "name": applicant.name},
    )
    return redirect("approvals:detail", pk=app.pk)


# --- queues and the application list -----------------------------------------------------------


@role_required(Role.REVIEWER)
def review_queue(request):
    form = forms.QueueFilterForm(request.GET or None, categories=published_categories())
    queryset = selectors.review_queue(request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            queryset = queryset.filter(item_version__category=data["category"])
        if data["due_from"]:
            queryset = queryset.filter(due_date__gte=data["due_from"])
        if data["due_to"]:
            queryset = queryset.filter(due_date__lte=data["due_to"])
    page, query = _paginate(request, queryset)
    return render(
        request, "approvals/review_queue.html", {"form": form, "page": page, "query": query}
    )


@role_required(Role.APPROVER)
def decide_queue(request):
    page, query = _paginate(request, selectors.decide_queue(request.user))
    return render(request, "approvals/decide_queue.html", {"page": page, "query": query})


@role_required(*READERS)
def application_list(request):
    form = forms.ApplicationFilterForm(request.GET or None)
    queryset = selectors.applications_for(request.user).order_by("-submitted_at", "-pk")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["item"]:
            queryset = queryset.filter(
                Q(item_version__name__icontains=data["item"])
                | Q(item_version__item__code__iexact=data["item"])
            )
        if data["receipt"]:
            queryset = queryset.filter(receipt_number__icontains=data["receipt"].strip())
        if data["applicant"]:
            queryset = queryset.filter(
                Q(applicant__name__icontains=data["applicant"])
                | Q(applicant__id_number=data["applicant"].upper())
            )
        if data["overdue"]:
            queryset = queryset.filter(selectors.overdue_filter()).order_by("due_at", "pk")
    page, query = _paginate(request, queryset)
    return render(
        request, "approvals/application_list.html", {"form": form, "page": page, "query": query}
    )


# --- the application and its actions -----------------------------------------------------------


def _detail_or_404(user, pk) -> Application:
    try:
        return selectors.application_detail(user, pk)
    except NotFound:
        raise Http404 from None


def _stored_files(app):
    return list(app.applicant.files.order_by("-uploaded_at"))


@dataclass(frozen=True)
class ActionSpec:
    action: str
    roles: tuple
    form: type
    run: Callable
    done: str  # success message
    field_map: dict = field(default_factory=dict)
    with_files: bool = False


def _store_and_pick(request, app, form) -> dict:
    """Uploads go into the applicant's library first; reuse picks come as they are."""
    files = dict(form.reused())
    for material_id, upload in form.uploads().items():
        try:
            files[material_id] = services.store_file(
                actor=request.user, applicant=app.applicant, uploaded=upload
            )
        except InvalidInput as exc:
            exc.fields = {f"file_{material_id}": exc.fields.get("file", [exc.message])}
            raise
    return files


def _run_record_materials(request, app, form):
    files = _store_and_pick(request, app, form)
    provided = sorted(set(form.provided_ids()) | set(files))
    if not provided:
        raise InvalidInput(_("请勾选或上传至少一项材料。"), code="nothing_selected")
    return services.record_materials(
        application_id=app.pk, clerk=request.user, provided=provided, files=files
    )


def _run_supply_waived(request, app, form):
    files = _store_and_pick(request, app, form)
    supplied = sorted(set(form.provided_ids()) | set(files))
    if not supplied:
        raise InvalidInput(_("请勾选或上传补交的容缺材料。"), code="nothing_selected")
    return services.supply_waived(
        application_id=app.pk, clerk=request.user, material_ids=supplied, files=files
    )


CLERK, REVIEWER, APPROVER = (Role.WINDOW_CLERK,), (Role.REVIEWER,), (Role.APPROVER,)
ACTIONS: dict[str, ActionSpec] = {
    "record-materials": ActionSpec(
        Action.RECORD_MATERIALS,
        CLERK,
        forms.RecordMaterialsForm,
        _run_record_materials,
        gettext_lazy("材料已登记。"),
        with_files=True,
    ),
    "accept": ActionSpec(
        Action.ACCEPT,
        CLERK,
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
        CLERK,
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
        CLERK,
        forms.RefuseForm,
        lambda request, app, form: services.refuse(
            application_id=app.pk, clerk=request.user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("已作出不予受理决定。"),
    ),
    "start-review": ActionSpec(
        Action.START_REVIEW,
        REVIEWER,
        forms.StartReviewForm,
        lambda request, app, form: services.start_review(
            application_id=app.pk, reviewer=request.user
        ),
        gettext_lazy("已开始审查。"),
    ),
    "review": ActionSpec(
        Action.REVIEW,
        REVIEWER,
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
        (Role.REVIEWER, Role.APPROVER),
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
        (Role.REVIEWER, Role.APPROVER),
        forms.ResumeForm,
        lambda request, app, form: services.end_special_procedure(
            application_id=app.pk, actor=request.user, note=form.cleaned_data["note"]
        ),
        gettext_lazy("特别程序已结束,计时恢复。"),
    ),
    "decide": ActionSpec(
        Action.DECIDE,
        APPROVER,
        forms.DecideForm,
        lambda request, app, form: services.decide(
            application_id=app.pk,
            approver=request.user,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
            valid_until=form.cleaned_data["valid_until"],
        ),
        gettext_lazy("决定已作出并加盖审批专用章。"),
    ),
    "supply-waived": ActionSpec(
        Action.SUPPLY_WAIVED,
        CLERK,
        forms.SupplyWaivedForm,
        _run_supply_waived,
        gettext_lazy("容缺材料已补交。"),
        with_files=True,
    ),
    "deliver": ActionSpec(
        Action.DELIVER,
        CLERK,
        forms.DeliverForm,
        lambda request, app, form: services.deliver(
            application_id=app.pk,
            clerk=request.user,
            collected_by=form.cleaned_data["collected_by"],
        ),
        gettext_lazy("已出件。"),
    ),
}


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
                stored = _stored_files(app)
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
        "can_reveal": has_role(user, *ID_REVEALERS),
        "needs_inspection": app.item_version.site_inspection,
        "last_opinion": opinions[-1] if opinions else None,
    }


@role_required(*READERS)
@require_GET
def application_detail(request, pk):
    app = _detail_or_404(request.user, pk)
    return render(request, "approvals/application_detail.html", _detail_context(request, app))


@role_required(*READERS)
@require_POST
def application_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    if not has_role(request.user, *spec.roles):
        raise PermissionDenied
    app = _detail_or_404(request.user, pk)
    stored = _stored_files(app) if spec.with_files else ()
    form = spec.form(
        request.POST, request.FILES, application=app, stored_files=stored, auto_id=_auto_id(action)
    )
    status = 400
    if form.is_valid():
        try:
            with transaction.atomic():
                spec.run(request, app, form)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            _field_errors(form, exc, spec.field_map)
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


@role_required(*ID_REVEALERS)
@require_POST
def reveal_id_number(request, pk):
    """显示完整证件号: audited, then shown once on the detail page (PRG)."""
    app = _detail_or_404(request.user, pk)
    record_event(
        actor=request.user,
        obj=app,
        action="view_id_number",
        note=app.applicant.masked_id_number,
        data={"applicant": app.applicant_id},
    )
    request.session[REVEAL_SESSION_KEY] = app.pk
    return redirect(f"{reverse('approvals:detail', args=[app.pk])}#applicant")


@role_required(*READERS)
@require_GET
def material_file(request, pk, file_id):
    """A stored file attached to one of this application's materials."""
    app = _detail_or_404(request.user, pk)
    if not ApplicationMaterial.objects.filter(application=app, file_id=file_id).exists():
        raise Http404
    stored = StoredFile.objects.get(pk=file_id)
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, content_type=stored.content_type, filename=stored.original_name)


# --- documents -----------------------------------------------------------------------------


@role_required(*READERS)
@require_GET
def document(request, pk, kind, fmt="html"):
    app = _detail_or_404(request.user, pk)
    try:
        context = documents.context_for(app, kind)
    except NotFound:
        raise Http404 from None
    if fmt == "pdf" or request.GET.get("format") == "pdf":
        response = HttpResponse(documents.render_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{documents.pdf_filename(app, kind)}"'
        return response
    context["pdf_url"] = reverse("approvals:document_pdf", args=[app.pk, kind])
    return HttpResponse(documents.render_html(context, request=request))


# --- public verification (no login) ---------------------------------------------------------

VERIFY_STATUS_TEXT = {
    Permit.Status.VALID: gettext_lazy("有效"),
    Permit.Status.CHANGED: gettext_lazy("已变更(本证件已由新证件替代,不再有效)"),
    Permit.Status.WITHDRAWN: gettext_lazy("已撤回(本证件不再有效)"),
    Permit.Status.REVOKED: gettext_lazy("已撤销(本证件不再有效)"),
    Permit.Status.CANCELLED: gettext_lazy("已注销(本证件不再有效)"),
    Permit.Status.EXPIRED: gettext_lazy("已过期(本证件不再有效)"),
}


def _client_ip(request) -> str:
    # Behind a proxy, set VERIFY_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP") to the header the
    # proxy sets; never trust a header a client could send straight to us.
    header = settings.VERIFY_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


def _rate_limited(request) -> bool:
    """Fixed one-minute window per client IP in the shared cache."""
    limit = settings.VERIFY_RATE_LIMIT_PER_MINUTE
    window = int(timezone.now().timestamp() // 60)
    key = f"approvals:verify:{_client_ip(request)}:{window}"
    if cache.add(key, 1, timeout=90):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=90)
        return False
    return count > limit


def _not_found(request):
    return render(request, "approvals/verify_not_found.html", status=404)


@never_cache
@require_GET
def verify(request, number):
    """验证: permit number + check code. An unknown number and a wrong code answer alike, and
    a wrong code is refused before any database query, so neither says whether the number
    exists."""
    if _rate_limited(request):
        response = render(request, "approvals/verify_rate_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    code = request.GET.get("c", "")
    if not verification.is_valid_code(number, code):
        return _not_found(request)
    try:
        permit = selectors.permit_by_number(number)
    except NotFound:
        return _not_found(request)
    status = permit.current_status
    replaced_by = getattr(permit, "replaced_by", None) if status == Permit.Status.CHANGED else None
    holder_name = permit.holder_name
    if permit.holder.kind == Applicant.Kind.PERSON:
        holder_name = mask_person_name(holder_name)
    response = render(
        request,
        "approvals/verify.html",
        {
            "permit": permit,
            "holder_name": holder_name,
            "status": status,
            "status_text": VERIFY_STATUS_TEXT.get(status, status),
            "is_valid": status == Permit.Status.VALID,
            "replaced_by": replaced_by,
            "checked_at": timezone.localtime(),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
