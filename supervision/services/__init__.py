"""The one way in for every state change of pushes, reports, notifications and webhooks.

A decision writes its pushes (the outbox) in its own transaction through
`approvals.signals.decision_recorded`; e-mails and webhook calls go out after commit, and a
periodic task re-sends whatever never went (broker down, worker killed).

One module per family: pushes, returns (the bureau's answers to a return), routing (where a
decision's pushes go, corrections remembered), remedies (复议/诉讼 outcomes told), reports,
deadlines, endpoints (webhook endpoints), deliveries (a stored webhook body, masked or
revealed), submissions (one-time keys of creating forms), overdue (the push and report flag
functions the overdue job in accountability calls), notifications."""

# The parts of issue 14, imported so that their overdue flaggers (supervision.services.duties)
# are registered whenever the services are; call their functions from their own modules.
from supervision.services import casefile as _casefile  # noqa: E402, F401
from supervision.services import checks as _checks  # noqa: E402, F401
from supervision.services import correspondence as _correspondence  # noqa: E402, F401
from supervision.services import events as _events  # noqa: E402, F401
from supervision.services import feedback as _feedback  # noqa: E402, F401
from supervision.services import liaisons as _liaisons  # noqa: E402, F401
from supervision.services import meetings as _meetings  # noqa: E402, F401
from supervision.services._common import (
    CLAIM_WORKING_DAYS,
    PUSHED_KINDS,
    REPORT_DUE_WORKING_DAYS,
    notify,
    users_with_role,
)
from supervision.services.deadlines import (
    on_official_year_entered,
    recompute_provisional_deadlines,
)
from supervision.services.deliveries import (
    masked_delivery_body,
    may_see_holder_data,
    reveal_delivery_body,
)
from supervision.services.notifications import mark_notifications_read
from supervision.services.pushes import (
    claim_push,
    give_feedback,
    on_decision_recorded,
    push_decision,
    reroute_push,
    return_push,
    reveal_holder_id_number,
)
from supervision.services.remedies import notify_remedy_outcome
from supervision.services.reports import (
    FOLLOW_UP_KINDS,
    SUGGESTED_KIND,
    claim_report,
    create_report,
    follow_up_report,
)
from supervision.services.returns import close_return, reject_return
from supervision.services.routing import (
    decision_departments,
    routed_department_ids,
    routed_departments,
)

# The transition table (supervision.workflow), which the services check.
from supervision.workflow import PUSH_ALLOWED, REPORT_ALLOWED, push_allows, report_allows

__all__ = [
    "notify",
    "users_with_role",
    "CLAIM_WORKING_DAYS",
    "PUSHED_KINDS",
    "PUSH_ALLOWED",
    "REPORT_ALLOWED",
    "REPORT_DUE_WORKING_DAYS",
    "FOLLOW_UP_KINDS",
    "SUGGESTED_KIND",
    "claim_push",
    "close_return",
    "decision_departments",
    "notify_remedy_outcome",
    "reject_return",
    "routed_department_ids",
    "routed_departments",
    "claim_report",
    "create_report",
    "follow_up_report",
    "give_feedback",
    "mark_notifications_read",
    "masked_delivery_body",
    "may_see_holder_data",
    "on_decision_recorded",
    "on_official_year_entered",
    "push_allows",
    "push_decision",
    "recompute_provisional_deadlines",
    "report_allows",
    "reroute_push",
    "reveal_delivery_body",
    "return_push",
    "reveal_holder_id_number",
]
