"""Reads of the public side: a looked-up application's rating and follow-up, the inspectors'
lists (shaped for their pages: one query for the rows, whatever their number)."""

from accountability.models import Complaint, Rating, RatingFollowUp


def rating_of(application) -> Rating | None:
    return Rating.objects.select_related("followup").filter(application=application).first()


def followups(status: str | None = None):
    qs = RatingFollowUp.objects.select_related(
        "rating", "rating__application", "rating__application__item_version"
    )
    return qs.filter(status=status) if status else qs


def followup(pk: int) -> RatingFollowUp:
    return followups().select_related("contacted_by", "closed_by").get(pk=pk)


def rating(pk: int) -> Rating:
    return Rating.objects.select_related(
        "application", "application__item_version", "recorded_by"
    ).get(pk=pk)


def complaints(status: str | None = None):
    qs = Complaint.objects.all()
    return qs.filter(status=status) if status else qs


def complaint(pk: int) -> Complaint:
    return Complaint.objects.select_related(
        "application", "accepted_by", "replied_by", "closed_by"
    ).get(pk=pk)
