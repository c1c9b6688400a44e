"""Aggregation queries over applications for accountability's statistics (统计分析): one SQL
statement per breakdown, GROUP BY and conditional aggregates in the database, never a loop over
rows in Python. Also the SQL pieces supervision/statistics.py shares (local dates, percentiles,
the stored-working-days backfill).

Working days to decide are stored on the row when the clock stops: decide() writes
Application.decide_working_days = workdays.working_days_between(acceptance date, decision date)
(the working days d with acceptance < d <= decision, Asia/Shanghai dates), so the aggregate reads
an integer column instead of looking each row up in the calendar (issue 11: a year of every
department went from ~2 s to well under one). Rows written before the column existed are filled
by store_working_days (migration approvals 0008), set-based: the workdays calendar
(workdays.services.calendar_span, two queries per batch) gives each day of the batch's span its
ordinal, and ord(decision) − ord(acceptance) is exactly what working_days_between answers. The
calendar rule stays in workdays; only its answers are stored.

Averages and percentiles: the database counts, in one GROUP BY (group, working days), how many
rows of each group took each number of working days — a histogram of at most a few dozen buckets
per group, whatever the rows — and the mean and percentile_cont (its definition: linear
interpolation between the ranks around p·(n − 1)) are read off that histogram here, identically
on PostgreSQL and SQLite. The aggregate percentile_cont(p) WITHIN GROUP needed a sort of every
row and no parallel plan (a year of every department: 1.3 s of the page's 2.1 s); the hash
aggregate runs in parallel and sorts nothing. The overall row is folded from the same buckets
(no second query, no GROUPING SETS).
"""

import datetime as dt
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from approvals.models import Application
from catalog.models import ItemVersion
from workdays import services as workdays

S = Application.Status
DECIDED_STATUSES = (S.APPROVED, S.DENIED, S.DELIVERED)

# Breakdown keys: the SQL expression each groups by (None: one overall row).
GROUPS = {
    None: "NULL",
    "item": "v.item_id",
    "category": "v.category",
    "staff": "a.decided_by_id",
}


def vendor() -> str:
    return connection.vendor


def db_value(moment: dt.datetime):
    """An aware datetime as the backend stores it (SQLite: naive UTC text), for raw SQL."""
    return connection.ops.adapt_datetimefield_value(moment)


def local_date_sql(column: str) -> str:
    """The Asia/Shanghai calendar date of a timestamp column (China has no DST: +08:00)."""
    if vendor() == "postgresql":
        return f"(({column}) AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({column}, '+8 hours')"


EPOCH = dt.date(1970, 1, 1)


def _local_day_number_sql(column: str) -> str:
    # Days since 1970-01-01 of the +08:00 date: plain arithmetic, far cheaper per row than
    # AT TIME ZONE (a zone lookup per row: ~1 µs × 2 columns × 300,000 pushes).
    return f"floor((extract(epoch from {column}) + 28800) / 86400)::int"


def ordinals(first: dt.date | None, last: dt.date) -> list[int]:
    """The ordinal of every day of [first, last] (working days counted from first − 1), from
    the workdays calendar: two queries, whatever the span."""
    if first is None or first > last:
        return []
    span = workdays.calendar_span(first, last)
    out, day, count = [], first, 0
    while day <= last:
        count += span.is_workday(day)
        out.append(count)
        day += workdays.ONE_DAY
    return out


