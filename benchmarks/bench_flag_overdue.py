"""flag_overdue over the seeded pushes against the same UPDATE written by hand in SQL.

    python benchmarks/seed.py pushes 1000000
    python benchmarks/bench_flag_overdue.py [--repeat 7]

Each round times, side by side and in alternating order, (a) the job
`accountability.services.flag_overdue` (supervision flags its pushes and reports, approvals its
applications, each with UPDATE ... RETURNING; accountability writes the overdue records from
what they return; one notification per department and one for inspectors) and (b) the bare
UPDATE by hand; before each, the flags are reset, the table vacuumed and a checkpoint taken, so
both start from the same state. Then (c) a second job run that finds nothing (the steady state
every 15 minutes). Wall time and CPU time (this process + its PostgreSQL backend) are taken
for each; prints medians, the per-round ratios a/b (median, quartiles, min, max) and the plan."""

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


_backend_pid = None


def cpu_seconds() -> float:
    """CPU time so far of this process and of its PostgreSQL backend (same machine, read from
    /proc): on a shared, busy machine it moves far less than wall time."""
    global _backend_pid
    used = time.process_time()
    if connection.vendor == "postgresql":
        if _backend_pid is None:
            with connection.cursor() as c:
                c.execute("SELECT pg_backend_pid()")
                _backend_pid = c.fetchone()[0]
        with open(f"/proc/{_backend_pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return used


def timed(fn):
    """(wall seconds, CPU seconds, result)."""
    connection.ensure_connection()
    cpu, started = cpu_seconds(), time.perf_counter()
    result = fn()
    return time.perf_counter() - started, cpu_seconds() - cpu, result


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
    wall = {"service": [], "hand": []}
    cpu = {"service": [], "hand": []}
    idle, hand_records, wall_ratios, cpu_ratios = [], [], [], []
    flagged = None

    def run_service():
        nonlocal flagged
        reset()
        seconds, cpu_used, result = timed(lambda: flag_overdue())
        flagged = result.pushes
        idle.append(timed(lambda: flag_overdue())[0])
        return seconds, cpu_used

    def run_hand():
        reset()
        seconds, cpu_used, rows = timed(hand_update)
        assert rows == flagged or flagged is None, (rows, flagged)
        return seconds, cpu_used

    for round_ in range(args.repeat):
        # Alternate which goes first, so neither always meets a warmer cache.
        if round_ % 2 == 0:
            service, hand = run_service(), run_hand()
        else:
            hand, service = run_hand(), run_service()
        for key, (seconds, cpu_used) in (("service", service), ("hand", hand)):
            wall[key].append(seconds)
            cpu[key].append(cpu_used)
        wall_ratios.append(service[0] / hand[0])
        cpu_ratios.append(service[1] / hand[1])
        print(
            f"round {round_ + 1}: wall service {service[0] * 1000:.0f} ms / hand "
            f"{hand[0] * 1000:.0f} ms = {wall_ratios[-1]:.2f}; CPU {service[1] * 1000:.0f} ms / "
            f"{hand[1] * 1000:.0f} ms = {cpu_ratios[-1]:.2f}",
            flush=True,
        )
        if connection.vendor == "postgresql" and args.with_records:
            reset()
            hand_records.append(timed(hand_update_with_records)[0])
    med = statistics.median
    print(
        f"database: {connection.vendor}; pushes: {total}; overdue unclaimed: {overdue}; "
        f"flagged per run: {flagged}; rounds: {args.repeat}"
    )
    for measure, values in (("wall", wall), ("CPU", cpu)):
        for key in ("service", "hand"):
            v = values[key]
            print(
                f"{measure} {key} (median): {med(v) * 1000:.0f} ms "
                f"(min {min(v) * 1000:.0f}, max {max(v) * 1000:.0f})"
            )
    for measure, ratios in (("wall", wall_ratios), ("CPU", cpu_ratios)):
        q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
        print(
            f"{measure} ratio service / hand, per round: median {med(ratios):.2f}, "
            f"quartiles {q[0]:.2f}-{q[2]:.2f}, min {min(ratios):.2f}, max {max(ratios):.2f}"
        )
    print(f"second run, nothing to flag (median wall): {med(idle) * 1000:.1f} ms")
    if hand_records:
        r = med(hand_records)
        print(
            f"hand UPDATE + INSERT of the overdue records in one SQL statement (median): "
            f"{r * 1000:.0f} ms; service / that: {med(wall['service']) / r:.2f}"
        )
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("EXPLAIN " + HAND_SQL, [timezone.now(), timezone.now()])
            print("plan of the hand UPDATE:")
            for (line,) in c.fetchall():
                print("   ", line)


if __name__ == "__main__":
    main()
