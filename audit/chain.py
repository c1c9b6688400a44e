"""The audit trail's hash chain (防篡改, 全程留痕): what is hashed, how events are linked, and the
one check (`verify`) that the command and the inspectors' page both run.

Each event has
- `content_hash` = sha256 of its canonical content (`canonical_content`: a JSON object with
  sorted keys, no spaces, UTF-8, `v` = the format version), computed by `record_event` in the
  writer's transaction;
- a link: `seq` (1, 2, 3 … in chain order), `prev_hash` (the previous event's `hash`, or 64 zeros
  for the first) and `hash` = sha256("<seq>|<id>|<prev_hash>|<content_hash>"), set once in the
  same transaction by a trigger (audit/db.py): on SQLite right after the INSERT (one writer at
  a time: every transaction is BEGIN IMMEDIATE), on PostgreSQL at commit by the deferred
  constraint trigger `audit_chain_link`, which only TRIES the chain's advisory lock; when it is
  busy the events commit unlinked and `sweep` links them right after (docs/subsystems/audit.md:
  why a lock taken earlier, or waited for at commit, could deadlock with services' row locks).

Changing a row's content breaks its `content_hash`; removing or reordering rows breaks the
`seq` sequence or the `prev_hash` of the row after. Removing the newest rows leaves a valid
shorter chain: compare with a head printed earlier (`head_at`, the monthly 通报 carries it).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction

from audit.db import BUSY_NOTICE, GENESIS
from audit.models import AuditEvent

FORMAT_VERSION = 1
VERIFY_CHUNK = 2000


def _normal(value):
    """Numbers as jsonb gives them back: an integral float is the integer (jsonb turns 1e16 into
    10000000000000000, and 2.0 may come back as 2.0 or 2 depending on the driver)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    return value


def normalise_data(data) -> dict:
    """The form `data` is stored in: a JSON round trip (tuples become lists, keys strings)."""
    return json.loads(json.dumps(data or {}))


def _utc_iso(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(
    *,
    at,
    actor_id,
    actor_name,
    content_type,
    object_id,
    object_repr,
    action,
    before,
    after,
    note,
    data,
) -> bytes:
    """The stable serialisation of an event's content (`content_type` is "app_label.model").
    Changing it is changing the format: bump FORMAT_VERSION and keep the old one for old rows."""
    content = {
        "v": FORMAT_VERSION,
        "at": _utc_iso(at),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "content_type": content_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "action": action,
        "before": before,
        "after": after,
        "note": note,
        "data": _normal(data),
    }
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_hash(**content) -> str:
    return hashlib.sha256(canonical_content(**content)).hexdigest()


def link_hash(seq: int, event_id: int, prev_hash: str, content_hash_: str) -> str:
    """The same expression as the PostgreSQL trigger's (audit/db.py)."""
    return hashlib.sha256(f"{seq}|{event_id}|{prev_hash}|{content_hash_}".encode()).hexdigest()


def sweep() -> int:
    """PostgreSQL: link committed events still waiting for their link (their commit found the
    chain lock busy). Runs in a transaction of its own, holding no other lock, so waiting for the
    chain lock here cannot close a cycle. Returns how many it linked."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT audit_chain_sweep()")
        return cursor.fetchone()[0]


def _sweep_if_busy() -> None:
    """After commit: sweep when the commit-time link said it found the lock busy (a NOTICE;
    no query at all otherwise). Drivers without a notice list sweep every time."""
    raw = connection.connection
    notices = getattr(raw, "notices", None)
    if notices is None:
        sweep()
        return
    if any(BUSY_NOTICE in str(n) for n in notices):
        notices.clear()
        sweep()


def after_commit_sweep() -> None:
    """Once per transaction: check, after it commits, whether its events wait for the sweep
    (record_event calls it on PostgreSQL)."""
    if any(fn is _sweep_if_busy for _sids, fn, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_sweep_if_busy, robust=True)


def link_pending() -> None:
    """Link the current transaction's events now instead of at its commit (PostgreSQL: fires the
    deferred trigger). Only for the read-only checks and tests, which must see their own
    transaction's events chained: it takes the chain lock early, so a service must never call
    it before taking row locks."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS audit_chain_link IMMEDIATE")
            cursor.execute("SET CONSTRAINTS audit_chain_link DEFERRED")


