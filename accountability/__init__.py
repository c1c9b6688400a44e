"""Audit trail (全程留痕), overdue records, warnings, statistics and accountability cases."""
