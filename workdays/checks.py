"""System check: warn when the official working-day data is about to run out."""

from django.core.checks import Tags, Warning
from django.db import DatabaseError


def check_official_data(app_configs=None, databases=None, **kwargs):
    """workdays.W001 when official data ends within services.WARNING_DAYS (or already has).

    It reads the database, so like Django's own database checks it runs only when databases
    are given: `migrate` and `manage.py check --database default`.
    """
    if not databases or "default" not in databases:
        return []
    from workdays import services

    try:
        message = services.official_data_warning()
    except DatabaseError:  # tables not migrated yet: migrate itself runs checks first
        return []
    if message is None:
        return []
    return [
        Warning(
            message,
            hint=(
                "在管理后台“工作日历年度 › 录入年度放假安排”录入,或升级 chinesecalendar 后运行 "
                "`python manage.py load_calendar`。"
            ),
            id="workdays.W001",
        )
    ]


def register_checks() -> None:
    from django.core.checks import register

    register(check_official_data, Tags.database)
