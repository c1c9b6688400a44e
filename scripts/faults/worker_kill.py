"""Fault (b): the mail worker killed with SIGKILL in the middle of a mail batch: no mail lost, at
most one (the one in flight) sent twice. Counted with a local SMTP sink that takes 50 ms a mail.

    python scripts/faults/worker_kill.py
"""

import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stack import Stack, log, mail_figures, wait_until  # noqa: E402

MAILS = 120
LEASE = 15  # NOTIFICATION_MAIL_LEASE_SECONDS for this run (300 in production)

# 120 notifications to the demo users, written as the services write them (one bulk insert, the
# way supervision's notify does), without queueing: the script queues the one sweep itself.
SEED = """
from django.contrib.auth import get_user_model
from supervision.models import Notification
users = list(get_user_model().objects.exclude(email="").order_by("pk"))
Notification.objects.bulk_create([
    Notification(recipient=users[i %% len(users)], subject="故障演练 b #%%03d" %% i, body="演练")
    for i in range(%(n)d)
])
"""


def main() -> int:
    stack = Stack(
        "worker-kill",
        smtp_delay=0.05,
        env={"NOTIFICATION_MAIL_LEASE_SECONDS": str(LEASE)},
    )
    try:
        stack.up(beat=False, web=False)
        before = len(stack.rows()["notifications"])
        stack.shell(SEED % {"n": MAILS})
        stack.call_task("supervision.send_notifications")
        log("mail sweep queued; killing the worker once 30 mails are in")
        wait_until(lambda: len(stack.smtp.mails) >= 30, timeout=60, every=0.05)
        stack.kill("worker", signal.SIGKILL)  # the main process and its pool, at once
        at_kill = len(stack.smtp.mails)
        log(f"worker killed (SIGKILL) after {at_kill} mails")
        time.sleep(1)
        stack.start_worker("worker", "celery")
        time.sleep(LEASE + 2)  # the dead worker's leases run out
        log("lease over: the next sweep (what beat sends every 2 min) is queued")
        stack.call_task("supervision.send_notifications")
        finished = wait_until(
            lambda: all(n[2] for n in stack.rows()["notifications"]), timeout=90, every=2
        )
        time.sleep(2)
        rows = stack.rows()
        expected, lost, duplicated = mail_figures(stack, rows)
        print(
            f"worker_kill: attempted {MAILS} mails (+{before} from the demo seed) / "
            f"committed {sum(1 for n in rows['notifications'] if n[2])} marked sent / "
            f"lost {lost} / duplicated {duplicated} (killed after {at_kill} in the sink)"
        )
        return 0 if finished and not lost and duplicated <= 1 else 1
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
