"""(Re)load official working-day arrangements from the installed chinesecalendar package."""

from django.core.management.base import BaseCommand, CommandError

from workdays import services
from workdays.models import CalendarYear
from workdays.package_data import package_arrangement, package_version, package_years


class Command(BaseCommand):
    help = (
        "从 chinesecalendar 数据包载入(或重新载入)官方放假安排。可重复运行:没有变化的年度不写入。"
        "管理员录入或修改过的年度默认跳过,除非指定 --overwrite-admin。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            metavar="Y",
            help="只载入该年度(可重复);默认载入数据包中的全部年度。",
        )
        parser.add_argument(
            "--overwrite-admin",
            action="store_true",
            help="也覆盖管理员录入或修改过的年度。",
        )

    def handle(self, *args, years=None, overwrite_admin=False, **options):
        available = package_years()
        wanted = sorted(set(years)) if years else available
        missing = [year for year in wanted if year not in available]
        if missing:
            span = f"{available[0]}–{available[-1]}" if available else "无"
            raise CommandError(
                f"chinesecalendar {package_version()} 没有 {', '.join(map(str, missing))} "
                f"年的数据(数据包覆盖 {span})。请在国务院公布后用管理后台录入。"
            )
        admin_years = set(
            CalendarYear.objects.filter(
                official=True, source=CalendarYear.Source.ADMIN, year__in=wanted
            ).values_list("year", flat=True)
        )
        changed = 0
        for year in wanted:
            if year in admin_years and not overwrite_admin:
                self.stdout.write(f"{year}: 跳过(管理员录入或修改过;--overwrite-admin 可覆盖)")
                continue
            holidays, makeups = package_arrangement(year)
            update = services.replace_year(
                year=year,
                holidays=holidays,
                makeup_workdays=makeups,
                actor=None,
                source=CalendarYear.Source.PACKAGE,
            )
            if update.saved:
                changed += 1
                self.stdout.write(
                    f"{year}: 已更新(新增 {len(update.added)}、修改 {len(update.changed)}、"
                    f"删除 {len(update.removed)} 个例外日)"
                )
            else:
                self.stdout.write(f"{year}: 无变化")
        self.stdout.write(self.style.SUCCESS(f"完成:{changed} 个年度有变化。"))
