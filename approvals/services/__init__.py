"""The one way in for every state change of applications, decisions and permits.

Each service checks role and state, writes the change and its audit event in one transaction,
and schedules side effects with transaction.on_commit. Decisions hand their outbox rows to other
apps through `signals.decision_recorded`, sent inside the same transaction.

One module per family: applicants, intake, review, decisions, delivery, deadlines."""

from approvals.services._common import active_seal
from approvals.services.applicants import (
    InvalidApplicant,
    register_applicant,
    store_file,
    store_uploads,
    update_applicant_contact,
    validate_id_number,
)
from approvals.services.branches import (
    expire_corrections,
    send_back,
    terminate,
    withdraw,
)
from approvals.services.deadlines import (
    due_for,
    recompute_provisional_due_dates,
)
from approvals.services.decisions import (
    act_on_permit,
    decide,
    expire_permits,
    install_seal,
    update_seal,
)
from approvals.services.delivery import deliver, supply_waived
from approvals.services.fees import fee_status, record_fee_payment
from approvals.services.intake import (
    accept,
    record_materials,
    refuse,
    refuse_not_transferred,
    request_correction,
    submit,
    take_in,
)
from approvals.services.procedures import (
    decide_procedure,
    deliver_procedure,
    review_procedure,
    send_back_procedure,
    start_procedure,
)
from approvals.services.remedies import (
    record_outcome,
    record_remedy,
    record_reply,
    resolve_follow_up,
)
from approvals.services.review import (
    end_special_procedure,
    review,
    start_review,
    start_special_procedure,
)

__all__ = [
    "decide_procedure",
    "deliver_procedure",
    "review_procedure",
    "send_back_procedure",
    "start_procedure",
    "InvalidApplicant",
    "accept",
    "act_on_permit",
    "active_seal",
    "decide",
    "deliver",
    "due_for",
    "end_special_procedure",
    "expire_corrections",
    "expire_permits",
    "fee_status",
    "install_seal",
    "recompute_provisional_due_dates",
    "record_fee_payment",
    "record_materials",
    "record_outcome",
    "record_remedy",
    "record_reply",
    "refuse",
    "refuse_not_transferred",
    "register_applicant",
    "request_correction",
    "resolve_follow_up",
    "review",
    "send_back",
    "start_review",
    "start_special_procedure",
    "store_file",
    "submit",
    "store_uploads",
    "supply_waived",
    "take_in",
    "terminate",
    "update_applicant_contact",
    "update_seal",
    "validate_id_number",
    "withdraw",
]
