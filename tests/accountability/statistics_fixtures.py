"""A hand-counted June 2026 (端午节: Friday 19 June is a holiday) made through the real services.

Market (version A, 5 working days committed; version B 即办件):
  app1 accepted Thu 18 Jun, decided Tue 23 Jun: (18, 23] = 22, 23 → 2 wd; due Fri 26 → on time
  app2 accepted Mon 15 Jun, decided Mon 29 Jun: 16,17,18,22..26,29 → 9 wd; due Tue 23 → late
  app3 (即办件) accepted and decided Wed 10 Jun: 0 wd, on the spot, on time
  app4 refused at the window (registered Fri 5 Jun); app5 sent a 补正 notice (Mon 8 Jun)
  app6 accepted Wed 24 Jun, still under way
Health (version C): app7 accepted Mon 1 Jun, decided Tue 2 Jun: 1 wd, on time.

Pushes (claim deadline: end of the 3rd working day after the push):
  app1 → market Tue 23 Jun, deadline Fri 26; claimed Wed 24 (1 wd) on time
  app2 → market Mon 29 Jun, deadline Thu 2 Jul: unclaimed, not due by 30 June
  app3 → market Wed 10 Jun, deadline Mon 15; claimed Wed 17 (11,12,15,16,17 = 5 wd) late
  app7 → health Tue 2 Jun, deadline Fri 5: never claimed → overdue
"""

import datetime

import time_machine

from approvals import services as approvals
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

SH = datetime.timezone(datetime.timedelta(hours=8))


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=SH)


def _submit(clerk, version, when, applicant):
    with time_machine.travel(when, tick=False):
        materials = list(version.materials.values_list("pk", flat=True))
        return approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=applicant,
            provided={m: True for m in materials},
            content="开办",
        )


def _accept(clerk, app, when):
    with time_machine.travel(when, tick=False):
        approvals.accept(application_id=app.pk, clerk=clerk)


def _decide(reviewer, approver, app, when):
    with time_machine.travel(when, tick=False):
        approvals.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="同意",
            recommendation="approve",
            site_inspection="已踏勘",
        )
        return approvals.decide(application_id=app.pk, approver=approver, approve=True)


def build_june(*, clerk, reviewer, approver, market, health, market_liaison):
    from supervision import services as supervision

    SealFactory()
    applicant = ApplicantFactory(id_number="440305199003071236", name="王小明")
    version_a = PublishedVersionFactory(setup=[market], committed_limit_days=5)
    version_b = PublishedVersionFactory(setup=[market], instant=True, committed_limit_days=1)
    version_c = PublishedVersionFactory(setup=[health], committed_limit_days=5)
    apps = {}

    def full(name, version, accepted, decided):
        app = _submit(clerk, version, accepted - datetime.timedelta(minutes=30), applicant)
        _accept(clerk, app, accepted)
        decision = _decide(reviewer, approver, app, decided) if decided else None
        apps[name] = (app, decision)

    full("app1", version_a, at(6, 18), at(6, 23))
    full("app2", version_a, at(6, 15), at(6, 29))
    full("app3", version_b, at(6, 10), at(6, 10, 11))
    full("app6", version_a, at(6, 24), None)
    full("app7", version_c, at(6, 1), at(6, 2))
    app4 = _submit(clerk, version_a, at(6, 5), applicant)
    with time_machine.travel(at(6, 5, 11), tick=False):
        approvals.refuse(application_id=app4.pk, clerk=clerk, reason="不属于本机关职权范围")
    app5 = _submit(clerk, version_a, at(6, 8), applicant)
    missing = [version_a.materials.order_by("position").first().pk]
    with time_machine.travel(at(6, 8, 11), tick=False):
        approvals.request_correction(
            application_id=app5.pk, clerk=clerk, missing=missing, note="缺申请书"
        )

    def claim(name, when):
        push = apps[name][1].pushes.get()
        with time_machine.travel(when, tick=False):
            supervision.claim_push(push_id=push.pk, user=market_liaison)

    claim("app1", at(6, 24))
    claim("app3", at(6, 17))
    return apps
