"""Pages of the window clerk, the reviewer and the approver, the printable documents and the
public permit verification. Views parse, call a service or a selector, and render; every
domain error comes back as its Chinese message with the typed data kept.

One module per concept: intake (the workbench), lists (queues, the list), detail (one
application and its actions, whose forms live with intake, review and decisions), documents,
verify."""

from approvals.views._common import mark_due
from approvals.views.detail import (
    ACTIONS,
    application_action,
    application_detail,
    material_file,
    reveal_id_number,
)
from approvals.views.documents import document
from approvals.views.intake import workbench
from approvals.views.lists import application_list, decide_queue, review_queue
from approvals.views.verify import verify

__all__ = [
    "ACTIONS",
    "application_action",
    "application_detail",
    "application_list",
    "decide_queue",
    "document",
    "mark_due",
    "material_file",
    "reveal_id_number",
    "review_queue",
    "verify",
    "workbench",
]
