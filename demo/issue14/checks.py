"""Demo data of issue 14 part "checks": two 告知承诺 approvals made through the real services
(the checks are written with their pushes by push_decision), one of market's checks recorded 属实
by its liaison (record_check), the others pending. Once."""

APPLICANTS = (
    ("person", "440305199203041234", "赵承诺", "13800002222", "城关镇新华路 8 号"),
    ("person", "440305198807151237", "钱守信", "13800003333", "城关镇人民路 21 号"),
)


def seed() -> str:
    from django.contrib.auth import get_user_model

    from approvals import services
    from approvals.models import Applicant
    from catalog.models import ItemVersion
    from supervision.models import CommitmentCheck
    from supervision.services import checks as svc
    from supervision.services.pushes import claim_push

    if Applicant.objects.filter(id_number=APPLICANTS[0][1]).exists():
        return ""
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["clerk1", "reviewer1", "approver1", "liaison_market"]
        )
    }
    if len(users) < 4:
        return ""
    version = (
        ItemVersion.objects.filter(
            notice_commitment=True, commitment_check_days__isnull=False, status="published"
        )
        .order_by("pk")
        .first()
    )
    if version is None:
        return ""
    for kind, id_number, name, phone, address in APPLICANTS:
        app = services.take_in(
            clerk=users["clerk1"],
            item_version=version,
            applicant={
                "kind": kind,
                "name": name,
                "id_number": id_number,
                "phone": phone,
                "address": address,
            },
            provided={m.pk: True for m in version.materials.all()},
            content="以告知承诺方式申请",
        )
        services.accept(application_id=app.pk, clerk=users["clerk1"])
        services.review(
            application_id=app.pk,
            reviewer=users["reviewer1"],
            opinion="申请人已签署告知承诺书",
            recommendation="approve",
            site_inspection="告知承诺,免于踏勘",
        )
        decision = services.decide(application_id=app.pk, approver=users["approver1"], approve=True)
        # Market's liaison has claimed these pushes (a department checks what it claimed), so
        # the demo's one unclaimed market push stays the overdue-marking journey's.
        for push in decision.pushes.filter(department__code="market"):
            claim_push(push_id=push.pk, user=users["liaison_market"])
    market = CommitmentCheck.objects.filter(
        status=CommitmentCheck.Status.PENDING, push__holder_id_number=APPLICANTS[1][1]
    ).first()
    liaison = users["liaison_market"]
    if market is not None and svc.may_record(liaison, market):
        svc.record_check(
            user=liaison, check_id=market.pk, result="verified", note="已现场核查,与承诺一致。"
        )
    pending = CommitmentCheck.objects.filter(status=CommitmentCheck.Status.PENDING).count()
    verified = CommitmentCheck.objects.filter(status=CommitmentCheck.Status.VERIFIED).count()
    return f"告知承诺核查:{version.name} 两件告知承诺许可,待核查 {pending} 条,属实 {verified} 条。"
