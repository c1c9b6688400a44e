"""python manage.py flag_overdue [--as-of <ISO datetime>]: the overdue job of the beat task."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accountability.services import flag_overdue


class Command(BaseCommand):
    help = (
        "标记逾期未认领的推送、监管信息和超期办件(与 Celery 定时任务相同)。重复运行不会重复标记。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            help="以该时间为准(ISO 8601,如 2026-10-11T09:00:00+08:00)。",
        )

    def handle(self, *args, as_of=None, **options):
        moment = None
        if as_of:
            moment = parse_datetime(as_of)
            if moment is None:
                raise CommandError(f"--as-of 不是有效的 ISO 8601 时间:{as_of}")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        result = flag_overdue(as_of=moment)
        self.stdout.write(
            f"flagged {result.total}: pushes={result.pushes} reports={result.reports} "
            f"applications={result.applications}"
        )
        # issue 14: the duty kinds flagged (推送逾期未反馈 2;函询逾期未回复 1 …), when any.
        if result.duty_lines():
            self.stdout.write(";".join(result.duty_lines()))
