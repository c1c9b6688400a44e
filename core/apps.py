from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础"

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from core.converters import PositiveIdConverter

        # `<id:pk>` in every app's URLs: a database id, or the URL does not match (404).
        register_converter(PositiveIdConverter, "id")

        from core.roles import ensure_role_groups

        # Run after every app's migrate (each adds its permissions first); the function is
        # idempotent and cheap.
        post_migrate.connect(ensure_role_groups, dispatch_uid="oneseal_role_groups")
