"""The 复议 / 诉讼 deadlines in the monitoring registry (filled by the remedies part)."""
