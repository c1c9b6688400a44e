from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "事项清单"

    def ready(self):
        import catalog.audit_actions  # noqa: F401  (the labels of its audit actions)