def head_at(moment: datetime.datetime) -> tuple[int, str] | None:
    """(event id, hash) of the last linked event, in chain order, whose time is at or before
    `moment`; None when there is none. Committed events only (in a test's open transaction on
    PostgreSQL, call link_pending first)."""
    row = (
        AuditEvent.objects.filter(at__lte=moment, seq__isnull=False)
        .order_by("-seq")
        .values_list("pk", "hash")
        .first()
    )
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class ChainReport:
    """The result of one walk of the chain."""

    ok: bool
    checked: int
    head_id: int | None = None
    head_hash: str = ""
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    def summary(self) -> str:
        if self.ok:
            if not self.checked:
                return "审计链完整：尚无事件。"
            return (
                f"审计链完整：共校验 {self.checked} 个事件，"
                f"链头事件 #{self.head_id}，摘要 {self.head_hash}。"
            )
        where = f"事件 #{self.broken_id}"
        if self.broken_seq is not None:
            where += f"（链序号 {self.broken_seq}）"
        return f"审计链断裂：第一个异常为{where}：{self.reason}。已校验 {self.checked} 个事件。"


_FIELDS = (
    "pk",
    "seq",
    "prev_hash",
    "hash",
    "content_hash",
    "at",
    "actor_id",
    "actor_name",
    "content_type__app_label",
    "content_type__model",
    "object_id",
    "object_repr",
    "action",
    "before",
    "after",
    "note",
    "data",
)


def _content_of(row: dict) -> dict:
    return {
        "at": row["at"],
        "actor_id": row["actor_id"],
        "actor_name": row["actor_name"],
        "content_type": f"{row['content_type__app_label']}.{row['content_type__model']}",
        "object_id": row["object_id"],
        "object_repr": row["object_repr"],
        "action": row["action"],
        "before": row["before"],
        "after": row["after"],
        "note": row["note"],
        "data": row["data"],
    }


def verify(*, chunk_size: int = VERIFY_CHUNK) -> ChainReport:
    """Walk the whole chain in `seq` order, streaming (constant memory), and report the first
    event that does not fit: a changed content, a missing or moved link, or an event that was
    written without being linked."""
    link_pending()
    sweep()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        # One snapshot for the walk on PostgreSQL (the chain only grows; rows linked while we
        # walk are simply not seen). SQLite reads inside one transaction anyway.
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _walk(chunk_size)


def _fault(row: dict, expected_seq: int, prev_hash: str) -> str:
    """Why this row does not fit the chain so far ('' when it does)."""
    if row["seq"] != expected_seq:
        return f"链序号应为 {expected_seq}，前面的事件被删除或移动"
    if row["prev_hash"] != prev_hash:
        return "前一事件摘要不符，前面的事件被删除、移动或改动"
    if content_hash(**_content_of(row)) != row["content_hash"]:
        return "内容与摘要不符，事件被改动"
    if link_hash(row["seq"], row["pk"], prev_hash, row["content_hash"]) != row["hash"]:
        return "链接摘要不符，事件被改动或移动"
    return ""


def _walk(chunk_size: int) -> ChainReport:
    unlinked = (
        AuditEvent.objects.filter(seq__isnull=True).order_by("pk").values_list("pk", flat=True)
    ).first()
    expected_seq, prev_hash, checked, head_id = 1, GENESIS, 0, None
    rows = AuditEvent.objects.order_by("seq").filter(seq__isnull=False).values(*_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        reason = _fault(row, expected_seq, prev_hash)
        if reason:
            return ChainReport(
                ok=False,
                checked=checked,
                head_id=head_id,
                head_hash=prev_hash,
                broken_id=row["pk"],
                broken_seq=row["seq"],
                reason=reason,
            )
        checked += 1
        expected_seq += 1
        prev_hash, head_id = row["hash"], row["pk"]
    if unlinked is not None:
        return ChainReport(
            ok=False,
            checked=checked,
            head_id=head_id,
            head_hash=prev_hash,
            broken_id=unlinked,
            reason="事件未入链（绕过了写入与入链）",
        )
    return ChainReport(ok=True, checked=checked, head_id=head_id, head_hash=prev_hash)
