"""Time list pages and API lists over seeded data, in process (Django's test client: URL
routing, middleware, auth, queries, templates or JSON; no network).

    python benchmarks/seed.py applications 100000
    python benchmarks/seed.py pushes 300000 --overdue-share 0.05
    python benchmarks/bench_lists.py [--repeat 20]

Prints, per URL: median and p95 milliseconds over the repeats, the number of SQL queries, and
the rows the page lists out of the total."""

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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.DEBUG = True  # to count queries; templates and code paths are the same

PAGES = [
    ("clerk1", "/approvals/window/", "clerk workbench (recent applications)"),
    ("reviewer1", "/approvals/review/", "reviewer queue, nearest due first"),
    ("approver1", "/approvals/decide/", "approver queue"),
    ("clerk1", "/approvals/applications/", "application list page"),
    ("clerk1", "/approvals/applications/?status=accepted", "application list page, filtered"),
]
API = [
    ("clerk1", "/api/v1/applications/", "application list API"),
    ("clerk1", "/api/v1/applications/?status=reviewed", "application list API, ?status="),
    ("clerk1", "/api/v1/applications/?overdue=true", "application list API, ?overdue=true"),
    ("liaison_market", "/api/v1/pushes/", "liaison push list API (own department)"),
    ("liaison_market", "/api/v1/pushes/?status=pushed", "liaison push list API, ?status=pushed"),
    ("liaison_market", "/api/v1/pushes/?overdue=true", "liaison push list API, ?overdue=true"),
    ("liaison_market", "/supervision/inbox/", "liaison inbox page"),
    ("inspector1", "/api/v1/pushes/", "inspector push list API (all departments)"),
]


def measure(client, url, repeat, **headers):
    timings, queries, status = [], 0, None
    for i in range(repeat + 2):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url, **headers)
        elapsed = time.perf_counter() - started
        status = response.status_code
        if i >= 2:  # two warm-up requests
            timings.append(elapsed)
        queries = len(connection.queries)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings) * 1000, p95 * 1000, queries, status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    User = get_user_model()
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM approvals_application")
        apps = c.fetchone()[0]
        c.execute("SELECT count(*) FROM supervision_push")
        pushes = c.fetchone()[0]
    print(f"database: {connection.vendor}; applications: {apps}; pushes: {pushes}")
    print(f"{'what':<48} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'status':>6}")
    for username, url, label in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        median, p95, queries, status = measure(client, url, args.repeat)
        print(f"{label:<48} {median:9.1f} {p95:8.1f} {queries:7d} {status:6d}")
    for username, url, label in API:
        client = Client()
        if url.startswith("/api/"):
            token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
            headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
        else:
            client.force_login(User.objects.get(username=username))
            headers = {}
        median, p95, queries, status = measure(client, url, args.repeat, **headers)
        print(f"{label:<48} {median:9.1f} {p95:8.1f} {queries:7d} {status:6d}")


if __name__ == "__main__":
    main()
