"""Demo data of issue 14 part "checks"."""


def seed() -> str:
    return ""
