"""Liaisons on record (issue 14): the bureau's own 信息联络员, as the register
(catalog.models.LiaisonRecord) names them today. The register itself is written by
catalog.services.liaisons, with every grant and removal of a department's liaison."""

from django.contrib.auth import get_user_model

from catalog.models import LiaisonRecord


def bureau_liaisons():
    """The users who receive, for the bureau, what departments send: the active users with an
    open record of the bureau (department empty) on the register. A queryset of users."""
    open_records = LiaisonRecord.objects.filter(department__isnull=True, until__isnull=True)
    return get_user_model().objects.filter(is_active=True, pk__in=open_records.values("user_id"))
