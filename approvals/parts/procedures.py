"""Routes of the procedures part (see approvals/parts/__init__.py)."""

urlpatterns: list = []
api_urlpatterns: list = []
public_urlpatterns: list = []
