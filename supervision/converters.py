"""Path ids checked before any query: ASCII digits, 1 to 2**63 - 1 (a database bigint). A longer
or larger number is no match, so the page is a 404 instead of an overflow (SQLite raised
OverflowError on a 20-digit id). The same as approvals.converters; both belong in core."""

MAX_ID = 2**63 - 1


class PositiveIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)  # Django: this pattern does not match, try the next
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
