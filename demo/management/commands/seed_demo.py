"""Demo data: departments, the sample catalog and one user per role. Idempotent."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from catalog.models import Department
from catalog.services import assign_liaison
from core.roles import Role

DEMO_PASSWORD = "demo12345"

DEMO_USERS = [
    ("clerk1", "窗口一号", Role.WINDOW_CLERK, False),
    ("reviewer1", "审查员一", Role.REVIEWER, False),
    ("approver1", "首席代表", Role.APPROVER, False),
    ("admin1", "事项管理员", Role.CATALOG_ADMIN, True),
    ("inspector1", "督查员", Role.INSPECTOR, False),
]


class Command(BaseCommand):
    help = "创建演示数据(部门、示例事项清单、各角色演示账号)。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="DEBUG 关闭时也运行(仅用于演示环境)。"
        )
        parser.add_argument(
            "--catalog", default=str(settings.SAMPLE_CATALOG_PATH), help="示例清单 JSON 文件路径。"
        )

    def handle(self, *args, force=False, catalog=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG 已关闭:演示数据只用于演示环境。确需运行请加 --force。")
        try:
            with open(catalog, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取示例清单 {catalog}: {exc}") from exc

        with transaction.atomic():
            departments = self._departments(data["departments"])
            self._catalog(data)
            self._seal(data.get("bureau") or {})
            users = self._users(departments)
        # Outside that block: each service owns its transaction, and the decision path is
        # durable (it refuses to run nested inside another one).
        cases = self._cases()
        from demo.issue14 import PARTS

        lines = [line for line in (part.seed() for part in PARTS) if line]

        self.stdout.write(
            self.style.SUCCESS(f"演示数据就绪:{len(departments)} 个部门,{len(users)} 个演示账号。")
        )
        if cases:
            self.stdout.write(
                f"演示办件:{cases} 件(各环节各有示例,含推送两个部门的娱乐场所许可;"
                "已缴费待领证的取水许可;听证中的旅馆业许可;"
                "一件已送达并获差评,回访待办;一件群众投诉)。"
            )
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"演示账号(密码均为 {DEMO_PASSWORD},仅供演示):")
        for username, label in users:
            self.stdout.write(f"  {username:<28} {label}")

    def _departments(self, rows):
        departments = []
        for row in rows:
            dept, _created = Department.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"]}
            )
            departments.append(dept)
        return departments

    def _catalog(self, data):
        """Catalog items are loaded by catalog.services when that app has them."""
        from catalog import services

        # The sample's items are all free: in the demo 取水许可 charges its 水资源费 at the window.
        for row in data.get("items", []):
            if row.get("code") == FEE_ITEM and not row.get("fees"):
                row["fees"] = FEE_LINES
        loader = getattr(services, "load_sample_catalog", None)
        if loader is not None:
            loader(data)

    def _seal(self, bureau):
        from approvals.services import install_seal

        install_seal(
            name=bureau.get("seal_name", "行政审批专用章"),
            code="DEMO-SEAL-1",
            document_prefix=bureau.get("document_prefix", "审批"),
            bureau_name=bureau.get("name", "行政审批服务局"),
        )

    def _users(self, departments):
        User = get_user_model()
        made = []

        def ensure(username, full_name, role, is_staff):
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
            user.first_name = full_name
            # Demo addresses: notification e-mails show on the console backend of `make run`.
            user.email = user.email or f"{username}@demo.oneseal.invalid"
            user.is_staff = is_staff
            user.save()
            user.groups.add(Group.objects.get(name=role))
            made.append((username, Role(role).label))
            return user

        for username, full_name, role, is_staff in DEMO_USERS:
            ensure(username, full_name, role, is_staff)
        for dept in departments:
            user = ensure(f"liaison_{dept.code}", f"{dept.name}联络员", Role.LIAISON, False)
            assign_liaison(user=user, department=dept)
            made[-1] = (user.username, f"{Role.LIAISON.label}({dept.name})")
        return made

    def _cases(self) -> int:
        """A few applications at every stage, made through the real services (so the audit
        trail, numbers and pushes are real). Only once: skipped when the demo applicants exist."""
        from approvals import services
        from approvals.models import Applicant
        from catalog.models import Item

        if Applicant.objects.filter(id_number__in=[p[1] for p in DEMO_APPLICANTS]).exists():
            return 0
        User = get_user_model()
        clerk, reviewer, approver = (
            User.objects.get(username=u) for u in ("clerk1", "reviewer1", "approver1")
        )

        def submit(code, applicant, *, provide_all=True, content="", **parties):
            version = Item.objects.get(code=code).published_version
            kind, id_number, name, phone, address = applicant
            provided = {m.pk: provide_all or not m.waivable for m in version.materials.all()}
            # The window's one way in: applicant, parties (经办人、法定代表人) and materials.
            return services.take_in(
                clerk=clerk,
                item_version=version,
                applicant={
                    "kind": kind,
                    "name": name,
                    "id_number": id_number,
                    "phone": phone,
                    "address": address,
                },
                provided=provided,
                content=content,
                **parties,
            )

        def approve(code, applicant, content, inspection):
            app = submit(code, applicant, content=content)
            services.accept(application_id=app.pk, clerk=clerk)
            services.review(
                application_id=app.pk,
                reviewer=reviewer,
                opinion="符合条件",
                recommendation="approve",
                site_inspection=inspection,
            )
            return services.decide(application_id=app.pk, approver=approver, approve=True)

        def waivable(app):
            return [
                line.material_id
                for line in app.materials.all()
                if line.state == "missing" and line.material.waivable
            ]

        # 1. registered, waiting at the window
        submit("SC-004", DEMO_APPLICANTS[0], content="申请开办理发店")
        # 2. accepted with a waived material (容缺), in the reviewer's queue
        app = submit("SC-001", DEMO_APPLICANTS[1], provide_all=False, content="申请开办超市")
        services.accept(application_id=app.pk, clerk=clerk, waived=waivable(app))
        # 3. reviewed, in the approver's queue; handed in by the company's agent (委托代理人办理,
        # the paper 授权委托书 checked at the window), its legal representative on record
        app = submit(
            "JT-001",
            DEMO_APPLICANTS[2],
            content="申请道路货物运输经营",
            agent={
                "name": "李经办",
                "id_number": "110105198001011238",
                "phone": "13900001111",
                "letter_checked": True,
            },
            legal_representative={
                "name": "赵法人",
                "id_number": "330102199003150019",
                "phone": "0571-88881234",
            },
        )
        services.accept(application_id=app.pk, clerk=clerk)
        services.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="材料齐全,符合条件",
            recommendation="approve",
            site_inspection="车辆、场所符合要求",
        )
        # 4. approved: pushed to culture and public security, both claimed with feedback
        from supervision import services as supervision

        decision = approve("WL-001", DEMO_APPLICANTS[3], "申请开办KTV", "消防通道畅通")
        for push in decision.pushes.select_related("department"):
            liaison = User.objects.get(username=f"liaison_{push.department.code}")
            supervision.claim_push(push_id=push.pk, user=liaison)
            supervision.give_feedback(
                push_id=push.pk, user=liaison, note="已纳入日常监管名录,安排首次检查"
            )
        # 4b. the KTV licence collected at the window, rated 不满意 there (好差评): the
        # bureau's follow-up (回访、整改) is open; and a complaint from the public form.
        from accountability.public import services as public

        services.deliver(application_id=decision.application_id, clerk=clerk, collected_by="王五")
        public.rate(
            application_id=decision.application_id,
            level=2,
            comment="窗口等候时间太长,材料要求解释不清。",
            channel="window",
            clerk=clerk,
        )
        public.submit_complaint(
            name="赵六",
            phone="13800000007",
            text="咨询食品经营许可时,窗口工作人员答复前后不一致。",
        )
        # 4c. the KTV's holder asks at the window to change its licence: a 变更 procedure
        # waiting for the reviewer (许可后续程序)
        services.start_procedure(
            permit_number=decision.permit.number,
            kind="change",
            actor=clerk,
            source="window",
            reason="持证人申请变更:经营面积由 300 平方米扩大至 420 平方米",
            content="经营场所面积 420 平方米,包厢 18 间",
        )
        # 5. approved: the market department's push waits to be claimed; a competitor has
        # asked the county government to reconsider it (行政复议, the reply is due)
        food = approve("SC-002", DEMO_APPLICANTS[5], "申请食品生产许可(糕点)", "生产车间布局合理")
        services.record_remedy(
            decision_id=food.pk,
            actor=approver,
            kind="reconsideration",
            body="示例县人民政府",
            case_number=f"示府复〔{food.decided_at.year}〕1号",
            claimant="示例县甜心食品厂",
            received_on=timezone.localdate(),
        )
        # 6. refused at the window
        app = submit("GC-004", DEMO_APPLICANTS[4])
        services.refuse(application_id=app.pk, clerk=clerk, reason="申请事项不属于本机关职权范围")
        # 7. withdrawn by the applicant before the decision (the withdrawal notice is issued)
        app = submit("SC-005", DEMO_APPLICANTS[0], content="申请设置诊所")
        services.accept(application_id=app.pk, clerk=clerk)
        services.withdraw(application_id=app.pk, clerk=clerk, reason="申请人书面申请撤回")
        # 8. 取水许可 (with its 水资源费): approved, the fee paid at the window (缴费回执), waiting
        # to be collected
        water = approve("SL-001", DEMO_APPLICANTS[1], "申请取水(超市冷链用水)", "取水口符合要求")
        line_total = sum((fee.amount for fee in water.application.item_version.fees.all()), 0)
        services.record_fee_payment(
            application_id=water.application_id,
            actor=clerk,
            method="qr",
            receipt_number=f"{timezone.localdate().year}-0000123",
            amount_paid=f"{line_total:.2f}",
        )
        # 9. accepted, a 听证 under way: the clock stops and the 特别程序告知书 is issued
        app = submit("GA-001", DEMO_APPLICANTS[0], content="申请开办民宿(旅馆业)")
        services.accept(application_id=app.pk, clerk=clerk)
        services.start_special_procedure(
            application_id=app.pk,
            actor=reviewer,
            kind="hearing",
            note="周边居民对经营场所提出异议,依申请举行听证",
        )
        return 9


FEE_ITEM = "SL-001"
FEE_LINES = [
    {
        "name": "水资源费",
        "amount": "120.00",
        "basis": "《取水许可和水资源费征收管理条例》第二十八条",
    }
]

DEMO_APPLICANTS = [
    ("person", "11010519491231002X", "张小三", "13800000001", "示例县人民路 1 号"),
    (
        "organization",
        "91350100M000100Y43",
        "示例县好邻居超市有限公司",
        "13800000002",
        "示例县解放路 8 号",
    ),
    (
        "organization",
        "9144030071526726XG",
        "示例县顺达物流有限公司",
        "13800000003",
        "示例县工业园 3 号",
    ),
    (
        "organization",
        "91330100799655058B",
        "示例县欢唱娱乐有限公司",
        "13800000004",
        "示例县滨江路 66 号",
    ),
    ("person", "320106198506150423", "李四", "13800000005", "示例县东街 5 号"),
    (
        "organization",
        "91110108551385082Q",
        "示例县稻香糕点有限公司",
        "13800000006",
        "示例县食品园 2 号",
    ),
]
