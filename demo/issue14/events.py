"""Demo data of issue 14 part "events"."""


def seed() -> str:
    return ""
