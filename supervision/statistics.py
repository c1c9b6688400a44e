"""Aggregation queries over pushes and supervision reports for accountability's statistics: one
SQL statement per breakdown (GROUP BY, conditional aggregates); the working-day latency of a
claim is the stored Push.claim_working_days (written by claim_push, backfilled by migration
supervision 0006), as approvals/statistics.py explains.

"As of": a figure counts only what had happened by `as_of` (a claim after it is not a claim yet),
so a past month computed again gives the same numbers whatever happened since. Overdue is the
contract's rule read at `as_of`: the claim deadline had passed and the push was not claimed (nor
returned) by that deadline — the same fact as Push.overdue_q, evaluated at a moment in the past
instead of through the job's flag.
"""

from django.db import connection, transaction

from approvals.statistics import (
    Scope,
    db_value,
    fold_buckets,
    histogram_percentile,
    store_working_days,
)
from supervision.models import Push, SupervisionReport

PUSH_FIELDS = (
    "k",
    "pushed",
    "claimed",
    "claimed_on_time",
    "claim_due",
    "returned",
    "overdue",
    "feedback_given",
    "median_claim_working_days",
)


def _window(scope: Scope) -> list:
    return [db_value(scope.start), db_value(scope.end), db_value(scope.as_of)]


def push_rows(scope: Scope, by_department: bool = False, *, with_total: bool = False) -> list[dict]:
    """Figures of the pushes pushed in [start, end) (one row, or one per department), in one
    query; the claim's working days are the stored Push.claim_working_days."""
    grouping = with_total and by_department
    table = Push._meta.db_table
    key = "p.department_id" if by_department else "NULL"
    where, params = "", []
    if scope.department_id is not None:
        where, params = " AND p.department_id = %s", [scope.department_id]
    as_of = db_value(scope.as_of)
    pushed = "(p.pushed_at >= %s AND p.pushed_at < %s AND p.pushed_at <= %s)"
    base = f"""
        base AS (
          SELECT {key} AS k,
            CASE WHEN p.claimed_at <= %s THEN 1 ELSE 0 END AS claimed,
            CASE WHEN p.claimed_at <= %s AND p.claimed_at <= p.claim_deadline
                 THEN 1 ELSE 0 END AS claimed_on_time,
            CASE WHEN p.returned_at <= %s THEN 1 ELSE 0 END AS returned,
            CASE WHEN p.claim_deadline < %s
                  AND (p.claimed_at IS NULL OR p.claimed_at > p.claim_deadline)
                  AND (p.returned_at IS NULL OR p.returned_at > p.claim_deadline)
                 THEN 1 ELSE 0 END AS overdue,
            CASE WHEN p.feedback_at <= %s THEN 1 ELSE 0 END AS feedback,
            CASE WHEN p.claimed_at <= %s THEN p.claim_working_days END AS wd
          FROM {table} p
          WHERE {pushed}{where}
        )"""
    base_params = [as_of, as_of, as_of, as_of, as_of, as_of, *_window(scope), *params]
    # claim_due: the pushes whose claim was due by as_of or that were claimed (a push still
    # inside its deadline is neither on time nor late yet), returned ones left out. One GROUP
    # BY (k, wd), folded as approvals/statistics.py explains (no sort of the rows).
    sql = f"""WITH {base}
        SELECT k, wd, COUNT(*), SUM(claimed), SUM(claimed_on_time),
          SUM(CASE WHEN returned = 0 AND (claimed = 1 OR overdue = 1) THEN 1 ELSE 0 END),
          SUM(returned), SUM(overdue), SUM(feedback),
          SUM(CASE WHEN claimed = 1 AND wd IS NOT NULL THEN 1 ELSE 0 END)
        FROM base GROUP BY k, wd"""
    with connection.cursor() as cursor:
        cursor.execute(sql, base_params)
        rows = cursor.fetchall()
    names = (*PUSH_FIELDS[1:8], "wd_n")
    out = []
    for k, sums, hist, is_total in fold_buckets(rows, names, with_total=grouping):
        values = {"k": k, **{name: sums[name] for name in PUSH_FIELDS[1:8]}}
        median = histogram_percentile(hist, 0.5)
        values["median_claim_working_days"] = None if median is None else round(float(median), 2)
        if is_total:
            values["total"] = True
        out.append(values)
    if not by_department and not out:
        out.append(empty_push_row())
    return out


def store_claim_working_days(
    *, batch: int = 5000, only_missing: bool = True, year: int | None = None
) -> int:
    """Push.claim_working_days of every claimed push that lacks it (see store_working_days)."""
    return store_working_days(
        Push._meta.db_table,
        "pushed_at",
        "claimed_at",
        "claim_working_days",
        batch=batch,
        only_missing=only_missing,
        year=year,
    )


def on_official_year_entered(sender, year, **kwargs):
    """Receiver of workdays.signals.official_year_entered: the claims whose span touches the
    year are counted again (see approvals.statistics.on_official_year_entered)."""
    with transaction.atomic():
        store_claim_working_days(only_missing=False, year=year)


def empty_push_row() -> dict:
    return {name: 0 for name in PUSH_FIELDS} | {"k": None, "median_claim_working_days": None}


def report_rows(scope: Scope, by_department: bool = False) -> list[dict]:
    """Supervision reports (监管信息) pushed in [start, end): how many, how many late (after the
    7th working day following the penalty decision: the `late` the report got when pushed),
    claimed by the bureau on time. One query."""
    table = SupervisionReport._meta.db_table
    key = "r.department_id" if by_department else "NULL"
    where, params = "", []
    if scope.department_id is not None:
        where, params = " AND r.department_id = %s", [scope.department_id]
    as_of = db_value(scope.as_of)
    sql = f"""SELECT {key} AS k, COUNT(*),
                SUM(CASE WHEN r.late THEN 1 ELSE 0 END),
                SUM(CASE WHEN r.claimed_at <= %s THEN 1 ELSE 0 END),
                SUM(CASE WHEN r.claimed_at <= %s AND r.claimed_at <= r.claim_deadline
                         THEN 1 ELSE 0 END)
              FROM {table} r
              WHERE r.pushed_at >= %s AND r.pushed_at < %s AND r.pushed_at <= %s{where}
              {"GROUP BY r.department_id ORDER BY 1" if by_department else ""}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [as_of, as_of, *_window(scope), *params])
        rows = cursor.fetchall()
    fields = ("k", "pushed", "pushed_late", "claimed", "claimed_on_time")
    out = [
        {f: (v if f == "k" else int(v or 0)) for f, v in zip(fields, row, strict=True)}
        for row in rows
    ]
    if not by_department and not out:
        out.append({"k": None, "pushed": 0, "pushed_late": 0, "claimed": 0, "claimed_on_time": 0})
    return out
