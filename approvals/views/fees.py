"""Issue 13: the application page's fees section (see detail.py DETAIL_PARTS)."""


def detail_context(app, user) -> dict:
    return {}
