"""Browser forms that create something, submitted once: the form carries a one-time key
(supervision.formkeys signs it for the user and the form) and the service that creates writes the
key in its own transaction, unique, so a second submit of the same form (a double click, a page
sent again, two at once) is refused instead of creating a second row."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidTransition
from supervision.models import FormSubmission

REPORT_FORM = "report"
# A key is good for this long (supervision.formkeys refuses older ones); the rows of older keys
# are no longer needed to refuse them and are removed as new ones come in.
KEY_MAX_AGE = datetime.timedelta(hours=12)
ALREADY_SUBMITTED = _("该表单已提交过,请勿重复提交。如需再次推送,请重新打开表单。")


def record_submission(*, user, form: str, key: str) -> None:
    """Inside the creating service's transaction: the key once, or 409 already_submitted. On
    PostgreSQL a concurrent insert of the same key waits for the first transaction and then
    fails; on SQLite writes are serialised."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_submission must run inside the creating service's transaction")
    now = timezone.now()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(key=key, form=form, user=user, submitted_at=now)
    except IntegrityError:
        raise InvalidTransition(
            None, "submit", ALREADY_SUBMITTED, code="already_submitted"
        ) from None
    FormSubmission.objects.filter(submitted_at__lt=now - KEY_MAX_AGE).delete()
