"""The CSV export: UTF-8 with BOM, masked, scoped, narrowed by tab, formula-safe."""

import csv
import io

from django.urls import reverse

from supervision.models import Push
from tests.flows import PERSON_ID

# --- export ---------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8 Chinese
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_is_utf8_with_bom_masked_and_scoped(client, liaison_other, push, other_push):
    client.force_login(liaison_other)
    response = client.get(reverse("supervision:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == ["监管部门", "事项名称", "决定类型", "法律文书编号"]
    assert len(rows) == 2
    assert rows[1][0] == "县卫生健康局"
    assert "440305********1236" in rows[1] and PERSON_ID not in "".join(rows[1])


def test_export_tab_narrows_rows(as_liaison, push):
    assert len(_csv(as_liaison.get(reverse("supervision:export"), {"tab": "claimed"}))) == 1
    assert len(_csv(as_liaison.get(reverse("supervision:export"), {"tab": "to_claim"}))) == 2


def test_export_neutralises_formula_cells(as_liaison, push):
    Push.objects.filter(pk=push.pk).update(holder_name="=HYPERLINK(1)")
    rows = _csv(as_liaison.get(reverse("supervision:export")))
    assert rows[1][rows[0].index("行政相对人")] == "'=HYPERLINK(1)"


def test_export_is_forbidden_to_bureau_roles(client, clerk, push):
    client.force_login(clerk)
    assert client.get(reverse("supervision:export")).status_code == 403
