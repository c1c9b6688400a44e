"""The application page's parties section (当事人: the agent and the legal representative), and
the agent's authorisation letter as a file of that application."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from approvals.models import ApplicationParty
from approvals.models.parties import parties_of
from approvals.views._common import READERS, detail_or_404
from core.views import role_required


def detail_context(app, user) -> dict:
    """The parties (agent first, the model's order); one query, whatever the page shows."""
    return {"parties": parties_of(app)}


@role_required(*READERS)
@require_GET
def authorization_letter(request, pk):
    """授权委托书 of this application's agent, to those who may read the application (404
    otherwise, and when there is no stored letter): approvals:authorization_letter."""
    app = detail_or_404(request.user, pk)
    party = (
        ApplicationParty.objects.select_related("authorization_letter")
        .filter(application=app, role=ApplicationParty.Role.AGENT)
        .exclude(authorization_letter=None)
        .first()
    )
    if party is None:
        raise Http404
    stored = party.authorization_letter
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, content_type=stored.content_type, filename=stored.original_name)
