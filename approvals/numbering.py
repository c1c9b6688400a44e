"""Gap-free document numbers per series and year (受理编号, 决定文号, 证件编号, and each
notice's 文号: 受理通知书, 补正材料通知书, 不予受理决定书, 撤回 and 终止 notices).

The counter row is locked (SELECT ... FOR UPDATE) inside the caller's transaction, so numbers
taken by simultaneous transactions are distinct, and a rolled-back transaction gives its number
back: no gaps."""

from django.db import IntegrityError, transaction

from approvals.models import DocumentCounter

RECEIPT = "receipt"
DECISION = "decision"
PERMIT = "permit"
# The notices' own series (示审受 / 示审补 / 示审不受 / 示审撤 / 示审终〔year〕N号); decision
# letters keep DECISION (示审批〔year〕N号, every Decision kind).
NOTICE_SERIES = {
    "receipt": "notice-receipt",
    "correction": "notice-correction",
    "refusal": "notice-refusal",
    "withdrawal": "notice-withdrawal",
    "termination": "notice-termination",
    "special_procedure": "notice-special",
}


def next_serial(series: str, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_serial must run inside the transaction that uses the number")
    counter = _locked_counter(series, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _locked_counter(series: str, year: int) -> DocumentCounter:
    try:
        return DocumentCounter.objects.select_for_update().get(series=series, year=year)
    except DocumentCounter.DoesNotExist:
        pass
    try:
        # First number of a year: create the row in a savepoint; if a concurrent transaction
        # created it first, the unique constraint stops us and we lock theirs.
        with transaction.atomic():
            DocumentCounter.objects.create(series=series, year=year, last=0)
    except IntegrityError:
        pass
    return DocumentCounter.objects.select_for_update().get(series=series, year=year)


def receipt_number(year: int, serial: int) -> str:
    return f"SL{year}{serial:06d}"


def decision_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


# A notice's number has the decision letters' form, under its own prefix.
document_number = decision_number


def permit_number(year: int, serial: int) -> str:
    return f"XK{year}{serial:06d}"
