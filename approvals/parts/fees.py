"""Issue 13: fees at the window — pages, API and public routes (collected by approvals.parts)."""

urlpatterns: list = []
api_urlpatterns: list = []
public_urlpatterns: list = []
