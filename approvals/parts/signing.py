"""Routes of the signing part (see approvals/parts/__init__.py)."""

urlpatterns: list = []
api_urlpatterns: list = []
public_urlpatterns: list = []
