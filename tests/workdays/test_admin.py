"""The calendar admin as a catalog_admin uses it: the whole-year form and single-day edits."""

import pytest

from audit.services import events_for
from core.roles import Role
from tests.queries import exact_queries
from tests.workdays.conftest import HOLIDAYS_2027_TEXT, MAKEUPS_2027_TEXT, D, frozen
from workdays.models import CalendarDay, CalendarYear
from workdays.services import is_provisional, is_workday

pytestmark = pytest.mark.django_db

ENTER = "/admin/workdays/calendaryear/enter/"


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


def post_year(client, year="2027", holidays=HOLIDAYS_2027_TEXT, makeups=MAKEUPS_2027_TEXT, **kw):
    data = {"year": year, "holidays": holidays, "makeup_workdays": makeups, "note": "", **kw}
    return client.post(ENTER, data)


def test_the_year_form_proposes_the_year_after_the_official_data(admin_client):
    with frozen(2026, 11, 23, 9):
        page = admin_client.get(ENTER)
    assert page.status_code == 200
    html = page.content.decode()
    assert "录入年度放假安排" in html
    assert 'name="year" value="2027"' in html
    assert "2027-02-06~2027-02-13 春节" in html  # the format is shown as help


def test_entering_2027_in_one_form(
    admin_client, catalog_admin, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_year(admin_client, note="国办发明电〔2026〕8号")
    assert response.status_code == 302
    assert response["Location"] == "/admin/workdays/calendaryear/"
    year = CalendarYear.objects.get(year=2027)
    assert (year.official, year.source, year.note) == (True, "admin", "国办发明电〔2026〕8号")
    assert not is_provisional(D(2027, 3, 1))
    assert is_workday(D(2027, 2, 8)) is False and is_workday(D(2027, 10, 9)) is True
    assert announced == [2027]
    [event] = events_for(year)
    assert event.actor == catalog_admin and event.action == "calendar_year_set"
    assert "已保存 2027 年放假安排" in admin_client.get(response["Location"]).content.decode()


def test_the_changelist_links_to_the_year_form(admin_client):
    html = admin_client.get("/admin/workdays/calendaryear/").content.decode()
    assert ENTER in html and "录入年度放假安排" in html
    assert "/admin/workdays/calendaryear/add/" not in html


@pytest.mark.parametrize(
    ("holidays", "makeups", "message"),
    [
        (HOLIDAYS_2027_TEXT, "2027-02-10 春节调休", "第 1 行:2027-02-10 是周三,本来就上班"),
        ("2026-12-31 元旦", "", "第 1 行:2026-12-31 不在 2027 年内"),
        ("2027/01/01 元旦", "", "第 1 行“2027/01/01 元旦”格式不对"),
        ("2027-01-01", "", "第 1 行:缺少名称"),
        ("2027-01-01 元旦\n2027-02-30 春节", "", "第 2 行:日期“2027-02-30”不存在"),
        ("2027-02-13~2027-02-06 春节", "", "第 1 行:结束日期早于开始日期"),
        ("2027-01-01 元旦\n2027-01-01 元旦", "", "第 2 行:2027-01-01 与第 1 行重复"),
        (HOLIDAYS_2027_TEXT, "2027-02-06 春节调休", "已在放假日期第 2 行录入"),
        ("", "", "请录入放假日期"),
        ("# 只有注释", "", "请至少录入一个放假日期"),
    ],
)
def test_the_year_form_explains_each_mistake_in_chinese(
    admin_client, announced, holidays, makeups, message
):
    response = post_year(admin_client, holidays=holidays, makeups=makeups)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请更正下面的错误" in html
    assert message in html
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert announced == []


def test_the_year_field_must_be_a_year(admin_client):
    html = post_year(admin_client, year="二〇二七").content.decode()
    assert "年度应为四位数字" in html


def test_a_stored_year_is_shown_ready_to_correct_and_round_trips(
    admin_client, announced, django_capture_on_commit_callbacks
):
    page = admin_client.get(ENTER + "?year=2026")
    form = page.context["form"]
    assert "2026-10-01~2026-10-07 国庆节" in form.initial["holidays"]
    assert "2026-10-10 国庆节调休" in form.initial["makeup_workdays"]
    assert "已有官方数据" in page.content.decode()
    before = set(CalendarDay.objects.filter(year=2026).values_list("date", "is_workday", "name"))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_year(
            admin_client,
            year="2026",
            holidays=form.initial["holidays"],
            makeups=form.initial["makeup_workdays"],
        )
    assert response.status_code == 302
    after = set(CalendarDay.objects.filter(year=2026).values_list("date", "is_workday", "name"))
    assert after == before
    assert announced == []  # the working days did not change


def test_an_anonymous_visitor_of_the_year_form_is_sent_to_log_in(client):
    response = client.get(ENTER)
    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={ENTER}"


@pytest.mark.parametrize("role", [None, Role.INSPECTOR])  # no rights; view rights only
def test_staff_without_the_calendar_permissions_get_403_on_the_year_form(client, make_user, role):
    user = make_user("staffer", *([role] if role else []), is_staff=True)
    client.force_login(user)
    assert client.get(ENTER).status_code == 403
    assert post_year(client).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


# --- the plain CalendarDay admin also goes through the service -----------------------------------


def test_editing_a_day_in_the_admin_is_audited_and_announced(
    admin_client, catalog_admin, announced, django_capture_on_commit_callbacks
):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    url = f"/admin/workdays/calendarday/{day.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"date": "2026-10-10", "is_workday": "on", "name": "国庆节补班"}
        )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.name == "国庆节补班"
    assert announced == [2026]
    [event] = events_for(day)
    assert (event.action, event.actor) == ("calendar_day_change", catalog_admin)
    assert day.history.latest().history_user == catalog_admin


