from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from axes.signals import user_locked_out

        from audit.logins import on_user_locked_out

        user_locked_out.connect(on_user_locked_out, dispatch_uid="audit_login_locked_out")
