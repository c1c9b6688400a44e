"""URLs of the applications API tests."""

from tests.api.conftest import APPLICATIONS


def url(app_id, action=""):
    return f"{APPLICATIONS}{app_id}/{action + '/' if action else ''}"
