"""The database both proofs run against: one user of each kind and real objects in real states,
made through the services (a published item with materials, an applicant with a stored file,
applications at every intake and review state, a permit decided and pushed to two departments,
a supervision report and a webhook delivery), so path parameters can name existing objects."""

import dataclasses
import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from core.roles import Role
from tests.factories import ApplicantFactory, DepartmentFactory, PublishedVersionFactory
from tests.flows import MONDAY, approve_permit

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Every request of both proofs runs at this frozen instant (a Wednesday, 7 working days after
# the decision of MONDAY): the same data, deadlines and outcomes on any day CI runs.
NOW = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
PASSWORD = "pw-Oneseal-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The nine kinds of user of the URL sweep; the fuzz uses the seven API roles (anonymous,
# the six roles, the liaison being the market department's).
ANONYMOUS = "anonymous"
NO_ROLE = "no_role"
CLERK = "window_clerk"
REVIEWER = "reviewer"
APPROVER = "approver"
LIAISON = "liaison"  # of 县市场监督管理局 (market): the push, report and delivery are theirs
LIAISON_OTHER = "liaison_other"  # of 县卫生健康局 (health): market's objects are not theirs
CATALOG_ADMIN = "catalog_admin"
INSPECTOR = "inspector"
USER_KINDS = (
    ANONYMOUS,
    NO_ROLE,
    CLERK,
    REVIEWER,
    APPROVER,
    LIAISON,
    LIAISON_OTHER,
    CATALOG_ADMIN,
    INSPECTOR,
)
API_ROLES = (ANONYMOUS, CLERK, REVIEWER, APPROVER, LIAISON, CATALOG_ADMIN, INSPECTOR)


@dataclasses.dataclass
class World:
    users: dict  # kind -> User (None for anonymous)
    tokens: dict  # kind -> token key (None for anonymous)
    applications: dict  # status -> Application
    item_code: str
    draft_item_code: str
    materials: list  # material ids of the published version
    file_id: int  # a StoredFile attached to applications["submitted"]
    permit_number: str
    decision_number: str
    push: object  # market's push (the liaison's)
    push_other: object  # health's push (liaison_other's)
    report: object  # market's supervision report, with an attachment
    delivery: object  # market's webhook delivery of the push
    departments: list
    rating: object  # 非常不满意 of a delivered application, online
    followup: object  # its follow-up (回访、整改), open
    complaint: object  # a public complaint, received
    case: object  # an accountability case from the complaint, assigned to market
    review_draw: object  # a case-file review draw of June 2026
    monthly_report: object  # the 通报 of May 2026
    decision: object  # the approval's Decision (remedies are recorded against it)
    procedure: object  # a 变更 asked for at the window on the permit, started
    remedy: object  # a 行政复议 against the approval, open
    archived_document: object  # the approved application's frozen 受理通知书 (IssuedDocument)
    extra: dict = dataclasses.field(default_factory=dict)  # issue 14's parts: obj -> path kwargs

    @property
    def application_ids(self) -> list[int]:
        return [app.pk for app in self.applications.values()]


def _user(username, role=None, *, department=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if department is not None:
        from catalog.services import assign_liaison

        assign_liaison(user=user, department=department)
    return user


def build_world() -> World:
    """Call inside a database test (the decision path is durable: TestCase atomics only)."""
    from approvals import services as approvals
    from approvals.models import Application
    from supervision import services as supervision
    from supervision.models import WebhookDelivery, WebhookEndpoint

    market = DepartmentFactory(code="market", name="县市场监督管理局")
    health = DepartmentFactory(code="health", name="县卫生健康局")
    users = {
        ANONYMOUS: None,
        NO_ROLE: _user("norole"),
        CLERK: _user("clerk", Role.WINDOW_CLERK, first_name="窗口甲"),
        REVIEWER: _user("reviewer", Role.REVIEWER, first_name="审查乙"),
        APPROVER: _user("approver", Role.APPROVER, first_name="审批丙"),
        LIAISON: _user("liaison_market", Role.LIAISON, department=market),
        LIAISON_OTHER: _user("liaison_health", Role.LIAISON, department=health),
        CATALOG_ADMIN: _user("catadmin", Role.CATALOG_ADMIN, is_staff=True),
        INSPECTOR: _user("inspector", Role.INSPECTOR),
    }
    tokens = {
        kind: (Token.objects.get_or_create(user=user)[0].key if user else None)
        for kind, user in users.items()
    }
    WebhookEndpoint.objects.create(
        department=market, url="http://127.0.0.1:9/hook", secret="proof-secret"
    )
    version = PublishedVersionFactory(setup=[market, health])
    draft = PublishedVersionFactory(setup=[market])
    type(draft).objects.filter(pk=draft.pk).update(status="draft")
    draft.item.__class__.objects.filter(pk=draft.item_id).update(published_version=None)
    applicant = ApplicantFactory()
    materials = list(version.materials.order_by("position").values_list("pk", flat=True))
    clerk, reviewer, approver = users[CLERK], users[REVIEWER], users[APPROVER]

    decision = approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[market, health],
        applicant=applicant,
        version=version,
        at=MONDAY,
    )
    with time_machine.travel(MONDAY, tick=False):
        stored = approvals.store_file(
            actor=clerk,
            applicant=applicant,
            uploaded=SimpleUploadedFile("申请书.pdf", PDF, "application/pdf"),
        )

        def submit():
            return approvals.submit(
                clerk=clerk,
                item_version=version,
                applicant=applicant,
                provided={m: True for m in materials[:2]},
                content="申请开办超市",
                files={materials[0]: stored},
            )

        apps = {"submitted": submit()}
        app = submit()
        approvals.request_correction(
            application_id=app.pk, clerk=clerk, missing=[materials[1]], note="补身份证明"
        )
        apps["correction_requested"] = app
        app = submit()
        approvals.refuse(application_id=app.pk, clerk=clerk, reason="不属于本局受理范围")
        apps["refused"] = app
        apps["accepted"] = approvals.accept(application_id=submit().pk, clerk=clerk)
        app = approvals.accept(application_id=submit().pk, clerk=clerk)
        approvals.start_review(application_id=app.pk, reviewer=reviewer)
        apps["under_review"] = app
        for name in ("reviewed", "denied"):
            app = approvals.accept(application_id=submit().pk, clerk=clerk)
            approvals.review(
                application_id=app.pk,
                reviewer=reviewer,
                opinion="材料齐全,符合条件",
                recommendation="approve",
                site_inspection="现场符合要求",
            )
            apps[name] = app
        approvals.decide(
            application_id=apps["denied"].pk, approver=approver, approve=False, reason="不符合条件"
        )
    apps["approved"] = decision.application
    apps = {name: Application.objects.get(pk=app.pk) for name, app in apps.items()}

    pushes = {p.department_id: p for p in decision.pushes.all()}
    with time_machine.travel(NOW, tick=False):
        report = supervision.create_report(
            user=users[LIAISON],
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="市监罚〔2026〕1号",
            decision_date=datetime.date(2026, 6, 8),
            summary="责令改正并处罚款",
            attachment=SimpleUploadedFile("罚单.pdf", PDF, "application/pdf"),
        )
    oversight = _oversight(users, market, health, version)
    legal = _legal_acts(users, decision)
    world = World(
        **oversight,
        **legal,
        users=users,
        tokens=tokens,
        applications=apps,
        item_code=version.item.code,
        draft_item_code=draft.item.code,
        materials=materials,
        file_id=stored.pk,
        permit_number=decision.permit.number,
        decision_number=decision.number,
        push=pushes[market.pk],
        push_other=pushes[health.pk],
        report=report,
        delivery=WebhookDelivery.objects.filter(push=pushes[market.pk]).first(),
        departments=[market, health],
    )
    from tests.proof.issue14 import PARTS

    for part in PARTS:
        world.extra.update(part.build(world))
    return world


def _legal_acts(users, decision) -> dict:
    """Issue 12's objects: a started procedure on the permit, a 复议 against the approval, and
    the approved application's archived receipt — all through their services."""
    from approvals import services as approvals
    from approvals.models import IssuedDocument

    with time_machine.travel(NOW, tick=False):
        procedure = approvals.start_procedure(
            permit_number=decision.permit.number,
            kind="change",
            actor=users[CLERK],
            source="window",
            reason="持证人申请变更经营场所",
            content="经营场所变更为示例路 2 号",
        )
        remedy = approvals.record_remedy(
            decision_id=decision.pk,
            actor=users[APPROVER],
            kind="reconsideration",
            body="示例县人民政府",
            case_number="示府复〔2026〕3号",
            claimant="钱七",
            received_on=datetime.date(2026, 6, 9),
        )
    archived = IssuedDocument.objects.get(application=decision.application, kind="receipt")
    return {
        "decision": decision,
        "procedure": procedure,
        "remedy": remedy,
        "archived_document": archived,
    }


def _oversight(users, market, health, version) -> dict:
    """The oversight side's objects: a bad rating and its follow-up, a complaint, a case from it
    assigned to market, a review draw and a monthly report — all through their services."""
    from accountability.oversight import cases, reviews
    from accountability.public import services as public
    from accountability.reports.services import produce_monthly_report
    from approvals import services as approvals

    clerk, inspector = users[CLERK], users[INSPECTOR]
    decision = approve_permit(
        clerk=clerk,
        reviewer=users[REVIEWER],
        approver=users[APPROVER],
        departments=[market, health],
        applicant=ApplicantFactory(),
        version=version,
        at=MONDAY,
    )
    with time_machine.travel(NOW, tick=False):
        approvals.deliver(application_id=decision.application_id, clerk=clerk, collected_by="本人")
        rating = public.rate(application_id=decision.application_id, level=1, channel="online")
        complaint = public.submit_complaint(name="赵六", phone="13800000007", text="答复前后不一致")
        case = cases.open_case(user=inspector, source=f"complaint:{complaint.pk}", title="投诉核查")
        case = cases.assign(user=inspector, case_id=case.pk, department=market, working_days=5)
        draw = reviews.draw(user=inspector, month=datetime.date(2026, 6, 1), sample_size=1, seed=7)
        report, _created = produce_monthly_report(month=datetime.date(2026, 5, 1))
    return {
        "rating": rating,
        "followup": rating.followup,
        "complaint": complaint,
        "case": case,
        "review_draw": draw,
        "monthly_report": report,
    }
