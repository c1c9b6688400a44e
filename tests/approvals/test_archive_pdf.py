"""A long letter paginates without leaving the signature and the date alone on the last page
(WeasyPrint's laid-out pages, read back box by box)."""

import pytest
from weasyprint import HTML

from approvals import services
from approvals.models import IssuedDocument

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def _page_texts(html: str) -> list[str]:
    pages = HTML(string=html).render().pages
    return [
        "".join(getattr(box, "text", "") or "" for box in page._page_box.descendants())
        for page in pages
    ]


# Without `.ending { break-inside: avoid }` each of these reason lengths leaves the seal, the
# bureau's name and the date alone on the last page (measured on this template: 20–29 repeats
# on page 2, 74–83 on page 3).
@pytest.mark.parametrize("repeats", [22, 28, 78])
def test_a_long_denial_keeps_body_text_with_the_signature(reviewed, approver, repeats):
    app = reviewed()
    decision = services.decide(
        application_id=app.pk,
        approver=approver,
        approve=False,
        reason="经现场核查，经营场所面积与布局不符合条件。" * repeats,
    )
    letter = IssuedDocument.objects.get(decision=decision)
    pages = _page_texts(letter.html)
    assert len(pages) >= 2
    last = pages[-1]
    assert "2026年6月1日" in last and "用印" in last  # the signature block is there …
    assert "如不服本决定" in last  # … with the closing paragraph of the body
