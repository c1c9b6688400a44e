"""Pages of monitoring, overdue records, cases and case-file review (namespace accountability)."""

urlpatterns: list = []
