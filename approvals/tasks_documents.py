"""Celery tasks of the archive (autodiscovered through approvals/tasks.py): thin, idempotent."""

from celery import shared_task


@shared_task(name="approvals.render_document")
def render_document(document_id: int) -> bool:
    """Render and store an issued document's PDF; a second run renders nothing."""
    from approvals.archive import ensure_pdf
    from approvals.models import IssuedDocument

    try:
        return ensure_pdf(document_id)[1]
    except IssuedDocument.DoesNotExist:  # its transaction rolled back after all
        return False


@shared_task(name="approvals.render_pending_documents")
def render_pending_documents(limit: int = 100) -> int:
    """The sweep: every stored copy still missing (after a broker outage)."""
    from approvals.archive import render_pending

    return render_pending(limit=limit)
