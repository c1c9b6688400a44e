"""Pages of the branches part."""


def detail_context(app, user) -> dict:
    """What this part adds to the application page (approvals/_detail_branches.html reads it)."""
    return {}


BRANCH_ACTIONS: dict = {}  # the branch actions of the application page (ActionSpec each)
