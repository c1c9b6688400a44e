"""Correspondence pages: the list (收件 / 发件), information (online and paper) with read receipts
and claim, 函询 with the thread and reply form. Every change goes through
supervision.services.correspondence; out-of-scope objects are 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.selectors import liaison_departments
from core.errors import DomainError, InvalidInput, NotAllowed, NotFound
from core.roles import Role, has_role
from core.uploads import sniff_type
from core.views import role_required
from supervision import formkeys
from supervision.forms_correspondence import InformationForm, InquiryForm, PaperForm, ReplyForm
from supervision.models import Direction, InformationReceipt, Inquiry
from supervision.services import correspondence as svc
from supervision.views._common import _context, _form_errors, _refused, _timeline

READERS = (Role.WINDOW_CLERK, Role.APPROVER, Role.LIAISON, Role.INSPECTOR)
LIST_SIZE = 50


def _refuse(request, exc: DomainError) -> None:
    """A role on neither side of the item: 403 (a Chinese page); out of scope: 404; the rest a
    message on the page it came from."""
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(str(exc.message)) from exc
    _refused(request, exc)


def _own_departments(user):
    return list(liaison_departments(user)) if not svc.is_bureau_user(user) else []


def _incoming_q(user):
    """Where the user's side is the receiver: the bureau receives what goes to the bureau."""
    if svc.is_bureau_user(user):
        return {"direction": Direction.TO_BUREAU}
    return {"direction": Direction.TO_DEPARTMENT}


