"""Routes of the signing part (see approvals/parts/__init__.py): the public page of the
document-signing key (/verify/key/, no login) and the same key over the API
(GET /api/v1/verification/public-key/, any caller)."""

from django.urls import path

from approvals.api.signing import PublicKeyView
from approvals.views.verify import public_key

urlpatterns: list = []
api_urlpatterns: list = [
    path(
        "verification/public-key/",
        PublicKeyView.as_view(),
        name="verification-public-key",
    ),
]
public_urlpatterns: list = [
    path("verify/key/", public_key, name="verify_public_key"),
]
