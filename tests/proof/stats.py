"""Counters the two proofs fill and the conftest prints once the run ends."""

import collections

FUZZ = {"operations": set(), "roles": set(), "calls": 0, "seconds": 0.0, "examples": 0}
SWEEP = {"patterns": set(), "users": set(), "cells": 0, "seconds": 0.0}
FUZZ_STATUSES: collections.Counter = collections.Counter()


def summary_lines() -> list[str]:
    lines = []
    if FUZZ["calls"]:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(FUZZ_STATUSES.items()))
        lines.append(
            f"schemathesis: {len(FUZZ['operations'])} operations × {len(FUZZ['roles'])} roles"
            f" × up to {FUZZ['examples']} examples = {FUZZ['calls']} calls"
            f" in {FUZZ['seconds']:.0f} s ({statuses})"
        )
    if SWEEP["cells"]:
        lines.append(
            f"URL sweep: {len(SWEEP['patterns'])} patterns × {len(SWEEP['users'])} users"
            f" = {SWEEP['cells']} cells in {SWEEP['seconds']:.0f} s"
        )
    return lines
