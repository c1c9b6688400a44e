"""The object of an overdue record of a duty kind (issue 14), the one place: kind → how its
object_id becomes a link. A URL name that does not exist (yet) links nothing. The meeting
tasks link to their meeting's page: one query for all the tasks of a page."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

# kind → (URL name, how the URL's pk is found: None for the object id itself, or
# (app label, model, field) to read it from the flagged row).
DUTY_LINKS = {
    "feedback": ("supervision:push_detail", None),
    "check": ("supervision:check_detail", None),
    "information": ("supervision:correspondence_detail", None),
    "inquiry": ("supervision:inquiry_detail", None),
    "meeting_task": ("supervision:meeting_detail", ("supervision", "MeetingTask", "meeting_id")),
}


def _url(name: str, pk) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def duty_urls(records) -> dict[int, str]:
    """record pk → the link of its object, for the records of duty kinds among `records`
    (at most one query per kind whose URL takes another row's pk)."""
    by_kind: dict[str, list] = {}
    for r in records:
        if r.kind in DUTY_LINKS and r.object_id is not None:
            by_kind.setdefault(r.kind, []).append(r)
    urls: dict[int, str] = {}
    for kind, rows in by_kind.items():
        name, via = DUTY_LINKS[kind]
        if via is None:
            urls.update({r.pk: _url(name, r.object_id) for r in rows})
            continue
        app_label, model_name, field = via
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        pks = dict(
            model.objects.filter(pk__in=[r.object_id for r in rows]).values_list("pk", field)
        )
        urls.update({r.pk: _url(name, pks[r.object_id]) for r in rows if r.object_id in pks})
    return urls
