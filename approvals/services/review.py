"""Review and the clock: opinions, special procedures that pause the due date."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import archive
from approvals.limits import INSPECTION_MAX, NOTE_MAX, OPINION_MAX
from approvals.models import (
    Application,
    ReviewOpinion,
    SpecialProcedure,
)
from approvals.services._common import (
    S,
    _lock,
    _require,
    _set_status,
    clean_text,
)
from approvals.services.deadlines import due_of
from approvals.workflow import ROLES, Action
from audit.services import record_event
from core.errors import InvalidInput, NotAllowed
from core.roles import require_role
from workdays import services as workdays


@transaction.atomic
def start_review(*, application_id, reviewer) -> Application:
    require_role(reviewer, *ROLES[Action.START_REVIEW])
    app = _lock(application_id)
    _require(app, Action.START_REVIEW)
    app.reviewed_by = reviewer
    _set_status(app, reviewer, "start_review", S.UNDER_REVIEW, fields=("reviewed_by",))
    return app


@transaction.atomic
def review(
    *, application_id, reviewer, opinion: str, recommendation: str, site_inspection: str = ""
) -> ReviewOpinion:
    require_role(reviewer, *ROLES[Action.REVIEW])
    app = _lock(application_id)
    _require(app, Action.REVIEW)
    errors = {}
    texts = {}
    for field, value, limit in (
        ("opinion", opinion, OPINION_MAX),
        ("site_inspection", site_inspection, INSPECTION_MAX),
    ):
        try:
            texts[field] = clean_text(value, field=field, limit=limit)
        except InvalidInput as exc:
            errors.update(exc.fields)
    opinion, site_inspection = texts.get("opinion"), texts.get("site_inspection")
    if opinion == "":  # nothing visible: empty, spaces or zero-width characters only
        errors["opinion"] = [_("请填写审查意见。")]
    if recommendation not in ReviewOpinion.Recommendation.values:
        errors["recommendation"] = [_("审查建议应为 approve 或 deny。")]
    if app.item_version.site_inspection and site_inspection == "":
        errors["site_inspection"] = [_("该事项需现场踏勘,请填写踏勘记录。")]
    if errors:
        code = "site_inspection_required" if list(errors) == ["site_inspection"] else "invalid"
        raise InvalidInput(next(iter(errors.values()))[0], code=code, fields=errors)
    if app.reviewed_by_id and app.reviewed_by_id != reviewer.pk and app.status == S.UNDER_REVIEW:
        raise NotAllowed(_("该办件由其他审查人员审查中。"), code="not_your_case")
    opinion_row = ReviewOpinion.objects.create(
        application=app,
        reviewer=reviewer,
        opinion=opinion,
        recommendation=recommendation,
        site_inspection=site_inspection,
    )
    app.reviewed_by = reviewer
    _set_status(
        app,
        reviewer,
        "review",
        S.REVIEWED,
        note=opinion,
        fields=("reviewed_by",),
        data={"recommendation": recommendation},
    )
    return opinion_row


@transaction.atomic
def start_special_procedure(
    *, application_id, actor, kind: str, note: str = ""
) -> SpecialProcedure:
    """听证、检验检测、专家评审、公示: the clock stops until the procedure ends."""
    require_role(actor, *ROLES[Action.PAUSE])
    app = _lock(application_id)
    _require(app, Action.PAUSE)
    note = clean_text(note, field="note", limit=NOTE_MAX)
    if kind not in SpecialProcedure.Kind.values:
        raise InvalidInput(_("特别程序类型无效。"), fields={"kind": [_("无效的选项。")]})
    procedure = SpecialProcedure.objects.create(
        application=app, kind=kind, note=note, started_at=timezone.now(), started_by=actor
    )
    app.paused = True
    app.save(update_fields=["paused", "updated_at"])
    record_event(
        actor=actor,
        obj=app,
        action="pause",
        before=app.status,
        after=app.status,
        note=f"{procedure.get_kind_display()} {note}".strip(),
    )
    archive.issue_notice("special_procedure", application=app, actor=actor)  # 特别程序告知书
    return procedure


@transaction.atomic
def end_special_procedure(*, application_id, actor, note: str = "") -> SpecialProcedure:
    """Ends the open procedure; the due date moves by the working days it took."""
    require_role(actor, *ROLES[Action.RESUME])
    app = _lock(application_id)
    _require(app, Action.RESUME)
    note = clean_text(note, field="note", limit=NOTE_MAX)
    procedure = app.special_procedures.select_for_update().get(ended_at__isnull=True)
    now = timezone.now()
    started = timezone.localdate(procedure.started_at)
    days = workdays.working_days_between(started, timezone.localdate(now))
    procedure.ended_at, procedure.ended_by, procedure.working_days = now, actor, days
    if note:
        procedure.note = f"{procedure.note}\n{note}".strip()
    procedure.save(update_fields=["ended_at", "ended_by", "working_days", "note"])
    before_due = app.due_date
    app.paused = False
    app.paused_working_days += days
    if days and app.due_date:
        # Recomputed from acceptance with every paused day so far: the one due-date rule.
        deadline = due_of(app)
        app.due_date, app.due_at = deadline.date, deadline.at
        app.due_provisional = deadline.provisional
    app.save(
        update_fields=[
            "paused",
            "paused_working_days",
            "due_date",
            "due_at",
            "due_provisional",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        obj=app,
        action="resume",
        before=app.status,
        after=app.status,
        note=_("%(kind)s结束,占用 %(days)s 个工作日,办结期限 %(old)s → %(new)s")
        % {
            "kind": procedure.get_kind_display(),
            "days": days,
            "old": before_due,
            "new": app.due_date,
        },
    )
    return procedure
