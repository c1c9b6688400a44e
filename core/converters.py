"""A path converter for database ids: ASCII digits naming a positive 63-bit integer (what a
PostgreSQL bigint and an SQLite integer hold). Anything else does not match the URL, so it is a
404 before any query; Django's `int` converter lets 99999999999999999999 through, and SQLite
then overflows (a 500). Registered once for every app's URLs as `id` (core.apps): `<id:pk>`."""

MAX_ID = 2**63 - 1


class PositiveIdConverter:
    regex = "[0-9]{1,19}"  # [0-9], not \d: \d also matches ٣ and other digits

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("not a database id")  # the URL does not match: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def parse_id(value) -> int | None:
    """A form or JSON id as a positive bigint, or None: ASCII digits only (int() would take
    '١٢' or ' 12 '), at most MAX_ID."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