def store_working_days(
    table: str,
    start: str,
    end: str,
    target: str,
    *,
    batch: int = 5000,
    only_missing: bool = True,
    year: int | None = None,
) -> int:
    """Write `target` = the working days d with local date(start) < d <= local date(end) (what
    workdays.working_days_between answers) on every row of `table` where both are set, in
    batches of `batch` ids, set-based: per batch the calendar of its span (workdays'
    calendar_span, two queries) gives each day its ordinal, sent as one parameter, and the
    row's value is ord(end) − ord(start). The backfill of the stored-working-days migrations
    and of the benchmark's dated rows; the services write the value one row at a time."""
    pending = f"{start} IS NOT NULL AND {end} IS NOT NULL"
    extra: list = []
    if only_missing:
        pending += f" AND {target} IS NULL"
    if year is not None:
        # The rows whose span touches `year` (local dates): their count may have changed.
        first_instant = dt.datetime(year, 1, 1, tzinfo=workdays.TZ)
        next_instant = dt.datetime(year + 1, 1, 1, tzinfo=workdays.TZ)
        pending += f" AND {start} < %s AND {end} >= %s"
        extra = [db_value(next_instant), db_value(first_instant)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table} WHERE {pending}", extra)
        low, high = cursor.fetchone()
    if low is None:
        return 0
    written = 0
    for first_id in range(low, high + 1, batch):
        ids = [first_id, first_id + batch - 1]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MIN({start}), MAX({end}) FROM {table} "
                f"WHERE id BETWEEN %s AND %s AND {pending}",
                [*ids, *extra],
            )
            first, last = (_as_aware(v) for v in cursor.fetchone())
        if first is None:
            continue
        first_day = first.astimezone(workdays.TZ).date()
        last_day = max(last.astimezone(workdays.TZ).date(), first_day)
        values = ordinals(first_day, last_day)
        if vendor() == "postgresql":
            d0 = (first_day - EPOCH).days
            sql = (
                f"UPDATE {table} SET {target} = GREATEST(0, "
                f"{_pg_ordinal(end, d0)} - {_pg_ordinal(start, d0)}) "
                f"FROM (SELECT %s::int[] AS o) cal WHERE id BETWEEN %s AND %s AND {pending}"
            )
            params = [values, *ids, *extra]
        else:
            days = json.dumps(
                {(first_day + dt.timedelta(days=i)).isoformat(): v for i, v in enumerate(values)}
            )
            # No WITH: Python's sqlite3 reports no rowcount for a statement that starts with one.
            sql = (
                f"UPDATE {table} SET {target} = "
                f"MAX(0, {_sqlite_ordinal(end)} - {_sqlite_ordinal(start)}) "
                f"WHERE id BETWEEN %s AND %s AND {pending}"
            )
            params = [days, days, *ids, *extra]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written


def _pg_ordinal(column: str, d0: int) -> str:
    return f"cal.o[{_local_day_number_sql(column)} - {d0} + 1]"


def _sqlite_ordinal(column: str) -> str:
    return (
        f"(SELECT CAST(value AS INTEGER) FROM json_each(%s) WHERE key = {local_date_sql(column)})"
    )


def _as_aware(value):
    if isinstance(value, str):  # SQLite without converters on a raw aggregate
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value


def store_decide_working_days(
    *, batch: int = 5000, only_missing: bool = True, year: int | None = None
) -> int:
    """Application.decide_working_days of every decided application that lacks it (or, with
    only_missing=False, of all; with `year`, of those whose span touches that year)."""
    return store_working_days(
        Application._meta.db_table,
        "accepted_at",
        "decided_at",
        "decide_working_days",
        batch=batch,
        only_missing=only_missing,
        year=year,
    )


def on_official_year_entered(sender, year, **kwargs):
    """Receiver of workdays.signals.official_year_entered: a year's official arrangement was
    entered or changed, so the stored working days of decisions whose span touches it are
    counted again (set-based, batched)."""
    with transaction.atomic():
        store_decide_working_days(only_missing=False, year=year)


def histogram_percentile(counts: dict, p: float) -> float | None:
    """percentile_cont(p) (linear interpolation between the ranks around p·(n − 1)) of a
    multiset given as {value: how many times}: the same answer as PostgreSQL's aggregate over
    the rows themselves."""
    n = sum(counts.values())
    if n == 0:
        return None
    pos = p * (n - 1)
    lo = int(pos)
    hi = lo + 1 if pos > lo else lo
    below, at_lo, at_hi = 0, None, None
    for value in sorted(counts):
        below += counts[value]
        if at_lo is None and below > lo:
            at_lo = value
        if below > hi:
            at_hi = value
            break
    return at_lo + (pos - lo) * (at_hi - at_lo)


