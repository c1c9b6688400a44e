"""Demo data of issue 14 part "correspondence"."""


def seed() -> str:
    return ""
