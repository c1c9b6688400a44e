"""Run functions at the same moment in threads, each on its own database connection."""

import threading

from django.db import connection


def run_together(functions):
    """Start every function at the same moment in its own thread (own DB connection)."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def runner(index, fn):
        try:
            barrier.wait()
            results[index] = ("ok", fn())
        except Exception as exc:  # collected and asserted by the test
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, fn)) for i, fn in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results
