"""Set-based seeding for benchmarks: rows are generated inside the database
(generate_series on PostgreSQL, a recursive CTE on SQLite), not in a Python loop.

    python benchmarks/seed.py applications 100000
    python benchmarks/seed.py pushes 1000000 [--overdue-share 0.05]

Runs against DATABASE_URL (use a throw-away database: it adds rows, it does not clean up)."""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def series(n: int) -> str:
    """A relation `s(i)` with i = 1..n."""
    if connection.vendor == "postgresql":
        return f"generate_series(1, {n}) AS s(i)"
    return (
        f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
        f"SELECT i FROM s) AS s"
    )


def ensure_demo():
    settings.DEBUG = True
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", verbosity=0, stdout=devnull)


def ids():
    User = get_user_model()
    with connection.cursor() as c:
        c.execute("SELECT id FROM catalog_itemversion WHERE status = 'published' ORDER BY id")
        versions = [r[0] for r in c.fetchall()]
    return {
        "clerk": User.objects.get(username="clerk1").pk,
        "reviewer": User.objects.get(username="reviewer1").pk,
        "approver": User.objects.get(username="approver1").pk,
        "versions": versions,
    }


def reset_sequences(*models) -> None:
    """Move each table's id sequence past the ids inserted explicitly, as `sqlsequencereset`
    does: otherwise the next row made through the ORM collides (a 500 on the first
    POST /api/v1/applications/ after seeding). SQLite's AUTOINCREMENT follows by itself."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as c:
        for sql in statements:
            c.execute(sql)


def _now_sql(offset_days_expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"(now() - ({offset_days_expr}) * interval '1 day')"
    # printf's sign: a negative offset (a date ahead) must read '+3 days', not '--3 days' (NULL).
    return f"datetime('now', printf('%+d days', -({offset_days_expr})))"


def seed_applications(n: int) -> None:
    """n applications over 365 days across all published items and 5 statuses, each with
    an applicant of its own."""
    k = ids()
    v = k["versions"]
    case = "CASE (i % {m}) {whens} END".format(
        m=len(v), whens=" ".join(f"WHEN {j} THEN {vid}" for j, vid in enumerate(v))
    )
    status = (
        "CASE (i % 5) WHEN 0 THEN 'submitted' WHEN 1 THEN 'accepted' "
        "WHEN 2 THEN 'under_review' WHEN 3 THEN 'reviewed' ELSE 'approved' END"
    )
    idnum = (
        "'B' || substr('00000000000000000' || i, -17, 17)"
        if connection.vendor == "sqlite"
        else "'B' || lpad(i::text, 17, '0')"
    )
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT COALESCE(MAX(id), 0) FROM approvals_applicant")
        base = c.fetchone()[0]
        c.execute(
            "INSERT INTO approvals_applicant (id, kind, name, id_number, phone, address, "
            "created_at, updated_at) "
            f"SELECT {base} + i, 'person', '申请人' || i, {idnum}, '13800000000', '示例县', "
            f"{_now_sql('i % 365')}, {_now_sql('i % 365')} FROM {series(n)}"
        )
        c.execute(
            "INSERT INTO approvals_application (item_version_id, applicant_id, status, content, "
            "submitted_at, submitted_by_id, receipt_number, accepted_at, due_date, due_at, "
            "due_provisional, paused, paused_working_days, correction_note, refusal_reason, "
            "collected_by, send_back_reason, closure_reason, deemed_withdrawn, updated_at) "
            f"SELECT {case}, {base} + i, {status}, '', {_now_sql('i % 365')}, {k['clerk']}, "
            "CASE WHEN i % 5 = 0 THEN NULL ELSE 'BENCH' || i END, "
            f"CASE WHEN i % 5 = 0 THEN NULL ELSE {_now_sql('i % 365')} END, "
            f"date({_now_sql('(i % 365) - 5')}), {_now_sql('(i % 365) - 5')}, "
            f"false, false, 0, '', '', '', '', '', false, {_now_sql('i % 365')} FROM {series(n)}"
        )
    from approvals.models import Applicant, Application

    reset_sequences(Applicant, Application)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


def seed_pushes(n: int, overdue_share: float = 0.05) -> None:
    """n pushes across every department: (1 - 2*overdue_share) claimed, overdue_share unclaimed
    and past deadline, overdue_share unclaimed within deadline. Each needs its own decision
    per department (unique), so decisions are generated too (n / departments of them)."""
    from approvals.models import Seal

    k = ids()
    seal = Seal.objects.get(active=True).pk
    with connection.cursor() as c:
        c.execute("SELECT id FROM catalog_department ORDER BY id")
        departments = [r[0] for r in c.fetchall()]
    d = len(departments)
    decisions = (n + d - 1) // d
    dept_case = "CASE (i % {m}) {w} END".format(
        m=d, w=" ".join(f"WHEN {j} THEN {pk}" for j, pk in enumerate(departments))
    )
    overdue_mod = max(int(1 / overdue_share), 3) if overdue_share else 0
    status = (
        (f"CASE WHEN i % {overdue_mod} IN (0, 1) THEN 'pushed' ELSE 'claimed' END")
        if overdue_mod
        else "'claimed'"
    )
    # overdue rows (i % m = 0) have a deadline 10 days ago, the others in 3 days.
    deadline = (
        (f"CASE WHEN i % {overdue_mod} = 0 THEN {_now_sql('10')} ELSE {_now_sql('-3')} END")
        if overdue_mod
        else _now_sql("-3")
    )
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT COALESCE(MAX(serial), 0) FROM approvals_decision WHERE year = 2099")
        start = c.fetchone()[0]
        c.execute("SELECT COALESCE(MAX(id), 0) FROM approvals_decision")
        dbase = c.fetchone()[0]
        c.execute(
            "INSERT INTO approvals_decision (id, number, year, serial, kind, reason, content, "
            "decided_by_id, decided_at, seal_id) "
            f"SELECT {dbase} + i, 'BENCH〔2099〕' || ({start} + i) || '号', 2099, {start} + i, "
            f"'approve', '', '', {k['approver']}, {_now_sql('i % 30')}, {seal} "
            f"FROM {series(decisions)}"
        )
        claimed_at = f"CASE WHEN ({status}) = 'claimed' THEN {_now_sql('1')} ELSE NULL END"
        c.execute(
            "INSERT INTO supervision_push (decision_id, department_id, status, item_name, "
            "decision_kind, decision_number, permit_number, holder_name, holder_id_number, "
            "holder_phone, holder_address, decision_date, content, pushed_at, claim_deadline, "
            "deadline_provisional, claimed_at, late, feedback, return_reason, return_answer, "
            "return_answer_reason, notified_at) "
            f"SELECT {dbase} + ((i - 1) / {d}) + 1, {dept_case}, {status}, '食品经营许可', "
            "'approve', 'BENCH' || i, '', '经营者' || i, '110105194912310020', '13800000000', "
            f"'示例县', date({_now_sql('15')}), '', {_now_sql('15')}, {deadline}, false, "
            # notified long ago, as every real push is once its liaisons were told
            f"{claimed_at}, false, '', '', '', '', {_now_sql('15')} FROM {series(n)}"
        )
    from approvals.models import Decision
    from supervision.models import Push

    reset_sequences(Decision, Push)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["applications", "pushes"])
    parser.add_argument("n", type=int)
    parser.add_argument("--overdue-share", type=float, default=0.05)
    args = parser.parse_args()
    ensure_demo()
    started = time.perf_counter()
    if args.what == "applications":
        seed_applications(args.n)
    else:
        seed_pushes(args.n, args.overdue_share)
    print(
        f"seeded {args.n} {args.what} in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )


if __name__ == "__main__":
    main()