def fold_buckets(rows, names: tuple, *, with_total: bool) -> list[tuple]:
    """Rows of (k, wd, *sums named `names`) — one per group and working-day value, from one
    GROUP BY k, wd in the database — folded into one (k, sums, histogram) per group, sorted by
    k (None last), plus the overall one (k None, `total`) when asked. The sums add up exactly;
    the histogram {wd: sums["wd_n"]} gives averages and percentiles. Buckets are at most
    groups × distinct working-day values (tens to a few thousand), never rows."""
    groups: dict = {}
    total = ({name: 0 for name in names}, {})
    for k, wd, *values in rows:
        sums, hist = groups.setdefault(k, ({name: 0 for name in names}, {}))
        for target_sums, target_hist in ((sums, hist), total):
            for name, value in zip(names, values, strict=True):
                target_sums[name] += int(value or 0)
            n = int(values[names.index("wd_n")] or 0)
            if wd is not None and n:
                target_hist[int(wd)] = target_hist.get(int(wd), 0) + n
    out = [
        (k, *groups[k], False)
        for k in sorted(groups, key=lambda key: (key is None, key if key is not None else 0))
    ]
    if with_total:
        out.append((None, *total, True))
    return out


def _mean(hist: dict) -> float | None:
    n = sum(hist.values())
    return round(sum(v * c for v, c in hist.items()) / n, 2) if n else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


@dataclass(frozen=True)
class Scope:
    """Who and what the figures are about: [start, end) instants, and optional filters."""

    start: dt.datetime
    end: dt.datetime
    as_of: dt.datetime  # facts later than this are not counted (reproducible past months)
    department_id: int | None = None
    item_id: int | None = None
    category: str | None = None
    staff_id: int | None = None


def _filters(scope: Scope, params: list) -> str:
    where = []
    if scope.department_id is not None:
        # An application is a department's when the department supervises its item, or
        # handles it (an item not transferred to the bureau).
        where.append(
            "(v.handling_department_id = %s OR EXISTS (SELECT 1 FROM "
            f"{ItemVersion.supervising_departments.through._meta.db_table} sd "
            "WHERE sd.itemversion_id = v.id AND sd.department_id = %s))"
        )
        params += [scope.department_id, scope.department_id]
    if scope.item_id is not None:
        where.append("v.item_id = %s")
        params.append(scope.item_id)
    if scope.category is not None:
        where.append("v.category = %s")
        params.append(scope.category)
    if scope.staff_id is not None:
        where.append("(a.accepted_by_id = %s OR a.reviewed_by_id = %s OR a.decided_by_id = %s)")
        params += [scope.staff_id] * 3
    return "".join(f" AND {w}" for w in where)


APPLICATION_FIELDS = (
    "k",
    "accepted",
    "decided",
    "decided_on_time",
    "refused",
    "corrections",
    "instant_decided",
    "instant_on_the_spot",
    "decided_same_day",
    "decided_transferred",
    "avg_working_days",
    "p90_working_days",
)


