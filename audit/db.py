"""The database's own guard of the append-only trail: triggers that refuse UPDATE and DELETE on
the audit table, on PostgreSQL and on SQLite. Used by the migration that installs them and by
the SQLite backend's flush (the one sanctioned wipe, as TRUNCATE is on PostgreSQL)."""

TABLE = "audit_auditevent"
MESSAGE = "audit_auditevent is append-only"

# Version 1 (migration 0003): refuse every UPDATE and DELETE.
POSTGRES_INSTALL_V1 = [
    f"""
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"""
    CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """,
]
POSTGRES_REMOVE_V1 = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]

SQLITE_INSTALL_V1 = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REMOVE_V1 = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
]


# Version 2 (migration 0004, the hash chain): the one UPDATE allowed is the link — a row not
# yet linked (seq NULL, hash '') gets its seq, prev_hash and hash, every other column the same.
# On PostgreSQL the link is written at commit by a deferred constraint trigger.
_CONTENT_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "content_type_id",
    "object_id",
    "object_repr",
    "action",
    "before",
    "after",
    "note",
    "data",
    "content_hash",
)
_PG_SAME = "({}) IS NOT DISTINCT FROM ({})".format(
    ", ".join(f"OLD.{c}" for c in _CONTENT_COLUMNS), ", ".join(f"NEW.{c}" for c in _CONTENT_COLUMNS)
)
_SQLITE_SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _CONTENT_COLUMNS)
# int8 of b"audchain", the same as audit.chain.LOCK_KEY.
LOCK_KEY = 0x61756463_6861696E
GENESIS = "0" * 64
# The notice the commit-time link raises when it left its events to the sweep.
BUSY_NOTICE = "audit_chain_busy"

POSTGRES_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash = '' AND NEW.seq IS NOT NULL
           AND {_PG_SAME} THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"""
    CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """,
    # Links every visible unlinked event (the transaction's own and any committed one still
    # waiting) after the head, in id order, under the chain lock. Returns how many it linked.
    f"""
    CREATE OR REPLACE FUNCTION audit_chain_link_all() RETURNS integer AS $$
    DECLARE
        head_seq bigint;
        head_hash varchar(64);
        pending record;
        linked integer := 0;
    BEGIN
        SELECT seq, hash INTO head_seq, head_hash FROM {TABLE}
            WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
        IF head_seq IS NULL THEN
            head_seq := 0;
            head_hash := repeat('0', 64);
        END IF;
        FOR pending IN SELECT id, content_hash FROM {TABLE} WHERE seq IS NULL ORDER BY id LOOP
            head_seq := head_seq + 1;
            UPDATE {TABLE} SET seq = head_seq, prev_hash = head_hash,
                hash = encode(sha256(convert_to(
                    head_seq::text || '|' || pending.id::text || '|' || head_hash || '|'
                    || pending.content_hash, 'UTF8')), 'hex')
                WHERE id = pending.id
                RETURNING hash INTO head_hash;
            linked := linked + 1;
        END LOOP;
        RETURN linked;
    END
    $$ LANGUAGE plpgsql
    """,
    # Fires at COMMIT for each inserted row. It never WAITS for the chain lock (try-lock): a
    # transaction at commit may still wait for row locks (deferred foreign-key checks), so
    # waiting for the chain lock there could close a cycle. When the lock is busy the events
    # commit unlinked and the sweep below, run after commit by record_event's on_commit, links
    # them.
    f"""
    CREATE OR REPLACE FUNCTION audit_chain_link() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM {TABLE} WHERE seq IS NULL AND id = NEW.id) THEN
            RETURN NULL;
        END IF;
        IF pg_try_advisory_xact_lock({LOCK_KEY}) THEN
            PERFORM audit_chain_link_all();
        ELSE
            RAISE NOTICE '{BUSY_NOTICE}';
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    # The sweep: in a transaction of its own that holds no other lock, so it may wait.
    f"""
    CREATE OR REPLACE FUNCTION audit_chain_sweep() RETURNS integer AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM {TABLE} WHERE seq IS NULL) THEN
            RETURN 0;
        END IF;
        PERFORM pg_advisory_xact_lock({LOCK_KEY});
        RETURN audit_chain_link_all();
    END
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS audit_chain_link ON {TABLE}",
    f"""
    CREATE CONSTRAINT TRIGGER audit_chain_link AFTER INSERT ON {TABLE}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_chain_link()
    """,
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_chain_link ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_chain_link()",
    "DROP FUNCTION IF EXISTS audit_chain_sweep()",
    "DROP FUNCTION IF EXISTS audit_chain_link_all()",
    *POSTGRES_REMOVE_V1,
]

_SQLITE_HEAD_HASH = (
    f"COALESCE((SELECT hash FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1),"
    f" '{GENESIS}')"
)
_SQLITE_NEXT_SEQ = f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM {TABLE})"
SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT (OLD.seq IS NULL AND OLD.hash = '' AND NEW.seq IS NOT NULL AND {_SQLITE_SAME})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    # SQLite has one writer at a time (every transaction is BEGIN IMMEDIATE), so the new row is
    # linked to the head at once; audit_sha256 is registered on every connection by
    # audit.backends.sqlite3.
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_chain_link AFTER INSERT ON {TABLE}
    WHEN NEW.seq IS NULL
    BEGIN
        UPDATE {TABLE} SET
            seq = {_SQLITE_NEXT_SEQ},
            prev_hash = {_SQLITE_HEAD_HASH},
            hash = audit_sha256({_SQLITE_NEXT_SEQ} || '|' || NEW.id || '|' || {_SQLITE_HEAD_HASH}
                || '|' || NEW.content_hash)
        WHERE id = NEW.id;
    END
    """,
]
SQLITE_REMOVE = [*SQLITE_REMOVE_V1, "DROP TRIGGER IF EXISTS audit_chain_link"]


def statements(vendor: str, *, install: bool, version: int = 1) -> list[str]:
    """The statements that install or remove the guard of one version (migrations pin theirs)."""
    if vendor == "postgresql":
        if version == 1:
            return POSTGRES_INSTALL_V1 if install else POSTGRES_REMOVE_V1
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    if vendor == "sqlite":
        if version == 1:
            return SQLITE_INSTALL_V1 if install else SQLITE_REMOVE_V1
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    return []
