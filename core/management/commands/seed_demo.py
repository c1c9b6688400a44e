"""Demo data: departments, the sample catalog and one user per role. Idempotent."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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

        self.stdout.write(
            self.style.SUCCESS(f"演示数据就绪:{len(departments)} 个部门,{len(users)} 个演示账号。")
        )
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
