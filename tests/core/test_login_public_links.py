"""The login page is where a newcomer lands: it links the public pages an applicant needs, no
login asked (事项清单与办事指南, 办件进度, 双公示, 投诉), and says how a permit is verified."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_login_page_links_the_public_catalog_and_pages(client):
    text = client.get("/accounts/login/").content.decode()
    links = text[text.index('data-testid="public-links"') :]
    for href, label in [
        ("/catalog/", "事项清单与办事指南"),
        ("/progress/", "办件进度查询"),
        ("/disclosure/", "双公示"),
        ("/complain/", "投诉"),
    ]:
        assert f'href="{href}"' in links and label in links
    assert "证照核验" in links and "二维码" in links


@pytest.mark.parametrize("path", ["/catalog/", "/progress/", "/disclosure/", "/complain/"])
def test_every_page_the_login_page_links_opens_without_login(client, path):
    assert client.get(path).status_code == 200
