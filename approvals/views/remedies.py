"""Pages of the remedies part."""


def detail_context(app, user) -> dict:
    """What this part adds to the application page (approvals/_detail_remedies.html reads it)."""
    return {}
