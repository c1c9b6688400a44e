"""python manage.py monthly_report [--month YYYY-MM] [--regenerate]: the beat's job by hand.

Without --month: the month the beat would report on now (nothing before the first working day).
With --month: that past month's report, once; --regenerate writes its next revision from the
same data as of the month's end (the same numbers)."""

from django.core.management.base import BaseCommand, CommandError

from accountability.reports import services
from core.errors import DomainError


class Command(BaseCommand):
    help = "生成上月(或指定月份)的月度通报;已生成则不重复。"

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM,已结束的月份")
        parser.add_argument("--regenerate", action="store_true", help="生成该月通报的新版次")

    def handle(self, *args, month=None, regenerate=False, **options):
        try:
            if month:
                target = services.parse_month(month)
            else:
                target = services.due_report()
                if target is None:
                    self.stdout.write(
                        "not due yet: the first working day of this month has not come"
                    )
                    return
            report, created = services.produce_monthly_report(month=target, regenerate=regenerate)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        verb = "created" if created else "exists"
        self.stdout.write(
            f"{verb}: {report.number} ({report.figures['month']}) pdf sha256 {report.pdf_sha256}"
        )