@role_required(*READERS)
def correspondence(request):
    """收件 / 发件 (inspectors see everything, both directions). Unclaimed and unanswered
    first, then unread, then by deadline and newest; the countdown is the deadline."""
    user = request.user
    tab = request.GET.get("tab") if request.GET.get("tab") in ("in", "out") else "in"
    infos = svc.information_for(user)
    inquiries = svc.inquiries_for(user)
    if svc.is_bureau_user(user) or svc.may_write(user):
        incoming = _incoming_q(user)
        if tab == "in":
            infos, inquiries = infos.filter(**incoming), inquiries.filter(**incoming)
        else:
            infos, inquiries = infos.exclude(**incoming), inquiries.exclude(**incoming)
    receipts = InformationReceipt.objects.filter(information=OuterRef("pk"), reader=user)
    infos = infos.annotate(
        pending=Case(
            When(claimed_at__isnull=True, claim_deadline__isnull=False, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        seen=Exists(receipts),
    ).order_by("pending", "seen", "claim_deadline", "-created_at", "-pk")[:LIST_SIZE]
    inquiries = inquiries.annotate(
        pending=Case(
            When(status=Inquiry.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("pending", "reply_deadline", "-asked_at", "-pk")[:LIST_SIZE]
    infos, inquiries = list(infos), list(inquiries)
    now = timezone.now()
    for info in infos:
        info.overdue = info.is_overdue_at(now)
        info.unread = svc.is_receiver(user, info) and not info.seen
    for inquiry in inquiries:
        inquiry.overdue = inquiry.is_overdue_at(now)
    return render(
        request,
        "supervision/correspondence/list.html",
        _context(
            request,
            tab=tab,
            infos=infos,
            inquiries=inquiries,
            now=now,
            may_write=svc.may_write(user),
            may_register_paper=has_role(user, *svc.PAPER_ROLES),
        ),
    )


def _keyed_form(request, form_class, form_name, **kwargs):
    """A creating form with its one-time key (a double submit creates once)."""
    if request.method != "POST":
        return form_class(initial={"once": formkeys.issue(request.user, form_name)}, **kwargs)
    form = form_class(request.POST, request.FILES or None, **kwargs)
    if formkeys.key_of(request.POST.get("once", ""), request.user, form_name) is None:
        data = request.POST.copy()
        data["once"] = formkeys.issue(request.user, form_name)
        form = form_class(data, request.FILES or None, **kwargs)
        form.key_refused = True
    return form


def _create(request, form, form_name, create, success):
    """Run `create(data, key)`; the page to go to, or None to show the form again."""
    if getattr(form, "key_refused", False):
        form.is_valid()
        form.add_error(None, formkeys.EXPIRED)
        return None
    if request.method != "POST" or not form.is_valid():
        return None
    key = formkeys.key_of(form.cleaned_data["once"], request.user, form_name)
    try:
        target = create(form.cleaned_data, key)
    except InvalidInput as exc:
        _form_errors(form, exc)
    except DomainError as exc:
        if exc.code == "already_submitted":
            messages.warning(request, str(exc.message))
            return redirect("supervision:correspondence")
        form.add_error(None, str(exc.message))
    else:
        messages.success(request, success)
        return target
    return None


@role_required(*READERS)
def correspondence_new(request):
    user = request.user
    if not svc.may_write(user):
        raise Http404
    bureau = svc.is_bureau_user(user)
    own = _own_departments(user)
    form = _keyed_form(
        request, InformationForm, svc.INFORMATION_FORM, bureau=bureau, own_departments=own
    )

    def create(data, key):
        chosen = data.get("departments")
        ids = [d.pk for d in chosen] if bureau else ([chosen.pk] if chosen else None)
        rows = svc.create_information(
            user=user,
            kind=data["kind"],
            title=data["title"],
            body=data.get("body", ""),
            attachment=data.get("attachment"),
            department_ids=ids,
            submission_key=key,
        )
        if len(rows) == 1:
            return redirect("supervision:correspondence_detail", pk=rows[0].pk)
        return redirect("supervision:correspondence")

    done = _create(request, form, svc.INFORMATION_FORM, create, _("信息已发送。"))
    if done:
        return done
    return render(
        request,
        "supervision/correspondence/form.html",
        _context(request, form=form, heading=_("发送信息"), button=_("发送"), testid="info-form"),
        status=400 if request.method == "POST" else 200,
    )


@role_required(*svc.PAPER_ROLES)
def paper_new(request):
    user = request.user
    form = _keyed_form(request, PaperForm, svc.PAPER_FORM)

    def create(data, key):
        info = svc.register_paper(
            user=user,
            kind=data["kind"],
            department_id=data["department"].pk,
            title=data["title"],
            attachment=data["attachment"],
            paper_date=data["paper_date"],
            reference_number=data.get("reference_number", ""),
            body=data.get("body", ""),
            submission_key=key,
        )
        return redirect("supervision:correspondence_detail", pk=info.pk)

    done = _create(request, form, svc.PAPER_FORM, create, _("纸质件已登记,待部门签收。"))
    if done:
        return done
    return render(
        request,
        "supervision/correspondence/form.html",
        _context(
            request,
            form=form,
            heading=_("登记纸质件"),
            intro=_("书面公函、案卷移送或线下推送:上传扫描件,送达部门须在 3 个工作日内签收。"),
            button=_("登记"),
            testid="paper-form",
        ),
        status=400 if request.method == "POST" else 200,
    )


@role_required(*READERS)
def correspondence_detail(request, pk):
    try:
        info = svc.access_information(request.user, pk)
    except NotFound:
        raise Http404 from None
    svc.record_read(user=request.user, info=info)
    receipts = list(info.receipts.select_related("reader"))
    readers = svc.required_readers(info)
    read_by = {r.reader_id for r in receipts}
    return render(
        request,
        "supervision/correspondence/detail.html",
        _context(
            request,
            info=info,
            overdue=info.is_overdue_at(timezone.now()),
            receipts=receipts,
            unread=[u for u in readers if u.pk not in read_by],
            can_claim=info.needs_claim
            and not info.is_claimed
            and svc.is_receiver(request.user, info),
            events=_timeline(info),
        ),
    )


def _download(obj, prefix):
    if not obj.attachment:
        raise Http404
    handle = obj.attachment.open("rb")
    sniffed = sniff_type(handle.read(16))
    handle.seek(0)
    content_type, extension = sniffed or ("application/octet-stream", "")
    name = f"{prefix}-{obj.pk}.{extension}" if extension else f"{prefix}-{obj.pk}"
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*READERS)
def correspondence_attachment(request, pk):
    try:
        info = svc.access_information(request.user, pk)
    except NotFound:
        raise Http404 from None
    return _download(info, "information")


@require_POST
@role_required(*READERS)
def correspondence_claim(request, pk):
    try:
        info = svc.claim_information(user=request.user, information_id=pk)
    except DomainError as exc:
        _refuse(request, exc)
    else:
        if info.claim_late:
            messages.warning(request, _("已签收(逾期签收,已记录)。"))
        else:
            messages.success(request, _("已签收。"))
    return redirect("supervision:correspondence_detail", pk=pk)


@role_required(*READERS)
def inquiry_new(request):
    user = request.user
    if not svc.may_write(user):
        raise Http404
    bureau = svc.is_bureau_user(user)
    own = _own_departments(user)
    form = _keyed_form(request, InquiryForm, svc.INQUIRY_FORM, bureau=bureau, own_departments=own)

    def create(data, key):
        department = data.get("department")
        inquiry = svc.ask_inquiry(
            user=user,
            subject=data["subject"],
            question=data["question"],
            reply_days=data["reply_days"],
            attachment=data.get("attachment"),
            department_id=department.pk if department else None,
            submission_key=key,
        )
        return redirect("supervision:inquiry_detail", pk=inquiry.pk)

    done = _create(request, form, svc.INQUIRY_FORM, create, _("函询已发出。"))
    if done:
        return done
    return render(
        request,
        "supervision/correspondence/form.html",
        _context(
            request, form=form, heading=_("发出函询"), button=_("发出"), testid="inquiry-form"
        ),
        status=400 if request.method == "POST" else 200,
    )


@role_required(*READERS)
def inquiry_detail(request, pk, reply_form=None, status=200):
    try:
        inquiry = svc.access_inquiry(request.user, pk)
    except NotFound:
        raise Http404 from None
    user = request.user
    receiver, sender = svc.is_receiver(user, inquiry), svc.is_sender(user, inquiry)
    may_reply = (receiver or sender) and inquiry.status != Inquiry.Status.CLOSED
    return render(
        request,
        "supervision/correspondence/inquiry.html",
        _context(
            request,
            inquiry=inquiry,
            thread=list(inquiry.messages.select_related("author")),
            overdue=inquiry.is_overdue_at(timezone.now()),
            reply_form=(reply_form or ReplyForm()) if may_reply else None,
            reply_label=_("回复") if receiver else _("追问"),
            can_close=sender and inquiry.status == Inquiry.Status.ANSWERED,
            events=_timeline(inquiry),
        ),
        status=status,
    )


@require_POST
@role_required(*READERS)
def inquiry_reply(request, pk):
    try:
        inquiry = svc.access_inquiry(request.user, pk)
    except NotFound:
        raise Http404 from None
    if not (svc.is_receiver(request.user, inquiry) or svc.is_sender(request.user, inquiry)):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            svc.reply_inquiry(user=request.user, inquiry_id=pk, body=form.cleaned_data["body"])
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refuse(request, exc)
            return redirect("supervision:inquiry_detail", pk=pk)
        else:
            messages.success(request, _("已发送。"))
            return redirect("supervision:inquiry_detail", pk=pk)
    return inquiry_detail(request, pk, reply_form=form, status=400)


@require_POST
@role_required(*READERS)
def inquiry_close(request, pk):
    try:
        svc.close_inquiry(user=request.user, inquiry_id=pk)
    except DomainError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("函询已关闭。"))
    return redirect("supervision:inquiry_detail", pk=pk)


@role_required(*READERS)
def inquiry_attachment(request, pk):
    try:
        inquiry = svc.access_inquiry(request.user, pk)
    except NotFound:
        raise Http404 from None
    return _download(inquiry, "inquiry")