def application_rows(
    scope: Scope, group: str | None = None, *, with_total: bool = False
) -> list[dict]:
    """One dict per group (one overall row when group is None) of the application figures of
    the scope, in one query. Decided = decision in [start, end); accepted = acceptance in
    [start, end); refusals and corrections at the window = registered in [start, end) and
    refused / sent a correction notice (补正) by as_of. Working days to decide are the stored
    Application.decide_working_days (written by decide())."""
    table, version_table = Application._meta.db_table, ItemVersion._meta.db_table
    key = GROUPS[group]
    grouping = with_total and group is not None
    params: list = []
    filters = _filters(scope, params)

    decided = "(a.decided_at >= %s AND a.decided_at < %s AND a.decided_at <= %s)"
    in_range = "(a.{col} >= %s AND a.{col} < %s AND a.{col} <= %s)"
    window = [db_value(scope.start), db_value(scope.end), db_value(scope.as_of)]
    statuses = ",".join(f"'{s}'" for s in DECIDED_STATUSES)
    base = f"""
        base AS (
          SELECT {key} AS k,
            CASE WHEN {in_range.format(col="accepted_at")} THEN 1 ELSE 0 END AS accepted,
            CASE WHEN {decided} AND a.status IN ({statuses}) THEN 1 ELSE 0 END AS decided,
            CASE WHEN a.decided_at <= a.due_at THEN 1 ELSE 0 END AS on_time,
            CASE WHEN {in_range.format(col="submitted_at")} AND a.status = '{S.REFUSED}'
                 THEN 1 ELSE 0 END AS refused,
            CASE WHEN {in_range.format(col="submitted_at")} AND a.correction_note <> ''
                 THEN 1 ELSE 0 END AS correction,
            CASE WHEN v.instant THEN 1 ELSE 0 END AS instant,
            CASE WHEN v.transferred THEN 1 ELSE 0 END AS transferred,
            a.decide_working_days AS wd
          FROM {table} a
          JOIN {version_table} v ON v.id = a.item_version_id
          WHERE ({in_range.format(col="accepted_at")} OR {decided}
                 OR {in_range.format(col="submitted_at")}){filters}
        )"""
    base_params = [*window, *window, *window, *window, *window, *window, *window, *params]
    # One GROUP BY (k, wd): a hash aggregate the database can run in parallel, no sort of the
    # rows (percentile_cont as an aggregate sorted all of them: 1.3 s of a year's page).
    sql = f"""WITH {base}
        SELECT k, wd, SUM(accepted), SUM(decided), SUM(decided * on_time), SUM(refused),
          SUM(correction), SUM(decided * instant),
          SUM(CASE WHEN decided = 1 AND instant = 1 AND wd = 0 THEN 1 ELSE 0 END),
          SUM(CASE WHEN decided = 1 AND wd = 0 THEN 1 ELSE 0 END),
          SUM(decided * transferred),
          SUM(CASE WHEN decided = 1 AND wd IS NOT NULL THEN 1 ELSE 0 END)
        FROM base GROUP BY k, wd"""
    with connection.cursor() as cursor:
        cursor.execute(sql, base_params)
        rows = cursor.fetchall()
    names = (*APPLICATION_FIELDS[1:10], "wd_n")
    out = []
    for k, sums, hist, is_total in fold_buckets(rows, names, with_total=grouping):
        values = {"k": k, **{name: sums[name] for name in APPLICATION_FIELDS[1:10]}}
        values["avg_working_days"] = _mean(hist)
        values["p90_working_days"] = _rounded(histogram_percentile(hist, 0.9))
        if is_total:
            values["total"] = True
        out.append(values)
    if group is None and not out:
        empty = {name: 0 for name in APPLICATION_FIELDS}
        out.append(empty | {"k": None, "avg_working_days": None, "p90_working_days": None})
    return out


def stationed_items(department_id: int | None = None, as_of: dt.datetime | None = None) -> dict:
    """入驻率's counts as of a moment: the items in force then (each item's latest version
    published by `as_of` and not withdrawn by then), and those transferred to the bureau
    (入驻). One query; a past month counted again gives the same numbers."""
    as_of = as_of or timezone.now()
    published_by = Q(published_at__lte=as_of) | Q(
        published_at__isnull=True, status=ItemVersion.Status.PUBLISHED
    )
    latest = (
        ItemVersion.objects.filter(published_by, item=OuterRef("item"))
        .order_by(F("published_at").desc(nulls_first=True), "-pk")
        .values("pk")[:1]
    )
    versions = ItemVersion.objects.filter(published_by, pk=Subquery(latest)).exclude(
        withdrawn_at__lte=as_of
    )
    if department_id is not None:
        versions = versions.filter(
            Q(supervising_departments=department_id) | Q(handling_department=department_id)
        )
    return versions.aggregate(
        items=Count("pk", distinct=True),
        transferred=Count("pk", filter=Q(transferred=True), distinct=True),
    )


def applications_in_scope(department_id: int | None):
    """The ids of applications of a department's items, as a subquery (for ratings)."""
    apps = Application.objects.all()
    if department_id is not None:
        apps = apps.filter(
            Q(item_version__supervising_departments=department_id)
            | Q(item_version__handling_department=department_id)
        )
    return apps.values("pk")
