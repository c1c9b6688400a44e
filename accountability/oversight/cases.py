"""Accountability cases (问责): the one way in for every change. Each service checks the role
(inspectors) and the state, writes the change, its step and its audit event in one transaction,
and tells the assignee after commit (supervision.services.notify sends the mail on commit)."""

from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accountability.models import Case, CaseStep, OverdueRecord
from audit.actions import register_actions
from audit.services import record_event
from catalog.selectors import liaisons_of
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, require_role
from core.text import forbidden_character, normalize_text
from supervision.services import notify
from workdays import services as workdays

register_actions(
    {
        "case_open": gettext_lazy("问责立案"),
        "case_assign": gettext_lazy("问责交办"),
        "case_findings": gettext_lazy("问责查明情况"),
        "case_close": gettext_lazy("问责结案"),
    }
)

S = Case.Status
MAX_WORKING_DAYS = 60

# source kind -> (app label, model name): complaints and ratings are H4's, read by name.
SOURCE_MODELS = {
    "overdue": ("accountability", "OverdueRecord"),
    "complaint": ("accountability", "Complaint"),
    "rating": ("accountability", "Rating"),
    "audit": ("audit", "AuditEvent"),
    "review": ("accountability", "ReviewFinding"),
}


def parse_source(text: str) -> tuple[str, int]:
    """'kind:id' -> (kind, id); anything else is InvalidInput."""
    kind, sep, pk = (text or "").partition(":")
    if not sep or kind not in SOURCE_MODELS or not (pk.isascii() and pk.isdigit()):
        raise InvalidInput(
            _("来源格式应为 类型:编号,类型为 overdue、complaint、rating、audit 或 review。")
        )
    if len(pk) > 18:
        raise NotFound(_("来源不存在。"))
    return kind, int(pk)


def resolve_source(kind: str, pk: int):
    """The source object, or NotFound (also when its model is not installed yet)."""
    app_label, name = SOURCE_MODELS[kind]
    try:
        model = apps.get_model(app_label, name)
    except LookupError:
        raise NotFound(_("该来源类型尚未启用。")) from None
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("来源不存在。"))
    return obj


def _source_url(obj) -> str:
    if isinstance(obj, OverdueRecord):
        target = obj.push or obj.report or obj.application
        names = {"push": "supervision:push_detail", "report": "supervision:report_detail"}
        return reverse(names.get(obj.kind, "approvals:detail"), args=[target.pk]) if target else ""
    if obj._meta.label == "audit.AuditEvent":
        return reverse("audit:event_detail", args=[obj.pk])
    url = getattr(obj, "get_absolute_url", None)
    return url() if url else ""


def _source_department(obj):
    return getattr(obj, "department", None)


def _text(value: str, *, limit: int, label: str, required: bool = False) -> str:
    value = normalize_text(value or "")
    if required and not value:
        raise InvalidInput(_("请填写%(label)s。") % {"label": label})
    if len(value) > limit:
        raise InvalidInput(_("%(label)s最多 %(n)d 个字符。") % {"label": label, "n": limit})
    if forbidden_character(value.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise InvalidInput(_("%(label)s含有不允许的控制字符。") % {"label": label})
    return value


def _lock(case_id) -> Case:
    try:
        return Case.objects.select_for_update().get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _step(case: Case, *, action: str, actor, note: str = "", now=None) -> CaseStep:
    now = now or timezone.now()
    late = bool(case.deadline and now > case.deadline)
    return CaseStep.objects.create(
        case=case, action=action, actor=actor, at=now, note=note, late=late
    )


def _tell_assignee(case: Case, subject: str) -> None:
    users = (
        [case.assignee]
        if case.assignee_id
        else (list(liaisons_of([case.department_id])) if case.department_id else [])
    )
    if users:
        notify(users, subject=subject, body=case.title, link=case.get_absolute_url())


@transaction.atomic
def open_case(*, user, source: str, title: str, description: str = "") -> Case:
    require_role(user, Role.INSPECTOR)
    kind, pk = parse_source(source)
    obj = resolve_source(kind, pk)
    title = _text(title, limit=200, label=_("标题"), required=True)
    description = _text(description, limit=4000, label=_("案情"))
    now = timezone.now()
    case = Case.objects.create(
        source_kind=kind,
        source_id=pk,
        source_label=str(obj)[:300],
        source_url=_source_url(obj),
        title=title,
        description=description,
        department=_source_department(obj),
        opened_by=user,
        opened_at=now,
    )
    _step(case, action="open", actor=user, note=description, now=now)
    record_event(actor=user, obj=case, action="case_open", after=S.OPEN, data={"source": source})
    return case


@transaction.atomic
def assign(*, user, case_id, department=None, assignee=None, working_days: int) -> Case:
    require_role(user, Role.INSPECTOR)
    case = _lock(case_id)
    if case.status not in (S.OPEN, S.ASSIGNED):
        raise InvalidTransition(case, "assign")
    if department is None and assignee is None:
        raise InvalidInput(_("请指定承办部门或承办人。"))
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise InvalidInput(_("办理期限应为 1 至 %(n)d 个工作日。") % {"n": MAX_WORKING_DAYS})
    now = timezone.now()
    before = case.status
    case.department = department or case.department
    case.assignee = assignee
    case.deadline = workdays.deadline_after(now, working_days).at
    case.status = S.ASSIGNED
    case.save(update_fields=["department", "assignee", "deadline", "status"])
    _step(
        case,
        action="assign",
        actor=user,
        note=_("%(n)d 个工作日内办结") % {"n": working_days},
        now=now,
    )
    record_event(
        actor=user,
        obj=case,
        action="case_assign",
        before=before,
        after=S.ASSIGNED,
        data={
            "department": case.department_id,
            "assignee": case.assignee_id,
            "deadline": case.deadline.isoformat(),
        },
    )
    _tell_assignee(case, _("问责案件交办:%(t)s") % {"t": case.title})
    return case


@transaction.atomic
def record_findings(*, user, case_id, findings: str) -> Case:
    require_role(user, Role.INSPECTOR)
    case = _lock(case_id)
    if case.status not in (S.ASSIGNED, S.FINDINGS):
        raise InvalidTransition(case, "findings")
    findings = _text(findings, limit=4000, label=_("查明情况"), required=True)
    before = case.status
    case.findings, case.status = findings, S.FINDINGS
    case.save(update_fields=["findings", "status"])
    _step(case, action="findings", actor=user, note=findings)
    record_event(actor=user, obj=case, action="case_findings", before=before, after=S.FINDINGS)
    return case


@transaction.atomic
def close(*, user, case_id, outcome: str, note: str = "") -> Case:
    require_role(user, Role.INSPECTOR)
    case = _lock(case_id)
    if case.status != S.FINDINGS:
        raise InvalidTransition(case, "close")
    if outcome not in Case.Outcome.values:
        raise InvalidInput(_("请选择处理结果。"))
    note = _text(note, limit=4000, label=_("说明"))
    now = timezone.now()
    case.outcome, case.status, case.closed_at = outcome, S.CLOSED, now
    case.save(update_fields=["outcome", "status", "closed_at"])
    _step(case, action="close", actor=user, note=note, now=now)
    record_event(
        actor=user,
        obj=case,
        action="case_close",
        before=S.FINDINGS,
        after=S.CLOSED,
        data={"outcome": outcome},
    )
    _tell_assignee(case, _("问责案件已结案:%(t)s") % {"t": case.title})
    return case
