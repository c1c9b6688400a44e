"""Fault (a): Redis (broker and cache) stopped during 20 decisions made through the API, then
started again: every mail and every webhook is delivered once after it returns.

    python scripts/faults/redis_down.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stack import Receiver, Stack, log, mail_figures, wait_until, webhook_figures  # noqa: E402

DECISIONS = 20


def main() -> int:
    receivers = {"market": Receiver(), "health": Receiver()}
    stack = Stack("redis-down")
    try:
        stack.up()
        stack.endpoints({code: r.url for code, r in receivers.items()})
        items = [stack.item(["market"]), stack.item(["health"])]
        for user in ("clerk1", "reviewer1", "approver1"):
            stack.api.token(user)  # before the fault (the token endpoint's throttle is its own)
        log("Redis stops")
        stack.stop_redis()
        started, results = time.monotonic(), []
        for n in range(DECISIONS):
            results.append(stack.api.decision(items[n % 2], n))
        took = time.monotonic() - started
        committed = sum(1 for r in results if r.get("decide") == 200)
        errors = [r for r in results if r.get("decide") != 200]
        log(f"{DECISIONS} decisions with Redis down in {took:.1f} s: {committed} committed")
        for r in errors[:3]:
            log(f"  not committed: {r}")
        stack.start_redis()
        log("Redis is back; waiting for the sweeps (beat: webhooks every 1 min, mail every 2)")
        back = time.monotonic()

        def done():
            rows = stack.rows()
            return all(n[2] for n in rows["notifications"]) and all(
                d[2] == "delivered" for d in rows["deliveries"]
            )

        finished = wait_until(done, timeout=210, every=5)
        log(f"{'all sent' if finished else 'NOT all sent'} {time.monotonic() - back:.0f} s after")
        time.sleep(3)  # anything sent twice would arrive now
        rows = stack.rows()
        mails, mails_lost, mails_dup = mail_figures(stack, rows)
        hooks, hooks_lost, hooks_dup = webhook_figures(list(receivers.values()), rows)
        print(
            f"redis_down: attempted {DECISIONS} decisions / committed {committed} / "
            f"lost {mails_lost} of {mails} mails, {hooks_lost} of {hooks} webhooks / "
            f"duplicated {mails_dup} mails, {hooks_dup} webhooks"
        )
        return 0 if finished and not (mails_lost or hooks_lost) else 1
    finally:
        stack.down()
        for r in receivers.values():
            r.close()


if __name__ == "__main__":
    sys.exit(main())
