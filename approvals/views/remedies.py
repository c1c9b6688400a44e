"""Pages of the remedies part (复议应诉): the list (open first, reply due dates coloured), one
remedy with its actions, the record form reached from a decision, and the application page's
section (detail_context). Every write calls one service of approvals.services.remedies."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from approvals.limits import NAME_MAX, NOTE_MAX, REASON_MAX
from approvals.models import Remedy
from approvals.models.remedies import CASE_NUMBER_MAX, OUTCOME_DOCUMENT_MAX, REMEDY_BODY_MAX
from approvals.services import remedies as services
from approvals.services.remedies import (
    REMEDY_READERS,
    REMEDY_ROLES,
    RemedyAction,
)
from audit.services import events_for
from core.errors import DomainError, NotFound
from core.roles import has_role
from core.views import role_required

PAGE_SIZE = 50
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class AsciiDateField(forms.DateField):
    """YYYY-MM-DD in ASCII digits: strptime alone would also take fullwidth (２０２６) digits."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not _ISO_DATE.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _date(label, **kwargs):
    return AsciiDateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        **kwargs,
    )


# --- forms --------------------------------------------------------------------------------------


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Remedy.Kind.choices)
    body = forms.CharField(
        label=gettext_lazy("复议机关 / 人民法院"),
        max_length=REMEDY_BODY_MAX,
        help_text=gettext_lazy("如:示例县人民政府;示例县人民法院"),
    )
    case_number = forms.CharField(label=gettext_lazy("案号"), max_length=CASE_NUMBER_MAX)
    claimant = forms.CharField(label=gettext_lazy("申请人 / 原告"), max_length=NAME_MAX)
    received_on = _date(
        gettext_lazy("收到申请书 / 起诉状副本日期"),
        help_text=gettext_lazy(
            "复议:自收到之日起 10 个工作日内书面答复(行政复议法第四十八条、第八十八条);"
            "诉讼:15 日内提交答辩状和证据(行政诉讼法第六十七条)。"
        ),
    )
    accepted_on = _date(gettext_lazy("受理 / 立案日期(选填)"), required=False)
    notes = forms.CharField(
        label=gettext_lazy("备注"), max_length=REASON_MAX, required=False, widget=forms.Textarea
    )


class ReplyForm(forms.Form):
    replied_on = _date(gettext_lazy("答复 / 答辩日期"))
    note = forms.CharField(
        label=gettext_lazy("说明"), max_length=NOTE_MAX, required=False, widget=forms.Textarea
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("结果"), choices=Remedy.Outcome.choices)
    outcome_on = _date(gettext_lazy("结果日期"))
    document_number = forms.CharField(
        label=gettext_lazy("复议决定书 / 判决书文号"),
        max_length=OUTCOME_DOCUMENT_MAX,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("备注"), max_length=REASON_MAX, required=False, widget=forms.Textarea
    )


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("处理情况"), max_length=NOTE_MAX, widget=forms.Textarea
    )


class RemedyFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        choices=[("", gettext_lazy("全部"))] + list(Remedy.Status.choices),
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=[("", gettext_lazy("全部"))] + list(Remedy.Kind.choices),
        required=False,
    )
    follow_up = forms.ChoiceField(
        label=gettext_lazy("后续处理"),
        choices=[("", gettext_lazy("全部"))] + list(Remedy.FollowUp.choices),
        required=False,
    )


def _field_errors(form, exc: DomainError) -> None:
    for name, msgs in (exc.fields or {}).items():
        if name in form.fields:
            form.add_error(name, [str(m) for m in msgs])


# --- the application page's section -------------------------------------------------------


def detail_context(app, user) -> dict:
    """What this part adds to the application page (approvals/_detail_remedies.html reads it):
    the remedies against the application's decisions, and the decisions a recorder may
    register a remedy against."""
    if not has_role(user, *REMEDY_READERS):
        return {}
    remedies = list(services.remedies_of_application(app.pk))
    services.mark_reply_due(remedies)
    may_record = services.may_record(user)
    return {
        "remedies": remedies,
        "remedy_decisions": list(app.decisions.all()) if may_record else [],
        "may_record_remedy": may_record,
    }


