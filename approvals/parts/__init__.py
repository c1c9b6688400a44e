"""The routes of the parts added in issue 12 (documents, signed payload, procedures, branches,
remedies): each module lists its page URLs (`urlpatterns`, namespace approvals), its API routes
(`api_urlpatterns`, under /api/v1/) and its public pages (`public_urlpatterns`, no login), and
approvals/urls.py, api_urls.py and public_urls.py mount them all."""

from approvals.parts import branches, documents, fees, procedures, remedies, signing

PARTS = (documents, signing, procedures, branches, remedies, fees)


def collect(name: str) -> list:
    return [route for part in PARTS for route in getattr(part, name, [])]
