"""Statistics against the targets (统计分析、绩效评估): the one place the figures are put together,
read by the page, the xlsx export, the API and the monthly 通报.

The counting itself runs in the database (approvals.statistics, supervision.statistics: GROUP BY
and conditional aggregates, a constant number of queries whatever the rows); this module scopes
(a liaison: their own department only), validates the range and computes the ratios, each defined
once in DEFINITIONS (shown on the definitions page, docs/subsystems/statistics.md).
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import statistics as application_stats
from catalog.models import Department, Item
from catalog.selectors import liaison_departments
from core.errors import InvalidInput, NotFound
from core.filters import StrictFilterForm
from core.roles import Role, has_role, require_role
from supervision import statistics as push_stats
from workdays import services as workdays

# The seeds' targets (002): 入驻率 90 %, 窗口审批率 90 %, 现场办结率 85 %.
TARGETS = {"stationed_rate": 0.90, "window_approval_rate": 0.90, "on_the_spot_rate": 0.85}
# The longest range one request may ask for, and the years a date may lie in.
MAX_RANGE_DAYS = 1100
MIN_YEAR, MAX_YEAR = 2000, 2100
GROUPS = ("item", "category", "staff")

# name -> (Chinese label, definition): the one list the definitions page and the docs follow.
DEFINITIONS = {
    "accepted": (gettext_lazy("受理件数"), gettext_lazy("受理时间在统计期内的办件。")),
    "decided": (
        gettext_lazy("办结件数"),
        gettext_lazy("作出准予或不予许可决定的时间在统计期内的办件。"),
    ),
    "decided_on_time": (
        gettext_lazy("按承诺时限办结"),
        gettext_lazy("办结件中决定时间不晚于办件受理时算定的承诺办结期限(含特别程序顺延)的件数。"),
    ),
    "on_time_rate": (
        gettext_lazy("按时办结率"),
        gettext_lazy("按承诺时限办结 ÷ 办结件数;无办结件时为空。"),
    ),
    "avg_working_days": (
        gettext_lazy("平均办理工作日"),
        gettext_lazy(
            "办结件从受理日到决定日之间的工作日数(受理日之后、决定日及之前的工作日,"
            "按工作日历计,跨法定节假日与调休)的平均值。"
        ),
    ),
    "p90_working_days": (
        gettext_lazy("办理工作日第 90 百分位"),
        gettext_lazy("同上工作日数的第 90 百分位(线性插值,即 percentile_cont(0.9))。"),
    ),
    "refused": (
        gettext_lazy("不予受理"),
        gettext_lazy("登记时间在统计期内、在窗口作出不予受理的办件。"),
    ),
    "corrections": (
        gettext_lazy("一次性告知补正"),
        gettext_lazy("登记时间在统计期内、窗口出具过补正通知的办件(之后受理与否都计)。"),
    ),
    "instant_on_the_spot": (
        gettext_lazy("即办件当场办结"),
        gettext_lazy("办结的即办件中,决定日即受理日(0 个工作日)的件数。"),
    ),
    "stationed_rate": (
        gettext_lazy("入驻率(目标 90%)"),
        gettext_lazy("已发布事项中已划转审批局、进驻大厅办理的事项所占比例(按统计时的目录)。"),
    ),
    "window_approval_rate": (
        gettext_lazy("窗口审批率(目标 90%)"),
        gettext_lazy("办结件中由审批局窗口审批(事项已划转,非退回部门办理)的比例。"),
    ),
    "on_the_spot_rate": (
        gettext_lazy("现场办结率(目标 85%)"),
        gettext_lazy("办结件中受理当日即作出决定(0 个工作日,不论是否即办件)的比例。"),
    ),
    "pushed": (gettext_lazy("推送件数"), gettext_lazy("推送时间在统计期内的审批结果推送。")),
    "claimed": (
        gettext_lazy("已认领"),
        gettext_lazy("其中在统计截止时已认领的推送(截止时间为统计期末与当前时间之较早者)。"),
    ),
    "claimed_on_time": (
        gettext_lazy("按时认领"),
        gettext_lazy("认领时间不晚于认领期限(推送后第 3 个工作日结束)的推送。"),
    ),
    "claimed_on_time_rate": (
        gettext_lazy("按时认领率"),
        gettext_lazy(
            "按时认领 ÷ 应认领(已认领或截止时已过认领期限、且未退回的推送);"
            "尚在期限内未认领的不计入分母;无应认领推送时为空。"
        ),
    ),
    "median_claim_working_days": (
        gettext_lazy("认领用时中位数(工作日)"),
        gettext_lazy("已认领推送从推送日到认领日的工作日数的中位数。"),
    ),
    "returned": (gettext_lazy("退回"), gettext_lazy("统计截止时已退回(部门错误)的推送。")),
    "overdue": (
        gettext_lazy("逾期"),
        gettext_lazy("认领期限已过而到期时仍未认领(也未退回)的推送,与推送列表的“逾期”同一规则。"),
    ),
    "feedback_on_time_rate": (
        gettext_lazy("按时反馈率"),
        gettext_lazy("推送尚无反馈期限(处置结果的反馈不设时限),因此为空;只统计反馈件数。"),
    ),
    "reports_pushed_late": (
        gettext_lazy("监管信息迟报"),
        gettext_lazy("统计期内推送的监管信息中,晚于处罚决定日后第 7 个工作日推送的件数。"),
    ),
    "satisfaction_rate": (
        gettext_lazy("好差评满意率"),
        gettext_lazy("评价时间在统计期内的评价中,“基本满意”及以上(3–5 级)所占比例。"),
    ),
}


@dataclass(frozen=True)
class Query:
    """A validated statistics request: the local dates [date_from, date_to] and filters."""

    date_from: dt.date
    date_to: dt.date
    department: Department | None = None
    item: Item | None = None
    category: str | None = None
    staff: object | None = None
    group: str | None = None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date_from, dt.time.min, tzinfo=workdays.TZ)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(
            self.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=workdays.TZ
        )

    def params(self) -> dict:
        """The query string that asks for this again (export links, the report)."""
        out = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        if self.department:
            out["department"] = self.department.code
        if self.item:
            out["item"] = self.item.code
        if self.category:
            out["category"] = self.category
        if self.staff:
            out["staff"] = str(self.staff.pk)
        if self.group:
            out["group"] = self.group
        return out


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


class QueryForm(StrictFilterForm):
    """The filters of the page, the export and the API (the API refuses unknown values too)."""

    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    department = forms.CharField(required=False, max_length=40)
    item = forms.CharField(required=False, max_length=40)
    category = forms.CharField(required=False, max_length=50)
    staff = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    group = forms.ChoiceField(required=False, choices=[(g, g) for g in GROUPS])

    def __init__(self, data, **kwargs):
        # The contract's parameter names are `from` / `to` (Python keywords).
        data = data.copy()
        for outer, inner in (("from", "date_from"), ("to", "date_to")):
            if outer in data:
                data.setlist(inner, data.getlist(outer))
                del data[outer]
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        for name, value in (("date_from", start), ("date_to", end)):
            if value and not (MIN_YEAR <= value.year <= MAX_YEAR):
                self.add_error(
                    name, _("日期应在 %(a)s 至 %(b)s 年之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}
                )
        if start and end and not self.errors:
            if end < start:
                self.add_error("date_to", _("截止日期不能早于起始日期。"))
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("date_to", _("统计期最长 %(n)s 天。") % {"n": MAX_RANGE_DAYS})
        return cleaned


_FIELD_NAMES = {"date_from": "from", "date_to": "to"}


def parse_query(user, data) -> Query:
    """Validate the filters for `user`: inspectors any department, a liaison their own only
    (another department's code is NotFound, whether or not it exists; no code means their
    own). Default range: this month. Bad input raises InvalidInput with the fields."""
    require_role(user, Role.INSPECTOR, Role.LIAISON)
    form = QueryForm(data)
    if not form.is_valid():
        fields = {_FIELD_NAMES.get(k, k): [str(m) for m in v] for k, v in form.errors.items()}
        code = "invalid_range" if any(k in fields for k in ("from", "to")) else "invalid"
        raise InvalidInput(
            _("统计条件有误:%(f)s") % {"f": "、".join(fields)}, code=code, fields=fields
        )
    c = form.cleaned_data
    today = workdays.today()
    default_from, default_to = month_range(today)
    date_from = c["date_from"] or (
        default_from if not c["date_to"] else c["date_to"].replace(day=1)
    )
    date_to = c["date_to"] or (month_range(date_from)[1] if c["date_from"] else default_to)
    if date_to < date_from or (date_to - date_from).days > MAX_RANGE_DAYS:
        raise InvalidInput(
            _("统计期无效。"), code="invalid_range", fields={"to": [_("统计期无效。")]}
        )
    department = _department_for(user, c["department"] or None)
    item = None
    if c["item"]:
        item = Item.objects.filter(code=c["item"]).first()
        if item is None:
            raise InvalidInput(code="invalid", fields={"item": [_("没有该事项编码。")]})
    staff = None
    if c["staff"]:
        staff = get_user_model().objects.filter(pk=c["staff"]).first()
        if staff is None:
            raise InvalidInput(code="invalid", fields={"staff": [_("没有该工作人员。")]})
    return Query(
        date_from=date_from,
        date_to=date_to,
        department=department,
        item=item,
        category=c["category"] or None,
        staff=staff,
        group=c["group"] or None,
    )


def _department_for(user, code: str | None) -> Department | None:
    if has_role(user, Role.INSPECTOR):
        if code is None:
            return None
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise InvalidInput(code="invalid", fields={"department": [_("没有该部门编码。")]})
        return department
    mine = list(liaison_departments(user).order_by("code"))
    if not mine:
        raise NotFound()
    if code is None:
        return mine[0]
    for department in mine:
        if department.code == code:
            return department
    raise NotFound()


def _rate(part, whole):
    return None if not whole else round(part / whole, 4)


def _scope(query: Query, now: dt.datetime | None = None) -> application_stats.Scope:
    now = now or timezone.now()
    return application_stats.Scope(
        start=query.start,
        end=query.end,
        as_of=min(now, query.end),
        department_id=query.department.pk if query.department else None,
        item_id=query.item.pk if query.item else None,
        category=query.category,
        staff_id=query.staff.pk if query.staff else None,
    )


def _applications(row: dict) -> dict:
    decided = row["decided"]
    return {
        "accepted": row["accepted"],
        "decided": decided,
        "decided_on_time": row["decided_on_time"],
        "on_time_rate": _rate(row["decided_on_time"], decided),
        "avg_working_days": row["avg_working_days"],
        "p90_working_days": row["p90_working_days"],
        "refused": row["refused"],
        "corrections": row["corrections"],
        "instant_decided": row["instant_decided"],
        "instant_on_the_spot": row["instant_on_the_spot"],
        "window_approval_rate": _rate(row["decided_transferred"], decided),
        "on_the_spot_rate": _rate(row["decided_same_day"], decided),
    }


def _pushes(row: dict) -> dict:
    return {
        "pushed": row["pushed"],
        "claimed": row["claimed"],
        "claimed_on_time": row["claimed_on_time"],
        "claimed_on_time_rate": _rate(row["claimed_on_time"], row["claim_due"]),
        "median_claim_working_days": row["median_claim_working_days"],
        "overdue": row["overdue"],
        "returned": row["returned"],
        "feedback_given": row["feedback_given"],
        # No feedback deadline exists on a push (supervision.models.Push): not computable.
        "feedback_on_time": None,
        "feedback_on_time_rate": None,
    }


def _satisfaction(scope) -> dict:
    """好差评: the share of ratings at level 3 (基本满意) or better, rated in the range (all
    null while accountability.Rating is not installed). One query."""
    try:
        rating = apps.get_model("accountability", "Rating")
    except LookupError:
        return {"ratings": None, "satisfied": None, "satisfaction_rate": None}
    ratings = rating.objects.filter(
        rated_at__gte=scope.start, rated_at__lt=scope.end, rated_at__lte=scope.as_of
    )
    if scope.department_id is not None:
        ratings = ratings.filter(
            application__in=application_stats.applications_in_scope(scope.department_id)
        )
    counts = ratings.aggregate(n=Count("pk"), ok=Count("pk", filter=Q(level__gte=3)))
    return {
        "ratings": counts["n"],
        "satisfied": counts["ok"],
        "satisfaction_rate": _rate(counts["ok"], counts["n"]),
    }


def summary(query: Query, *, now: dt.datetime | None = None) -> dict:
    """The figures of the query as the API returns them (rates 0..1 or null)."""
    scope = _scope(query, now)
    return _summary(
        query,
        scope,
        application_stats.application_rows(scope)[0],
        push_stats.push_rows(scope)[0],
    )


def _summary(query: Query, scope, app_total: dict, push_total: dict) -> dict:
    applications = _applications(app_total)
    pushes = _pushes(push_total)
    reports = push_stats.report_rows(scope)[0]
    stationed = application_stats.stationed_items(scope.department_id, scope.as_of)
    stationed_rate = _rate(stationed["transferred"], stationed["items"])
    return {
        "from": query.date_from.isoformat(),
        "to": query.date_to.isoformat(),
        "as_of": scope.as_of.astimezone(workdays.TZ).isoformat(),
        "department": query.department.code if query.department else None,
        "applications": applications,
        "pushes": pushes,
        "reports": {
            "pushed": reports["pushed"],
            "pushed_late": reports["pushed_late"],
            "claimed": reports["claimed"],
            "claimed_on_time": reports["claimed_on_time"],
        },
        "satisfaction": _satisfaction(scope),
        "targets": {
            "stationed_rate": {"target": TARGETS["stationed_rate"], "actual": stationed_rate},
            "window_approval_rate": {
                "target": TARGETS["window_approval_rate"],
                "actual": applications["window_approval_rate"],
            },
            "on_the_spot_rate": {
                "target": TARGETS["on_the_spot_rate"],
                "actual": applications["on_the_spot_rate"],
            },
        },
        "stationed": stationed,
    }


def summary_and_breakdown(query: Query, *, now: dt.datetime | None = None) -> tuple[dict, dict]:
    """What the page and the export show: summary() and the tables beside the charts
    (applications by the chosen group — item, category or staff member, by item when none is
    chosen — and pushes by department). PostgreSQL computes each table and its overall row in
    one aggregate (GROUPING SETS); the labels are one query per table."""
    scope = _scope(query, now)
    group = query.group or "item"
    app_rows = application_stats.application_rows(scope, group, with_total=True)
    push_rows = push_stats.push_rows(scope, by_department=True, with_total=True)
    app_total = next(r for r in app_rows if r.get("total"))
    push_total = next((r for r in push_rows if r.get("total")), None)
    app_rows = [r for r in app_rows if not r.get("total")]
    push_rows = [r for r in push_rows if not r.get("total")]
    if push_total is None:  # no push at all: GROUPING SETS gives no overall row either
        push_total = push_stats.empty_push_row()
    keys = [row["k"] for row in app_rows if row["k"] is not None]
    if group == "item":
        names = {
            i.pk: f"{i.code} {i.published_version.name if i.published_version else ''}".strip()
            for i in Item.objects.filter(pk__in=keys).select_related("published_version")
        }
    elif group == "staff":
        names = {
            u.pk: u.get_full_name() or u.username
            for u in get_user_model().objects.filter(pk__in=keys)
        }
    else:
        names = {k: k for k in keys}
    departments = dict(
        Department.objects.filter(pk__in=[r["k"] for r in push_rows]).values_list("pk", "name")
    )
    table = {
        "group": group,
        "applications": [
            {"key": r["k"], "label": names.get(r["k"], _("(未决定)")), **_applications(r)}
            for r in app_rows
        ],
        "pushes": [
            {"key": r["k"], "label": departments.get(r["k"], "—"), **_pushes(r)} for r in push_rows
        ],
    }
    return _summary(query, scope, app_total, push_total), table


def breakdown(query: Query, *, now: dt.datetime | None = None) -> dict:
    return summary_and_breakdown(query, now=now)[1]


def definitions() -> list[tuple[str, str, str]]:
    return [(name, str(label), str(text)) for name, (label, text) in DEFINITIONS.items()]
