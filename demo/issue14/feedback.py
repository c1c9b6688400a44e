"""Demo data of issue 14 part "feedback"."""


def seed() -> str:
    return ""
