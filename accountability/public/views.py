"""Public pages (no login): 进度查询, 好差评, 投诉, 双公示; and the inspectors' pages that handle
follow-ups and complaints. Each page parses, calls a service or a selector, renders."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accountability.models import Complaint, Rating, RatingFollowUp
from accountability.public import lookup, selectors, services
from accountability.public.forms import (
    CloseFollowUpForm,
    ComplaintForm,
    ContactForm,
    OnlineRatingForm,
    ProgressForm,
    RatingForm,
    ReplyForm,
)
from accountability.public.workflow import HANDLERS, complaint_actions, followup_actions
from approvals import disclosure
from core import ratelimit
from core.errors import DomainError, InvalidInput, NotFound
from core.roles import Role
from core.views import role_required

PAGE_SIZE = 25
TEMPLATE = "accountability/public/"
NOT_FOUND = gettext_lazy("未查到与该受理编号和证件号码后 4 位相符的办件,请核对后重试。")


def _put_errors(form, exc: InvalidInput) -> None:
    if not exc.fields:
        form.add_error(None, str(exc.message))
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, str(error))


def _limited(request, message):
    response = render(request, TEMPLATE + "rate_limited.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


def _progress_context(application) -> dict:
    rating = selectors.rating_of(application)
    followup = getattr(rating, "followup", None) if rating else None
    can_rate = rating is None and disclosure.is_delivered(application)
    return {
        "app": application,
        "status_label": application.get_status_display(),
        "rating": rating,
        "followup": followup,
        "rating_form": (
            OnlineRatingForm(initial={"token": lookup.rating_token(application)})
            if can_rate
            else None
        ),
    }


# --- 进度查询 -------------------------------------------------------------------------------------


@never_cache
def progress(request):
    """GET: the form. POST (CSRF; the ID fragment stays out of URLs and logs): the lookup."""
    if request.method != "POST":
        return render(request, TEMPLATE + "progress.html", {"form": ProgressForm()})
    if lookup.ip_limited(request):
        return _limited(request, _("查询次数过多,请一分钟后再试。"))
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE + "progress.html", {"form": form}, status=400)
    receipt = lookup.normalize_receipt(form.cleaned_data["receipt_number"])
    fragment = lookup.normalize_fragment(form.cleaned_data["id_last4"])
    if not lookup.well_formed(receipt, fragment):
        form.add_error(None, _("请按格式填写:受理编号如 SL2026000001,证件号码后 4 位为数字或 X。"))
        return render(request, TEMPLATE + "progress.html", {"form": form}, status=400)
    if lookup.number_limited(receipt):
        return _limited(request, _("该受理编号查询次数过多,请稍后再试。"))
    application = lookup.find(receipt, fragment)
    if application is None:
        form.add_error(None, NOT_FOUND)
        return render(request, TEMPLATE + "progress.html", {"form": form, "not_found": True})
    return render(request, TEMPLATE + "progress_result.html", _progress_context(application))


# --- 好差评 ---------------------------------------------------------------------------------------


@never_cache
@require_POST
def rate(request):
    """The rating from the progress page: the signed token names the looked-up application."""
    form = OnlineRatingForm(request.POST)
    application_id = lookup.application_id_from_token(request.POST.get("token", ""))
    if application_id is None:
        return render(
            request,
            TEMPLATE + "rate_refused.html",
            {"message": _("评价页面已过期,请重新查询进度后再评价。")},
            status=400,
        )
    if not form.is_valid():
        try:
            application = disclosure.application_by_id(application_id)
        except ObjectDoesNotExist:
            raise Http404 from None
        context = _progress_context(application)
        context["rating_form"] = form
        return render(request, TEMPLATE + "progress_result.html", context, status=400)
    try:
        rating = services.rate(
            application_id=application_id,
            level=form.cleaned_data["level"],
            comment=form.cleaned_data["comment"],
            channel=Rating.Channel.ONLINE,
        )
    except NotFound:
        raise Http404 from None
    except InvalidInput as exc:
        return render(request, TEMPLATE + "rate_refused.html", {"message": exc.message}, status=400)
    except DomainError as exc:  # already rated (a double submit), not delivered
        return render(
            request, TEMPLATE + "rate_refused.html", {"message": exc.message}, status=exc.status
        )
    return render(request, TEMPLATE + "rate_done.html", {"rating": rating})


@role_required(Role.WINDOW_CLERK)
def rate_window_find(request):
    """The window's way in: the clerk types the receipt number of the case being handed over."""
    typed = request.GET.get("receipt_number")
    error = ""
    if typed is not None:
        receipt = lookup.normalize_receipt(typed[:40])
        application = (
            disclosure.application_by_receipt(receipt)
            if receipt.isascii() and lookup.RECEIPT.fullmatch(receipt)
            else None
        )
        if application is not None:
            return redirect("public:rate_window", pk=application.pk)
        error = _("未找到该受理编号的办件。")
    return render(
        request,
        TEMPLATE + "rate_window_find.html",
        {"typed": (typed or "")[:40], "error": error},
        status=400 if error else 200,
    )


