"""Later decisions on a permit as procedures: the one table of what may happen to a procedure,
who may do it, which kinds each source may start, and which permit states each kind acts on.
The services (approvals.services.procedures) enforce it; the pages (which forms and buttons a
page shows) and the API read it, so they never drift."""

from django.db import models

from approvals.models import Permit, PermitProcedure
from core.roles import Role, has_role

P = PermitProcedure.Status
K = PermitProcedure.Kind
SRC = PermitProcedure.Source
PS = Permit.Status


class ProcedureAction(models.TextChoices):
    START = "start_procedure", "发起后续程序"
    REVIEW = "review_procedure", "审查后续程序"
    DECIDE = "decide_procedure", "作出后续决定"
    DECLINE = "decline_procedure", "不予作出后续决定"
    SEND_BACK = "send_back_procedure", "退回重审(后续程序)"
    DELIVER = "deliver_procedure", "送达后续决定"


# Who may read procedures (pages and API): the bureau's staff and the inspectors.
READERS = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.INSPECTOR)

# The procedure's status each action starts from.
ALLOWED: dict[str, set[str]] = {
    ProcedureAction.REVIEW: {P.STARTED, P.SENT_BACK},
    ProcedureAction.DECIDE: {P.REVIEWED},
    ProcedureAction.DECLINE: {P.REVIEWED},
    ProcedureAction.SEND_BACK: {P.REVIEWED},
    ProcedureAction.DELIVER: {P.DECIDED},
}

# Who may do each action (一审一核: the approver who decides may not be the reviewer; the
# services check that person rule, this table the roles).
ROLES: dict[str, tuple[str, ...]] = {
    ProcedureAction.START: (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER),
    ProcedureAction.REVIEW: (Role.REVIEWER,),
    ProcedureAction.DECIDE: (Role.APPROVER,),
    ProcedureAction.DECLINE: (Role.APPROVER,),
    ProcedureAction.SEND_BACK: (Role.APPROVER,),
    ProcedureAction.DELIVER: (Role.WINDOW_CLERK,),
}

# Who may start a procedure from each source: the holder asks at the window (the clerk records
# it); a supervision report's follow-up is the approver's (supervision.workflow FOLLOW_UP);
# ex officio and a 复议/诉讼 outcome are the bureau's reviewers and approvers (法制审核).
SOURCE_ROLES: dict[str, tuple[str, ...]] = {
    SRC.WINDOW: (Role.WINDOW_CLERK,),
    SRC.REPORT: (Role.APPROVER,),
    SRC.EX_OFFICIO: (Role.REVIEWER, Role.APPROVER),
    SRC.REMEDY: (Role.REVIEWER, Role.APPROVER),
    # issue 14, checks: opened by the department liaison's 不属实 (supervision.services.checks)
    SRC.COMMITMENT_CHECK: (Role.LIAISON,),
}
# Sources started by another service on the bureau's behalf, never from the procedure pages:
# their SOURCE_ROLES replace ROLES[START] in start_procedure, and sources_for leaves them out.
SERVICE_SOURCES = {SRC.COMMITMENT_CHECK}

# What the holder may ask for at the window: a change, a renewal, a cancellation (注销 at the
# holder's request) and lifting a suspension after rectification. Withdrawal, revocation and
# suspension are the bureau's acts (ex officio, from a report or a remedy outcome).
SOURCE_KINDS: dict[str, set[str]] = {
    SRC.WINDOW: {K.CHANGE, K.RENEW, K.CANCEL, K.REINSTATE},
    SRC.REPORT: set(K.values),
    SRC.EX_OFFICIO: set(K.values),
    SRC.REMEDY: set(K.values),
    SRC.COMMITMENT_CHECK: {K.REVOKE},
}

# The permit's status (Permit.current_status: a valid permit past its validity is expired)
# each kind acts on, when the procedure starts and again when it is decided.
PERMIT_STATUSES: dict[str, set[str]] = {
    K.CHANGE: {PS.VALID},
    K.RENEW: {PS.VALID},
    K.SUSPEND: {PS.VALID},
    K.REINSTATE: {PS.SUSPENDED},
    K.WITHDRAW: {PS.VALID, PS.SUSPENDED},
    K.REVOKE: {PS.VALID, PS.SUSPENDED},
    # 行政许可法 第七十条: a permit that lapsed unrenewed (expired) is cancelled too.
    K.CANCEL: {PS.VALID, PS.SUSPENDED, PS.EXPIRED},
}

# What each approved kind writes on the permit it acts on.
PERMIT_RESULT: dict[str, str] = {
    K.CHANGE: PS.CHANGED,
    K.RENEW: PS.CHANGED,
    K.WITHDRAW: PS.WITHDRAWN,
    K.REVOKE: PS.REVOKED,
    K.CANCEL: PS.CANCELLED,
    K.SUSPEND: PS.SUSPENDED,
    K.REINSTATE: PS.VALID,
}

# Only these kinds issue a replacing permit, and only they take a valid_until / holder_name.
REPLACING = {K.CHANGE, K.RENEW}


def allowed(procedure: PermitProcedure, action: str) -> bool:
    return procedure.status in ALLOWED.get(action, ())


def user_actions(procedure: PermitProcedure, user) -> list[str]:
    """The actions this user may take on this procedure now (the page's buttons)."""
    return [
        action
        for action in ALLOWED
        if allowed(procedure, action) and has_role(user, *ROLES[action])
    ]


def kind_allowed_on(permit: Permit, kind: str) -> bool:
    return permit.current_status in PERMIT_STATUSES.get(kind, ())


def startable_kinds(permit: Permit) -> list[str]:
    return [kind for kind in K.values if kind_allowed_on(permit, kind)]


def sources_for(user) -> list[str]:
    return [
        source
        for source, roles in SOURCE_ROLES.items()
        if source not in SERVICE_SOURCES and has_role(user, *roles)
    ]
