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
