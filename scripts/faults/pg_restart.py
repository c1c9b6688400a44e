"""Fault (d): PostgreSQL restarted (fast shutdown, 2 s down) during API traffic: clients get 503
with Retry-After, never 500, and nothing whose 201 a client saw is lost.

    python scripts/faults/pg_restart.py
"""

import collections
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stack import PEOPLE, Stack, log  # noqa: E402

CLIENTS, SECONDS, RESTART_AT, DOWN = 4, 30, 10, 2.0

COUNT = """
import json
from approvals.models import Application
rows = Application.objects.filter(content__startswith="pg-restart ").values_list("content", "pk")
print(json.dumps(list(rows)))
"""


def main() -> int:
    stack = Stack("pg-restart")
    outcomes = collections.Counter()
    created: dict[str, int] = {}  # the content each 201 answered, and its id
    odd: list = []
    lock = threading.Lock()
    try:
        stack.up(beat=False)
        item = stack.item(["market"])
        stack.api.token("clerk1")
        end = time.monotonic() + SECONDS

        def client(k: int):
            n = 0
            while time.monotonic() < end:
                n += 1
                content = f"pg-restart {k}-{n}"
                person = PEOPLE[(k * 7 + n) % len(PEOPLE)]
                try:
                    if n % 2:
                        status, headers, body = stack.api.call(
                            "POST",
                            "/api/v1/applications/",
                            {
                                "item": item["code"],
                                "applicant": {
                                    "kind": "person",
                                    "name": person[1],
                                    "id_number": person[0],
                                },
                                "materials": [
                                    {"material": m, "provided": True} for m in item["materials"]
                                ],
                                "content": content,
                            },
                            user="clerk1",
                            timeout=30,
                        )
                    else:
                        status, headers, body = stack.api.call(
                            "GET", "/api/v1/applications/?page_size=5", user="clerk1", timeout=30
                        )
                except OSError as exc:  # the connection itself failed
                    with lock:
                        outcomes[f"no answer ({type(exc).__name__})"] += 1
                    continue
                key = str(status)
                if status == 503:
                    has = "Retry-After" in headers
                    key += " with Retry-After" if has else " WITHOUT Retry-After"
                with lock:
                    outcomes[key] += 1
                    if status == 201:
                        created[content] = body["id"]
                    elif (
                        status >= 500
                        and status != 503
                        or (status == 503 and (body or {}).get("code") is None)
                    ):
                        odd.append((status, body))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(RESTART_AT)
        log("PostgreSQL: fast shutdown")
        stack.stop_postgres("fast")
        time.sleep(DOWN)
        stack.start_postgres()
        log("PostgreSQL: started again")
        for t in threads:
            t.join()
        rows = json.loads(stack.shell(COUNT).strip().splitlines()[-1])
        in_db = collections.Counter(content for content, _ in rows)
        lost = [c for c in created if c not in in_db]
        duplicated = sum(n - 1 for n in in_db.values() if n > 1)
        unacknowledged = [c for c in in_db if c not in created]
        attempted = sum(outcomes.values())
        print(
            f"pg_restart: attempted {attempted} requests ({dict(sorted(outcomes.items()))}) / "
            f"committed {len(created)} (201 seen) / lost {len(lost)} / duplicated {duplicated}"
            f" / committed without the client seeing 201: {len(unacknowledged)}"
        )
        for status, body in odd[:5]:
            print("  odd answer:", status, body)
        fives = sum(n for k, n in outcomes.items() if k.startswith("5") and "Retry" not in k)
        return 0 if not lost and not fives else 1
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
