"""Periodic jobs of approvals (the 补正 expiry)."""
