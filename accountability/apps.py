from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = "督查问责"

    def ready(self):
        # Every kind of deadline registers itself with the monitoring registry on import.
        from accountability.oversight import deadlines, remedy_deadlines  # noqa: F401
        from accountability.public import deadlines as public_deadlines  # noqa: F401