@never_cache
@role_required(Role.WINDOW_CLERK)
def rate_window(request, pk):
    """窗口评价: the clerk turns the screen to the applicant, who rates the delivered case."""
    try:
        application = disclosure.application_by_id(pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    rating = selectors.rating_of(application)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rating = services.rate(
                    application_id=application.pk,
                    level=form.cleaned_data["level"],
                    comment=form.cleaned_data["comment"],
                    channel=Rating.Channel.WINDOW,
                    clerk=request.user,
                )
            except InvalidInput as exc:
                _put_errors(form, exc)
                status = 400
            except DomainError as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                return render(request, TEMPLATE + "rate_done.html", {"rating": rating})
        else:
            status = 400
    return render(
        request,
        TEMPLATE + "rate_window.html",
        {
            "app": application,
            "rating": rating,
            "delivered": disclosure.is_delivered(application),
            "form": form,
        },
        status=status,
    )


# --- inspectors: follow-ups -----------------------------------------------------------------------


def _status_filter(request, choices):
    value = request.GET.get("status", "")
    return value if value in dict(choices) else ""


@role_required(*HANDLERS)
def followups(request):
    status = _status_filter(request, RatingFollowUp.Status.choices)
    page = Paginator(selectors.followups(status or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    now = timezone.now()
    for row in rows:
        row.overdue = row.is_overdue_at(now)
    return render(
        request,
        TEMPLATE + "followups.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": RatingFollowUp.Status.choices,
        },
    )


@role_required(*HANDLERS)
def followup_detail(request, pk, contact_form=None, close_form=None, status=200):
    try:
        followup = selectors.followup(pk)
    except RatingFollowUp.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        TEMPLATE + "followup_detail.html",
        {
            "followup": followup,
            "rating": followup.rating,
            "app": followup.rating.application,
            "overdue": followup.is_overdue_at(timezone.now()),
            "actions": followup_actions(followup),
            "contact_form": contact_form or ContactForm(),
            "close_form": close_form or CloseFollowUpForm(),
        },
        status=status,
    )


def _handle(request, pk, form, call, detail, form_name):
    """One handling step: a valid form calls the service; a refusal is a message (state) or a
    form error (input), shown on the detail page."""
    if not form.is_valid():
        return detail(request, pk, **{form_name: form, "status": 400})
    try:
        call(form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except InvalidInput as exc:
        _put_errors(form, exc)
        return detail(request, pk, **{form_name: form, "status": 400})
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已保存。"))
    return None


@require_POST
@role_required(*HANDLERS)
def followup_contact(request, pk):
    response = _handle(
        request,
        pk,
        ContactForm(request.POST),
        lambda data: services.record_followup_contact(
            followup_id=pk, inspector=request.user, result=data["contact_result"]
        ),
        followup_detail,
        "contact_form",
    )
    return response or redirect("public:followup_detail", pk=pk)


@require_POST
@role_required(*HANDLERS)
def followup_close(request, pk):
    response = _handle(
        request,
        pk,
        CloseFollowUpForm(request.POST),
        lambda data: services.close_followup(
            followup_id=pk, inspector=request.user, outcome=data["outcome"]
        ),
        followup_detail,
        "close_form",
    )
    return response or redirect("public:followup_detail", pk=pk)


@role_required(*HANDLERS)
def rating_detail(request, pk):
    try:
        rating = selectors.rating(pk)
    except Rating.DoesNotExist:
        raise Http404 from None
    followup = getattr(rating, "followup", None)
    if followup is not None:
        return redirect("public:followup_detail", pk=followup.pk)
    return render(request, TEMPLATE + "rating_detail.html", {"rating": rating})


# --- 投诉 -----------------------------------------------------------------------------------------


@never_cache
def complain(request):
    form = ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if ratelimit.limited(
            "public:complain",
            request,
            limit=settings.COMPLAINT_RATE_LIMIT,
            window=600,
        ):
            return _limited(request, _("提交次数过多,请稍后再试。"))
        if form.is_valid():
            try:
                complaint = services.submit_complaint(**form.cleaned_data)
            except InvalidInput as exc:
                _put_errors(form, exc)
            else:
                return render(request, TEMPLATE + "complain_done.html", {"complaint": complaint})
        status = 400
    return render(request, TEMPLATE + "complain.html", {"form": form}, status=status)


@role_required(*HANDLERS)
def complaints(request):
    status = _status_filter(request, Complaint.Status.choices)
    page = Paginator(selectors.complaints(status or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    now = timezone.now()
    for row in rows:
        row.overdue = row.is_overdue_at(now)
    return render(
        request,
        TEMPLATE + "complaints.html",
        {"page": page, "rows": rows, "status": status, "statuses": Complaint.Status.choices},
    )


@role_required(*HANDLERS)
def complaint_detail(request, pk, reply_form=None, status=200):
    try:
        complaint = selectors.complaint(pk)
    except Complaint.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        TEMPLATE + "complaint_detail.html",
        {
            "complaint": complaint,
            "overdue": complaint.is_overdue_at(timezone.now()),
            "actions": complaint_actions(complaint),
            "reply_form": reply_form or ReplyForm(),
        },
        status=status,
    )


@require_POST
@role_required(*HANDLERS)
def complaint_accept(request, pk):
    try:
        services.accept_complaint(complaint_id=pk, inspector=request.user)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已受理。"))
    return redirect("public:complaint_detail", pk=pk)


@require_POST
@role_required(*HANDLERS)
def complaint_reply(request, pk):
    response = _handle(
        request,
        pk,
        ReplyForm(request.POST),
        lambda data: services.reply_complaint(
            complaint_id=pk, inspector=request.user, reply=data["reply"]
        ),
        complaint_detail,
        "reply_form",
    )
    return response or redirect("public:complaint_detail", pk=pk)


@require_POST
@role_required(*HANDLERS)
def complaint_close(request, pk):
    try:
        services.close_complaint(complaint_id=pk, inspector=request.user)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已办结。"))
    return redirect("public:complaint_detail", pk=pk)
