"""The allowed transitions of the public side's records, read by the services (which refuse
the rest) and by the pages (which buttons to show)."""

from django.db import models

from accountability.models import Complaint, RatingFollowUp
from core.roles import Role

# Who handles follow-ups and complaints: the bureau's inspectors (监察督查).
HANDLERS = (Role.INSPECTOR,)


class FollowUpAction(models.TextChoices):
    CONTACT = "contact"
    CLOSE = "close"


class ComplaintAction(models.TextChoices):
    ACCEPT = "accept"
    REPLY = "reply"
    CLOSE = "close"


F = RatingFollowUp.Status
C = Complaint.Status

FOLLOWUP_ALLOWED = {
    FollowUpAction.CONTACT: {F.OPEN},
    FollowUpAction.CLOSE: {F.CONTACTED},
}

COMPLAINT_ALLOWED = {
    ComplaintAction.ACCEPT: {C.RECEIVED},
    ComplaintAction.REPLY: {C.ACCEPTED},
    ComplaintAction.CLOSE: {C.REPLIED},
}


def followup_actions(followup) -> set[str]:
    return {a for a, states in FOLLOWUP_ALLOWED.items() if followup.status in states}


def complaint_actions(complaint) -> set[str]:
    return {a for a, states in COMPLAINT_ALLOWED.items() if complaint.status in states}
