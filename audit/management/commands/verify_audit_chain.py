"""Walk the whole audit chain: exit 0 when intact, 1 naming the first broken event."""

from django.core.management.base import BaseCommand, CommandError

from audit import chain


class Command(BaseCommand):
    help = "校验审计日志哈希链：完整时退出码 0；否则指出第一个被改动、删除或移动的事件，退出码 1。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=chain.VERIFY_CHUNK, help="rows read per batch"
        )

    def handle(self, *args, chunk_size, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1")
        report = chain.verify(chunk_size=chunk_size)
        if report.ok:
            self.stdout.write(report.summary())
            return
        self.stderr.write(report.summary())
        raise SystemExit(1)
