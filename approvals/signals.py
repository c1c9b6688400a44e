"""Domain events approvals sends for apps further down the flow (imports go one way:
approvals must not import supervision).

`decision_recorded` is sent by the decision services INSIDE their transaction, so a receiver
that writes outbox rows (supervision's pushes) commits or rolls back with the decision.
Receivers must not do I/O; they schedule it with transaction.on_commit."""

import django.dispatch

decision_recorded = django.dispatch.Signal()  # kwargs: decision

# A 复议 / 诉讼 outcome was recorded (kwargs: remedy); supervision tells the permit's
# supervising departments. Sent inside the service's transaction, as decision_recorded is.
remedy_outcome_recorded = django.dispatch.Signal()
