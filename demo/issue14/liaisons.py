"""Demo data of issue 14 part "liaisons"."""


def seed() -> str:
    return ""