def test_adding_a_day_in_the_admin(admin_client, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/workdays/calendarday/add/", {"date": "2026-06-03", "name": "县庆"}
        )
    assert response.status_code == 302
    assert is_workday(D(2026, 6, 3)) is False
    assert CalendarDay.objects.get(date=D(2026, 6, 3)).year == 2026
    assert announced == [2026]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2027-02-08", "name": "春节"}, "2027 年还没有官方放假安排"),
        ({"date": "2026-06-03", "is_workday": "on", "name": "调休"}, "调休上班日应为周六或周日"),
        ({"date": "2026-06-06", "name": "放假"}, "本来就休息"),
        ({"date": "2026-10-01", "name": "国庆节"}, "已有记录"),
    ],
)
def test_the_day_admin_refuses_what_the_service_refuses(admin_client, announced, data, message):
    response = admin_client.post("/admin/workdays/calendarday/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert announced == []


def test_deleting_a_day_in_the_admin_is_audited_and_announced(
    admin_client, announced, django_capture_on_commit_callbacks
):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert is_workday(D(2026, 10, 10)) is False
    assert announced == [2026]


def test_bulk_delete_announces_each_year_once(
    admin_client, announced, django_capture_on_commit_callbacks
):
    ids = list(
        CalendarDay.objects.filter(
            date__in=[D(2026, 10, 1), D(2026, 10, 2), D(2025, 10, 1)]
        ).values_list("pk", flat=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/workdays/calendarday/",
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk__in=ids).exists()
    assert announced == [2025, 2026]


def test_the_year_page_edits_only_the_note(admin_client):
    year = CalendarYear.objects.get(year=2026)
    response = admin_client.post(
        f"/admin/workdays/calendaryear/{year.pk}/change/",
        {"note": "国办发明电〔2025〕7号", "official": "", "source": "admin"},
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.note, year.official, year.source) == (
        "国办发明电〔2025〕7号",
        True,
        "chinesecalendar",
    )
    assert [e.action for e in events_for(year)] == ["calendar_year_note"]


def test_the_year_list_and_day_list_render(admin_client):
    with exact_queries(10):
        assert admin_client.get("/admin/workdays/calendaryear/").status_code == 200
    assert admin_client.get("/admin/workdays/calendarday/?year=2026").status_code == 200
    assert admin_client.get("/admin/workdays/calendarday/?q=国庆").status_code == 200
    year = CalendarYear.objects.get(year=2026)
    html = admin_client.get(f"/admin/workdays/calendaryear/{year.pk}/change/").content.decode()
    assert "2026-10-10 周六 国庆节调休" in html
    assert admin_client.get(f"/admin/workdays/calendaryear/{year.pk}/history/").status_code == 200


def test_the_lists_search_by_year_date_and_name(admin_client):
    def rows(url):
        return list(admin_client.get(url).context["cl"].result_list)

    assert [y.year for y in rows("/admin/workdays/calendaryear/?q=2026")] == [2026]
    assert [d.date for d in rows("/admin/workdays/calendarday/?q=2026-10-10")] == [D(2026, 10, 10)]
    assert rows("/admin/workdays/calendarday/?q=2026-02-30") == []
    assert {d.year for d in rows("/admin/workdays/calendarday/?q=2025")} == {2025}
    assert {d.name for d in rows("/admin/workdays/calendarday/?q=国庆")} == {"国庆节", "国庆节调休"}


def test_reverting_a_day_from_its_history_goes_through_the_service(
    admin_client, catalog_admin, announced, django_capture_on_commit_callbacks
):
    from workdays import services

    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    seeded = day.history.get()  # the migration's "created" record
    assert (seeded.history_type, seeded.history_change_reason) == ("+", "从数据包载入")
    services.save_day(
        date=day.date, is_workday=True, name="国庆节补班", actor=catalog_admin, day_id=day.pk
    )
    assert admin_client.get(f"/admin/workdays/calendarday/{day.pk}/history/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/workdays/calendarday/{day.pk}/history/{seeded.history_id}/",
            {"date": "2026-10-10", "is_workday": "on", "name": seeded.name},
        )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.name == "国庆节调休"
    assert announced == [2026]
    assert [e.action for e in events_for(day)] == ["calendar_day_change", "calendar_day_change"]
