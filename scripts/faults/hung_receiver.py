"""Fault (c): one department's webhook receiver hangs (accepts, never answers in time) while
another department's deliveries go through: the healthy department's delivery latency with and
without the hung one, and how many POSTs the hung endpoint cost.

    python scripts/faults/hung_receiver.py
"""

import datetime
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stack import Receiver, Stack, log, wait_until, webhook_figures  # noqa: E402

HEALTHY, SLOW = 6, 12  # decisions per phase for the healthy and the hung department
COOL_DOWN = 20  # WEBHOOK_BREAKER_COOL_DOWN_SECONDS for this run (60 in production)


def latencies(receiver: Receiver, since: float) -> list[float]:
    """Seconds from each delivery's creation (its body's created_at) to its first arrival."""
    first = {}
    for post in receiver.posts:
        if post["at"] >= since and post["id"] not in first:
            created = datetime.datetime.fromisoformat(post["created_at"]).timestamp()
            first[post["id"]] = post["at"] - created
    return sorted(first.values())


def describe(values: list[float]) -> str:
    if not values:
        return "none"
    return f"n={len(values)} median {statistics.median(values):.2f} s, max {max(values):.2f} s"


def phase(stack, items, receivers, label: str) -> list[float]:
    since = time.time()
    health_item, market_item = items
    jobs = [("health", health_item)] * HEALTHY + [("market", market_item)] * SLOW
    jobs.sort(key=lambda job: job[0] == "health")  # the hung department's decisions go first
    # Two clients at once, as two approvers would be.
    lock, queue = threading.Lock(), list(enumerate(jobs))

    def client():
        while True:
            with lock:
                if not queue:
                    return
                n, (_, item) = queue.pop(0)
            result = stack.api.decision(item, n + (100 if label == "hung" else 0))
            assert result.get("decide") == 200, result

    threads = [threading.Thread(target=client) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_until(lambda: len(latencies(receivers["health"], since)) >= HEALTHY, timeout=120)
    values = latencies(receivers["health"], since)
    log(f"{label}: health's webhooks {describe(values)}")
    return values


def main() -> int:
    receivers = {"market": Receiver(), "health": Receiver()}
    stack = Stack(
        "hung-receiver",
        env={"WEBHOOK_BREAKER_COOL_DOWN_SECONDS": str(COOL_DOWN)},
    )
    try:
        stack.up()
        stack.endpoints({code: r.url for code, r in receivers.items()})
        items = [stack.item(["health"]), stack.item(["market"])]
        baseline = phase(stack, items, receivers, "baseline")
        receivers["market"].hang = 30  # longer than OneSeal's 10 s: every attempt times out
        posts_before = len(receivers["market"].posts)
        hung_since = time.time()
        hung = phase(stack, items, receivers, "hung")
        market_posts = len(receivers["market"].posts) - posts_before
        log(f"market (hung) got {market_posts} POSTs for {SLOW} deliveries")
        receivers["market"].hang = 0  # it comes back: the breaker's trial closes it
        log("market answers again; waiting for its deferred deliveries")

        def all_delivered():
            return all(d[2] == "delivered" for d in stack.rows()["deliveries"])

        finished = wait_until(all_delivered, timeout=150, every=3)
        rows = stack.rows()
        expected, lost, duplicated = webhook_figures(list(receivers.values()), rows)
        health_dup = sum(
            1
            for i, p in enumerate(receivers["health"].posts)
            if p["id"] in {q["id"] for q in receivers["health"].posts[:i]}
        )
        resent = len([p for p in receivers["market"].posts if p["at"] >= hung_since])
        print(
            f"hung_receiver: attempted {expected} webhooks / committed "
            f"{sum(1 for d in rows['deliveries'] if d[2] == 'delivered')} delivered / lost {lost}"
            f" / duplicated {duplicated} (health {health_dup}; market's timed-out POSTs sent "
            f"again with the same id and bytes) — health latency baseline "
            f"{describe(baseline)}; with market hung {describe(hung)}; market hung cost "
            f"{market_posts} POSTs for {SLOW} deliveries ({resent} since the hang in all)"
        )
        return 0 if finished and not lost and not health_dup else 1
    finally:
        stack.down()
        for r in receivers.values():
            r.close()


if __name__ == "__main__":
    sys.exit(main())
