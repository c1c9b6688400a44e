"""Time the statistics page and API over 100,000 applications and 300,000 pushes, in process
(Django's test client: routing, middleware, auth, queries, template or JSON; no network).

    export DATABASE_URL=postgres://oneseal:oneseal@127.0.0.1:5441/oneseal_stats
    python benchmarks/bench_statistics.py --seed       # once: seed.py's rows, then dated
    python benchmarks/bench_statistics.py [--repeat 10]

--seed runs seed.py's applications (100,000) and pushes (300,000), then dates them set-based
(UPDATE … FROM the rows themselves, no Python loop): applications decided 0–14 days after
acceptance (every fifth one), pushes spread over the last year, claimed 0–6 days after the push
or not at all; then it writes the stored working days (decide_working_days, claim_working_days)
of the dated rows with the migrations' backfill. The baseline, measured in the same run, is one
hand-written aggregate over the same range (COUNT with FILTER, no calendar, no percentiles): the
ratio page / baseline is the figure to compare across machines. Prints median and p95 ms, and
the queries of each request."""

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

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from approvals import statistics as application_stats  # noqa: E402
from benchmarks import seed  # noqa: E402
from supervision import statistics as push_stats  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.DEBUG = True  # to count queries; templates and code paths are the same


def seed_all(applications: int, pushes: int) -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("the statistics benchmark seeds PostgreSQL only")
    seed.ensure_demo()
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM approvals_application")
        have_apps = c.fetchone()[0]
        c.execute("SELECT count(*) FROM supervision_push")
        have_pushes = c.fetchone()[0]
    started = time.perf_counter()
    if have_apps < applications:
        seed.seed_applications(applications - have_apps)
    if have_pushes < pushes:
        seed.seed_pushes(pushes - have_pushes)
    approver = get_user_model().objects.get(username="approver1").pk
    if connection.vendor != "postgresql":
        raise SystemExit("the statistics benchmark seeds PostgreSQL only")
    with transaction.atomic(), connection.cursor() as c:
        # Every 'approved' application decided 0–14 days after acceptance (not in the future).
        c.execute(
            "UPDATE approvals_application SET decided_by_id = %s, decided_at = "
            "LEAST(now(), accepted_at + (id %% 15) * interval '1 day') "
            "WHERE status = 'approved' AND accepted_at IS NOT NULL",
            [approver],
        )
        # due 5 days after acceptance, as seed.py's fixed offset would not fit the decisions
        c.execute(
            "UPDATE approvals_application SET due_at = accepted_at + interval '7 days' "
            "WHERE accepted_at IS NOT NULL"
        )
        # Pushes over the last year; claim deadline 3–5 days after; claimed 0–6 days after.
        c.execute(
            "UPDATE supervision_push SET "
            "pushed_at = now() - ((id %% 365) * interval '1 day') - interval '1 hour', "
            "claim_deadline = now() - ((id %% 365) * interval '1 day') + interval '4 days'",
            [],
        )
        c.execute(
            "UPDATE supervision_push SET claimed_at = LEAST(now(), pushed_at + "
            "(id %% 7) * interval '1 day') WHERE status = 'claimed'",
            [],
        )
        c.execute(
            "UPDATE supervision_push SET late = claimed_at > claim_deadline "
            "WHERE claimed_at IS NOT NULL"
        )
    # The dates were rewritten behind the services' back: recompute the working days the
    # services store when the clock stops (the migrations' backfill, over every row).
    if hasattr(application_stats, "store_decide_working_days"):
        with transaction.atomic():
            application_stats.store_decide_working_days(only_missing=False)
            push_stats.store_claim_working_days(only_missing=False)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"seeded and dated in {time.perf_counter() - started:.1f} s")