# --- pages ----------------------------------------------------------------------------------


@role_required(*REMEDY_READERS)
def remedy_list(request):
    form = RemedyFilterForm(request.GET or None)
    queryset = services.remedies_for(request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for name in ("status", "kind", "follow_up"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    services.mark_reply_due(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "approvals/remedies/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _remedy_or_404(user, pk) -> Remedy:
    try:
        return services.remedy_detail(user, pk)
    except NotFound:
        raise Http404 from None


ACTION_FORMS = {
    "reply": (RemedyAction.REPLY, ReplyForm),
    "outcome": (RemedyAction.OUTCOME, OutcomeForm),
    "resolve": (RemedyAction.RESOLVE, ResolveForm),
}


def _detail(request, remedy, bound=None, status=200):
    bound = bound or {}
    allowed = set(services.remedy_actions(remedy, request.user))
    action_forms = {}
    for key, (action, form_class) in ACTION_FORMS.items():
        if key in bound:
            action_forms[key] = bound[key]
        elif action in allowed:
            action_forms[key] = form_class(auto_id=f"id_{key}_%s")
    services.mark_reply_due([remedy])
    return render(
        request,
        "approvals/remedies/detail.html",
        {"remedy": remedy, "forms": action_forms, "events": list(events_for(remedy))},
        status=status,
    )


@role_required(*REMEDY_READERS)
def remedy_detail(request, pk):
    return _detail(request, _remedy_or_404(request.user, pk))


@role_required(*REMEDY_ROLES[RemedyAction.RECORD])
def remedy_new(request, pk):
    """登记复议/诉讼 against decision `pk` (reached from the application page)."""
    try:
        decision = services.decision_for_remedy(pk)
    except NotFound:
        raise Http404 from None
    status = 200
    if request.method == "POST":
        form = RemedyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                remedy = services.record_remedy(decision_id=decision.pk, actor=request.user, **data)
            except DomainError as exc:
                _field_errors(form, exc)
                messages.error(request, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("已登记,答复期限 %(d)s。") % {"d": remedy.reply_due_on.isoformat()},
                )
                return redirect("approvals:remedy_detail", pk=remedy.pk)
        else:
            messages.error(request, _("请检查表单中标出的错误。"))
            status = 400
    else:
        form = RemedyForm()
    return render(
        request,
        "approvals/remedies/new.html",
        {"form": form, "decision": decision},
        status=status,
    )


def _run(request, remedy, key, data):
    if key == "reply":
        return services.record_reply(remedy_id=remedy.pk, actor=request.user, **data)
    if key == "outcome":
        return services.record_outcome(remedy_id=remedy.pk, actor=request.user, **data)
    return services.resolve_follow_up(remedy_id=remedy.pk, actor=request.user, **data)


_DONE = {
    "reply": gettext_lazy("答复已登记。"),
    "outcome": gettext_lazy("结果已登记。"),
    "resolve": gettext_lazy("已记录处理情况。"),
}


@role_required(*REMEDY_READERS)
@require_POST
def remedy_action(request, pk, action):
    action_name, form_class = ACTION_FORMS[action]
    if not has_role(request.user, *REMEDY_ROLES[action_name]):
        raise PermissionDenied
    remedy = _remedy_or_404(request.user, pk)
    form = form_class(request.POST, auto_id=f"id_{action}_%s")
    status = 400
    if form.is_valid():
        try:
            _run(request, remedy, action, form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            _field_errors(form, exc)
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, str(_DONE[action]))
            return redirect("approvals:remedy_detail", pk=remedy.pk)
    else:
        messages.error(request, _("请检查表单中标出的错误。"))
    remedy = _remedy_or_404(request.user, pk)
    return _detail(request, remedy, bound={action: form}, status=status)
