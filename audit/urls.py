"""Pages of the audit trail (namespace audit)."""

app_name = "audit"
urlpatterns: list = []
