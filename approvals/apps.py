from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "受理审批"

    def ready(self):
        import approvals.audit_actions  # noqa: F401  (the labels of its audit actions)
        from approvals import statistics
        from approvals.services import deadlines
        from workdays.signals import official_year_entered

        # Each app recomputes its own provisional deadlines when official data arrives.
        official_year_entered.connect(
            deadlines.on_official_year_entered, dispatch_uid="approvals_recompute_due_dates"
        )
        # The stored working days of decided applications whose span touches the year.
        official_year_entered.connect(
            statistics.on_official_year_entered, dispatch_uid="approvals_recount_working_days"
        )
