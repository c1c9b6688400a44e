"""Demo data of issue 14 part "casefile"."""


def seed() -> str:
    return ""
