"""flag_overdue over the seeded pushes against the same UPDATE written by hand in SQL.

    python benchmarks/seed.py pushes 1000000
    python benchmarks/bench_flag_overdue.py [--repeat 7]

Each round times, side by side and in alternating order, (a) the job
`accountability.services.flag_overdue` (supervision flags its pushes and reports, approvals its
applications, each with UPDATE ... RETURNING; accountability writes the overdue records from
what they return; one notification per department and one for inspectors) and (b) the bare
UPDATE by hand; before each, the flags are reset, the table vacuumed and a checkpoint taken, so
both start from the same state. Then (c) a second job run that finds nothing (the steady state
every 15 minutes). Prints medians, the per-round ratio a/b (median, min, max) and the plan."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accountability.services import flag_overdue  # noqa: E402

HAND_SQL = (
    "UPDATE supervision_push SET overdue_flagged_at = %s WHERE status = 'pushed' "
    "AND claim_deadline < %s AND overdue_flagged_at IS NULL"
)


def reset():
    with transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM accountability_overduerecord")
        c.execute("DELETE FROM supervision_notification")
        c.execute(
            "UPDATE supervision_push SET overdue_flagged_at = NULL "
            "WHERE overdue_flagged_at IS NOT NULL"
        )
        c.execute(
            "UPDATE approvals_application SET overdue_flagged_at = NULL "
            "WHERE overdue_flagged_at IS NOT NULL"
        )
        c.execute(
            "UPDATE supervision_supervisionreport SET overdue_flagged_at = NULL "
            "WHERE overdue_flagged_at IS NOT NULL"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE supervision_push")
            c.execute("VACUUM ANALYZE accountability_overduerecord")
            c.execute("CHECKPOINT")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def hand_update():
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(HAND_SQL, [now, now])
        return c.rowcount


HAND_SQL_WITH_RECORDS = (
    "WITH flagged AS (" + HAND_SQL + " RETURNING id, claim_deadline, department_id) "
    "INSERT INTO accountability_overduerecord (kind, push_id, deadline, department_id, "
    "flagged_at, run_id) SELECT 'push', id, claim_deadline, department_id, %s, "
    "gen_random_uuid() FROM flagged"
)


def hand_update_with_records():
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(HAND_SQL_WITH_RECORDS, [now, now, now])
        return c.rowcount


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--with-records",
        action="store_true",
        help="also time the hand UPDATE + INSERT of the records in one statement",
    )
    args = parser.parse_args()
    with connection.cursor() as c:
        c.execute(
            "SELECT count(*), sum(CASE WHEN status = 'pushed' AND claim_deadline < now() "
            "THEN 1 ELSE 0 END) FROM supervision_push"
            if connection.vendor == "postgresql"
            else "SELECT count(*), 0 FROM supervision_push"
        )
        total, overdue = c.fetchone()
    service, hand, idle, hand_records, ratios = [], [], [], [], []
    flagged = None

    def run_service():
        nonlocal flagged
        reset()
        seconds, result = timed(lambda: flag_overdue())
        service.append(seconds)
        flagged = result.pushes
        idle.append(timed(lambda: flag_overdue())[0])
        return seconds

    def run_hand():
        reset()
        seconds, rows = timed(hand_update)
        hand.append(seconds)
        return seconds, rows

    for round_ in range(args.repeat):
        # Alternate which goes first, so neither always meets a warmer cache.
        if round_ % 2 == 0:
            s_seconds = run_service()
            h_seconds, rows = run_hand()
        else:
            h_seconds, rows = run_hand()
            s_seconds = run_service()
        assert rows == flagged, (rows, flagged)
        ratios.append(s_seconds / h_seconds)
        print(
            f"round {round_ + 1}: service {s_seconds * 1000:.0f} ms, hand {h_seconds * 1000:.0f} "
            f"ms, ratio {s_seconds / h_seconds:.2f}",
            flush=True,
        )
        if connection.vendor == "postgresql" and args.with_records:
            reset()
            seconds, rows = timed(hand_update_with_records)
            hand_records.append(seconds)
    s, h, i = (statistics.median(x) for x in (service, hand, idle))
    print(
        f"database: {connection.vendor}; pushes: {total}; overdue unclaimed: {overdue}; "
        f"flagged per run: {flagged}; rounds: {args.repeat}"
    )
    for label, values, median in (("service flag_overdue", service, s), ("hand UPDATE", hand, h)):
        print(
            f"{label + ' (median):':31}{median * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )
    print(f"ratio of the medians:          {s / h:.2f}")
    print(
        f"per-round ratio: median {statistics.median(ratios):.2f}, "
        f"min {min(ratios):.2f}, max {max(ratios):.2f}"
    )
    print(f"second run, nothing to flag:   {i * 1000:.1f} ms")
    if hand_records:
        r = statistics.median(hand_records)
        print(
            f"hand UPDATE + INSERT of the overdue records in one SQL statement (median): "
            f"{r * 1000:.0f} ms; service / that: {s / r:.2f}"
        )
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("EXPLAIN " + HAND_SQL, [timezone.now(), timezone.now()])
            print("plan of the hand UPDATE:")
            for (line,) in c.fetchall():
                print("   ", line)


if __name__ == "__main__":
    main()
