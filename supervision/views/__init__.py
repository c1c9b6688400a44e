"""The supervision pages: the liaison's inbox, push detail and CSV export; the bureau's returned
pushes and supervision reports; everyone's notifications. One module per concept.

Pages parse input, call a service or a selector and render. Department scoping comes from
supervision.selectors only; a record outside the caller's scope is the same 404 as a missing one.
Refused actions (DomainError) become a Chinese message on the page."""

from supervision.views.export import export
from supervision.views.inbox import inbox
from supervision.views.notifications import notifications
from supervision.views.pushes import (
    push_claim,
    push_close_return,
    push_detail,
    push_feedback,
    push_reject_return,
    push_reroute,
    push_return,
    returned,
)
from supervision.views.reports import (
    report_attachment,
    report_claim,
    report_detail,
    report_follow_up,
    report_new,
    reports,
)

__all__ = [
    "export",
    "inbox",
    "notifications",
    "push_claim",
    "push_close_return",
    "push_reject_return",
    "push_detail",
    "push_feedback",
    "push_reroute",
    "push_return",
    "report_attachment",
    "report_claim",
    "report_detail",
    "report_follow_up",
    "report_new",
    "reports",
    "returned",
]
