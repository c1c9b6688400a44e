from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "审管衔接"

    def ready(self):
        import supervision.audit_actions  # noqa: F401  (the labels of its audit actions)
        from approvals.signals import decision_recorded, remedy_outcome_recorded
        from supervision import services, statistics
        from supervision.services import deadlines, remedies
        from workdays.signals import official_year_entered

        # The outbox: pushes are written inside the decision's own transaction.
        decision_recorded.connect(
            services.on_decision_recorded, dispatch_uid="supervision_push_decision"
        )
        # A 复议 / 诉讼 outcome: the departments the permit is routed to are told.
        remedy_outcome_recorded.connect(
            remedies.on_remedy_outcome_recorded, dispatch_uid="supervision_remedy_outcome"
        )
        official_year_entered.connect(
            deadlines.on_official_year_entered, dispatch_uid="supervision_recompute_deadlines"
        )
        # The stored claim working days of pushes whose span touches the year.
        official_year_entered.connect(
            statistics.on_official_year_entered, dispatch_uid="supervision_recount_working_days"
        )
