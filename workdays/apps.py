from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        from workdays.checks import register_checks

        register_checks()