def baseline_sql(start, end) -> None:
    with connection.cursor() as c:
        c.execute(
            "SELECT count(*) FILTER (WHERE accepted_at >= %s AND accepted_at < %s), "
            "count(*) FILTER (WHERE decided_at >= %s AND decided_at < %s), "
            "count(*) FILTER (WHERE decided_at <= due_at AND decided_at >= %s AND decided_at < %s) "
            "FROM approvals_application WHERE (accepted_at >= %s AND accepted_at < %s) "
            "OR (decided_at >= %s AND decided_at < %s)",
            [start, end] * 5,
        )
        c.fetchall()
        c.execute(
            "SELECT count(*), count(claimed_at), count(*) FILTER (WHERE claimed_at <= "
            "claim_deadline) FROM supervision_push WHERE pushed_at >= %s AND pushed_at < %s",
            [start, end],
        )
        c.fetchall()


def measure(call, repeat):
    timings, queries, status = [], 0, None
    for i in range(repeat + 2):
        reset_queries()
        started = time.perf_counter()
        status = call()
        elapsed = time.perf_counter() - started
        if i >= 2:
            timings.append(elapsed)
        queries = len(connection.queries)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings) * 1000, p95 * 1000, queries, status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if args.seed:
        seed_all(100_000, 300_000)
        return
    import datetime as dt

    from workdays import services as workdays

    User = get_user_model()
    with connection.cursor() as c:
        c.execute("SELECT count(*), count(decided_at) FROM approvals_application")
        apps, decided = c.fetchone()
        c.execute("SELECT count(*), count(claimed_at) FROM supervision_push")
        pushes, claimed = c.fetchone()
    print(
        f"database: {connection.vendor}; applications: {apps} ({decided} decided); "
        f"pushes: {pushes} ({claimed} claimed)"
    )
    today = workdays.today()
    month = {"from": today.replace(day=1).isoformat(), "to": today.isoformat()}
    year = {"from": (today - dt.timedelta(days=365)).isoformat(), "to": today.isoformat()}
    cases = [
        ("inspector1", "/accountability/statistics/", month, "page, inspector, this month"),
        ("inspector1", "/accountability/statistics/", year, "page, inspector, 365 days (all rows)"),
        (
            "liaison_market",
            "/accountability/statistics/",
            year,
            "page, liaison (own dept), 365 days",
        ),
        ("inspector1", "/api/v1/statistics/summary/", month, "API, inspector, this month"),
        ("inspector1", "/api/v1/statistics/summary/", year, "API, inspector, 365 days"),
        ("liaison_market", "/api/v1/statistics/summary/", year, "API, liaison, 365 days"),
        ("inspector1", "/accountability/statistics/export.xlsx", year, "xlsx export, 365 days"),
    ]
    print(f"{'what':<44} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'status':>6} {'× base':>7}")
    for label, params in (("this month", month), ("365 days", year)):
        start = dt.datetime.combine(dt.date.fromisoformat(params["from"]), dt.time.min, workdays.TZ)
        end = dt.datetime.combine(
            dt.date.fromisoformat(params["to"]) + dt.timedelta(days=1), dt.time.min, workdays.TZ
        )
        median, p95, queries, _s = measure(lambda s=start, e=end: baseline_sql(s, e), args.repeat)
        params["_base"] = median
        print(
            f"{'baseline: hand COUNT FILTER, ' + label:<44} {median:9.1f} {p95:8.1f} {queries:7d}"
        )
    for username, url, params, label in cases:
        user = User.objects.get(username=username)
        client = Client()
        headers = {}
        if url.startswith("/api/"):
            token, _ = Token.objects.get_or_create(user=user)
            headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
        else:
            client.force_login(user)
        query = {k: v for k, v in params.items() if not k.startswith("_")}
        median, p95, queries, status = measure(
            lambda c=client, u=url, q=query, h=headers: c.get(u, q, **h).status_code, args.repeat
        )
        ratio = median / params["_base"] if params["_base"] else 0
        print(f"{label:<44} {median:9.1f} {p95:8.1f} {queries:7d} {status:6d} {ratio:7.1f}")


if __name__ == "__main__":
    main()
