"""The case file for the department that supervises it (issue 14, 000 电子档案共享): what the
bureau decided on for a push, read-only — the decision letter as archived, the materials and
their files, the review opinions with the site-inspection record.

Who: the liaisons of the push's department and inspectors (supervision.selectors.pushes_for);
another department's push, and every file of it, is 404. Each opening — the file's page or API
read, the letter, a material's file — writes an "open_case_file" audit event on the push (who,
when, what part), so the bureau can show who looked at an applicant's papers."""

from dataclasses import dataclass

from django.db import transaction

from approvals.models import Application, ApplicationMaterial, IssuedDocument, ReviewOpinion
from audit.services import record_event
from core.errors import NotFound
from core.roles import Role, require_role
from supervision import selectors
from supervision.models import Push

READERS = (Role.LIAISON, Role.INSPECTOR)


@dataclass
class CaseFile:
    push: Push
    application: Application | None
    letter: IssuedDocument | None
    materials: list
    opinions: list


def _application_of(push: Push) -> Application | None:
    """The application the pushed decision closes; for a later decision on a permit (变更, 撤销 …)
    the application that granted the permit."""
    decision = push.decision
    if decision.application_id:
        return decision.application
    if decision.permit_id:
        return decision.permit.application
    return None


def _opened(user, push: Push, part: str, channel: str) -> None:
    with transaction.atomic():
        record_event(
            actor=user,
            obj=push,
            action="open_case_file",
            after=part,
            data={"part": part, "channel": channel},
        )


def open_case_file(*, user, push_id, channel: str = "page") -> CaseFile:
    """The case file of a push in the caller's scope (404 otherwise), its opening audited.
    Three queries whatever the number of materials: the push with its decision, application,
    permit and letter; the materials with their files; the opinions with their reviewers."""
    require_role(user, *READERS)
    try:
        push = (
            selectors.pushes_for(user)
            .select_related(
                "decision__application__item_version",
                "decision__permit__application",
                "decision__letter",
            )
            .get(pk=push_id)
        )
    except (Push.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    application = _application_of(push)
    materials, opinions = [], []
    if application is not None:
        materials = list(
            ApplicationMaterial.objects.filter(application=application).select_related(
                "material", "file"
            )
        )
        opinions = list(
            ReviewOpinion.objects.filter(application=application)
            .select_related("reviewer")
            .order_by("created_at", "pk")
        )
    letter = getattr(push.decision, "letter", None)
    _opened(user, push, "file", channel)
    return CaseFile(push, application, letter, materials, opinions)


def case_file_letter(*, user, push_id, channel: str = "page") -> tuple[Push, IssuedDocument]:
    """The pushed decision's letter as archived (404 when none was issued), audited."""
    require_role(user, *READERS)
    push = selectors.access_push(user, push_id)
    letter = IssuedDocument.objects.filter(decision_id=push.decision_id).first()
    if letter is None:
        raise NotFound()
    _opened(user, push, "letter", channel)
    return push, letter


def case_file_material(*, user, push_id, material_id, channel: str = "page"):
    """One material's stored file of the push's application (404 outside it), audited."""
    require_role(user, *READERS)
    push = (
        selectors.pushes_for(user).select_related("decision__permit").filter(pk=push_id).first()
        if str(push_id).isascii() and str(push_id).isdigit()
        else None
    )
    if push is None:
        raise NotFound()
    application = _application_of(push)
    line = (
        ApplicationMaterial.objects.filter(application=application, pk=material_id)
        .exclude(file=None)
        .select_related("file", "material")
        .first()
        if application is not None and str(material_id).isascii() and str(material_id).isdigit()
        else None
    )
    if line is None:
        raise NotFound()
    _opened(user, push, f"material:{line.material.name}", channel)
    return line.file
