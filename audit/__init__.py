"""The append-only audit trail (全程留痕): the one table every app writes its events to."""
