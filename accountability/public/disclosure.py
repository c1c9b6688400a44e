"""双公示: the public page and the Atom feed of permits granted, changed, revoked and cancelled.
A decision is listed from the moment it is committed (the page reads the decisions
themselves, no publishing step), so the "within 7 working days of the decision" rule is met on
the day of the decision; each row shows its decision date."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accountability.public.forms import DisclosureFilterForm
from approvals import disclosure
from approvals.models import Applicant, Decision
from approvals.validators import mask_person_name

PAGE_SIZE = 25
FEED_SIZE = 50

KIND_LABELS = {
    Decision.Kind.APPROVE: gettext_lazy("准予许可"),
    Decision.Kind.CHANGE: gettext_lazy("变更"),
    Decision.Kind.REVOKE: gettext_lazy("撤销"),
    Decision.Kind.CANCEL: gettext_lazy("注销"),
}


def public_row(decision) -> dict:
    """What 双公示 shows of one decision: a person's name masked, an organisation's in full."""
    permit = decision.permit
    holder = permit.holder_name
    if permit.holder.kind == Applicant.Kind.PERSON:
        holder = mask_person_name(holder)
    status = permit.current_status
    return {
        "pk": decision.pk,
        "kind": decision.kind,
        "kind_label": KIND_LABELS.get(decision.kind, decision.get_kind_display()),
        "decision_number": decision.number,
        "decided_on": timezone.localtime(decision.decided_at).date(),
        "decided_at": decision.decided_at,
        "item": permit.item_version.name,
        "holder": holder,
        "permit_number": permit.number,
        "valid_from": permit.valid_from,
        "valid_until": permit.valid_until,
        "status": status,
        "status_label": permit.Status(status).label,
    }


@require_GET
def disclosure_page(request):
    items = disclosure.disclosed_items()
    form = DisclosureFilterForm(request.GET or None, items=items)
    status = 200
    filters = {}
    if request.GET and not form.is_valid():
        status = 400
    elif request.GET:
        data = form.cleaned_data
        filters = {
            "item_code": data.get("item") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
    qs = disclosure.disclosed_decisions(**filters) if status == 200 else Decision.objects.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "accountability/public/disclosure.html",
        {
            "form": form,
            "page": page,
            "rows": [public_row(d) for d in page.object_list],
            "extra_query": query.urlencode(),
        },
        status=status,
    )
    return response


class DisclosureFeed(Feed):
    """The same rows as the page, newest first, as Atom."""

    feed_type = Atom1Feed
    title = gettext_lazy("双公示:行政许可信息")
    subtitle = gettext_lazy("准予、变更、撤销、注销的行政许可,决定作出即公示。")

    def link(self):
        return reverse("public:disclosure")

    def items(self):
        return [public_row(d) for d in disclosure.disclosed_decisions()[:FEED_SIZE]]

    def item_title(self, item):
        return f"{item['kind_label']}:{item['item']} {item['holder']}"

    def item_description(self, item):
        until = item["valid_until"].isoformat() if item["valid_until"] else _("长期")
        return _(
            "证件编号 %(permit)s;决定文号 %(decision)s;决定日期 %(date)s;"
            "有效期 %(start)s 至 %(until)s;状态 %(status)s"
        ) % {
            "permit": item["permit_number"],
            "decision": item["decision_number"],
            "date": item["decided_on"].isoformat(),
            "start": item["valid_from"].isoformat(),
            "until": until,
            "status": item["status_label"],
        }

    def item_link(self, item):
        return f"{reverse('public:disclosure')}#d{item['pk']}"

    def item_guid(self, item):
        return f"oneseal-disclosure-{item['pk']}"

    def item_pubdate(self, item):
        return item["decided_at"]

    def item_updateddate(self, item):
        return item["decided_at"]


disclosure_feed = DisclosureFeed()
