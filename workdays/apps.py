from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        import workdays.audit_actions  # noqa: F401  (the labels of its audit actions)
        from workdays.checks import register_checks

        register_checks()
