"""Many rows written directly, for query-count tests at two sizes: pushes with every status and
many deadlines, returned pushes, reports."""

import datetime

from approvals.models import Decision
from supervision.models import Push, SupervisionReport


def bulk_pushes(decision: Decision, department, n: int, start: int = 0) -> None:
    """n more pushes to `department`, rows written directly (each needs its own decision),
    with many different deadlines and every status, so nothing is shared between rows."""
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                number=f"BULK-{i}",
                year=1999,
                serial=i + 1,
                kind=decision.kind,
                application_id=decision.application_id,
                permit_id=decision.permit_id,
                decided_by_id=decision.decided_by_id,
                decided_at=decision.decided_at,
                seal_id=decision.seal_id,
            )
            for i in range(start, start + n)
        ]
    )
    template = Push.objects.filter(decision=decision).first()
    i0 = start
    statuses = [Push.Status.PUSHED, Push.Status.CLAIMED, Push.Status.FEEDBACK_GIVEN]
    rows = []
    for i, dec in enumerate(decisions, start=i0):
        pushed_at = template.pushed_at - datetime.timedelta(days=i % 60)
        rows.append(
            Push(
                decision=dec,
                department=department,
                status=statuses[i % 3],
                item_name=template.item_name,
                decision_kind=template.decision_kind,
                decision_number=dec.number,
                holder_name=template.holder_name,
                holder_id_number=template.holder_id_number,
                decision_date=template.decision_date,
                pushed_at=pushed_at,
                claim_deadline=pushed_at + datetime.timedelta(days=3),
                claimed_by=decision.decided_by if i % 3 else None,
                claimed_at=pushed_at if i % 3 else None,
            )
        )
    Push.objects.bulk_create(rows)


def bulk_returned(decision: Decision, department, returned_by, n: int, start: int = 0) -> None:
    """n returned pushes waiting to be re-routed."""
    bulk_pushes(decision, department, n, start=start)
    Push.objects.filter(decision__number__startswith="BULK-", department=department).update(
        status=Push.Status.RETURNED, return_reason="非本部门监管", returned_by=returned_by,
        returned_at=decision.decided_at, claimed_by=None, claimed_at=None
    )  # fmt: skip


def bulk_reports(permit, department, pushed_by, n: int, start: int = 0, claimed_by=None) -> None:
    """n reports on `permit`, every status, some claimed by `claimed_by`."""
    statuses = list(SupervisionReport.Status.values)
    now = datetime.datetime(2026, 6, 2, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    SupervisionReport.objects.bulk_create(
        [
            SupervisionReport(
                permit=permit,
                department=department,
                kind="penalty",
                decision_number=f"罚-{i}",
                decision_date=datetime.date(2026, 6, 1),
                summary="x",
                status=statuses[i % 3],
                pushed_at=now - datetime.timedelta(days=i % 40),
                pushed_by=pushed_by,
                claim_deadline=now + datetime.timedelta(days=3 - i % 7),
                claimed_by=claimed_by if i % 3 else None,
                claimed_at=now if i % 3 else None,
            )
            for i in range(start, start + n)
        ]
    )
