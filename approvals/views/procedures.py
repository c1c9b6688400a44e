"""Pages of the procedures part."""


def detail_context(app, user) -> dict:
    """What this part adds to the application page (approvals/_detail_procedures.html reads it)."""
    return {}
