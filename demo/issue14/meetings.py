"""Demo data of issue 14 part "meetings"."""


def seed() -> str:
    return ""
