"""The allowed transitions of an application, and who may make each, in one table that the
services, the pages (which buttons a page shows) and the API all read, so they never drift."""

from django.db import models
from django.utils.translation import gettext as _

from approvals.models import Application
from core.errors import NotAllowed
from core.roles import Role

S = Application.Status


class Action(models.TextChoices):
    RECORD_MATERIALS = "record_materials", "核对材料"
    ACCEPT = "accept", "受理"
    REQUEST_CORRECTION = "request_correction", "一次性告知补正"
    REFUSE = "refuse", "不予受理"
    START_REVIEW = "start_review", "开始审查"
    REVIEW = "review", "提交审查意见"
    PAUSE = "pause", "启动特别程序"
    RESUME = "resume", "结束特别程序"
    DECIDE = "decide", "作出决定"
    SUPPLY_WAIVED = "supply_waived", "补交容缺材料"
    DELIVER = "deliver", "出件"
    SEND_BACK = "send_back", "退回重审"
    # The URL is withdraw/ (action values are the URL names); the audit row is recorded as
    # "withdraw_application" (撤回申请), apart from the permit decision "withdraw" (撤回许可),
    # whose label this one shares in the audit registry.
    WITHDRAW = "withdraw", "撤回"
    TERMINATE = "terminate", "终止"


# Where an application may be closed without a decision (撤回申请, 视为撤回, 终止).
BEFORE_DECISION = frozenset(
    {S.SUBMITTED, S.CORRECTION_REQUESTED, S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED}
)

ALLOWED: dict[str, set[str]] = {
    Action.RECORD_MATERIALS: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.ACCEPT: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.REQUEST_CORRECTION: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.REFUSE: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.START_REVIEW: {S.ACCEPTED},
    Action.REVIEW: {S.ACCEPTED, S.UNDER_REVIEW},
    Action.PAUSE: {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED},
    Action.RESUME: {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED},
    Action.DECIDE: {S.REVIEWED},
    Action.SUPPLY_WAIVED: {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED, S.APPROVED, S.DENIED},
    Action.DELIVER: {S.APPROVED, S.DENIED},
    Action.SEND_BACK: {S.REVIEWED},
    # Before the decision only: once decided, a permit exists and only a later decision
    # (撤回、撤销、注销 …, approvals.services.start_procedure) may undo it.
    Action.WITHDRAW: BEFORE_DECISION,
    Action.TERMINATE: BEFORE_DECISION,
}

# Who may do each action: one tuple per action. The services check it (and stay the
# authority); pages show only the buttons of the caller's roles; the API answers 403 before it
# reads the body.
CLERK = (Role.WINDOW_CLERK,)
ROLES: dict[str, tuple[str, ...]] = {
    Action.RECORD_MATERIALS: CLERK,
    Action.ACCEPT: CLERK,
    Action.REQUEST_CORRECTION: CLERK,
    Action.REFUSE: CLERK,
    Action.START_REVIEW: (Role.REVIEWER,),
    Action.REVIEW: (Role.REVIEWER,),
    Action.PAUSE: (Role.REVIEWER, Role.APPROVER),
    Action.RESUME: (Role.REVIEWER, Role.APPROVER),
    Action.DECIDE: (Role.APPROVER,),
    Action.SUPPLY_WAIVED: CLERK,
    Action.DELIVER: CLERK,
    Action.SEND_BACK: (Role.APPROVER,),
    Action.WITHDRAW: CLERK,  # the applicant asks at the window; the clerk records it
    Action.TERMINATE: (Role.WINDOW_CLERK, Role.APPROVER),
}
# The writes outside an application's transitions, one tuple each as well.
INTAKE_ROLES = CLERK  # register an applicant, store their files, take in (submit)
PERMIT_DECISION_ROLES = (Role.APPROVER,)  # later decisions on a permit (变更、撤销 ...)
# Who may see an applicant's full ID number (design rule 6; each look is audited). Inspectors
# read everything else but see masked numbers.
ID_NUMBER_READERS = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)

# 即办件 are decided on the spot: the approver may decide straight after acceptance.
INSTANT_DECIDE_FROM = {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED}


def allowed(application: Application, action: str) -> bool:
    if action == Action.DECIDE and application.item_version.instant:
        return application.status in INSTANT_DECIDE_FROM and not application.paused
    if action in (Action.REVIEW, Action.DECIDE) and application.paused:
        return False
    if action == Action.SEND_BACK and application.paused:
        return False
    if action == Action.PAUSE and application.paused:
        return False
    if action == Action.RESUME and not application.paused:
        return False
    return application.status in ALLOWED[action]


def allowed_actions(application: Application) -> list[str]:
    return [action for action in Action if allowed(application, action)]


def require_other_person(application: Application, approver) -> None:
    """一审一核: who decides is neither the case's reviewer nor, for a 即办件 decided straight
    after acceptance, the clerk who accepted it (a user holding both roles). The one check
    decide() makes; pages and API show its NotAllowed (403, code same_person)."""
    if application.reviewed_by_id == approver.pk:
        raise NotAllowed(_("审查人与审批人不能为同一人(一审一核)。"), code="same_person")
    if application.item_version.instant and application.accepted_by_id == approver.pk:
        raise NotAllowed(_("即办件的受理人与审批人不能为同一人(一审一核)。"), code="same_person")
