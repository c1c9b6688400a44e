"""Check a scanned QR payload offline: `python manage.py verify_document_payload <text or URL>
[--public-key <base64 | PEM file>]`. No network and no database: the signature is checked by
approvals.signing.verify_payload against the given public key, or our own (derived from the
settings) when none is given. Exit 0 and the fields when valid; 1 when the token does not verify
(format, version, signature); 2 for a bad command line or public key."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from approvals import signing

FIELD_LABELS = {
    "permit_number": "证件编号",
    "holder": "持证人",
    "valid_from": "有效期自",
    "valid_until": "有效期至",
    "issued_on": "签发日期",
    "decision_kind": "决定类型",
    "decision_number": "决定文号",
    "version": "格式版本",
}
# A public key file larger than this is not a public key.
MAX_KEY_FILE = 16 * 1024


class Command(BaseCommand):
    help = "离线核验证件/决定书二维码中的签名数据(不联网、不访问数据库)。"
    requires_system_checks: list = []  # nothing of the database or the apps is needed

    def add_arguments(self, parser):
        parser.add_argument("text", help="二维码中的文字:完整查验链接,或参数 s 的值")
        parser.add_argument(
            "--public-key",
            dest="public_key",
            default=None,
            help="公钥:base64(32 字节),或 PEM 文件路径;省略时用本系统配置的密钥",
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出字段")

    def handle(self, *args, text, public_key=None, as_json=False, **options):
        key = self._key(public_key)
        try:
            payload = signing.verify_payload(text, key)
        except signing.PayloadError as exc:
            # CommandError prints its message to stderr and exits with its returncode.
            raise CommandError(f"核验失败:{exc.message}", returncode=1) from None
        fields = payload.as_dict()
        if as_json:
            self.stdout.write(json.dumps(fields, ensure_ascii=False, sort_keys=True))
            return
        self.stdout.write(self.style.SUCCESS("签名有效:数据由持有该私钥的发证机关签发,未被改动。"))
        for name, label in FIELD_LABELS.items():
            value = fields[name]
            if name in ("decision_kind", "decision_number") and not value:
                continue
            if name == "valid_until" and value is None:
                value = "长期"
            self.stdout.write(f"{label}:{value if value is not None else '—'}")
        self.stdout.write("提示:签名只证明签发时的内容;证件当前状态以在线查验页面为准。")

    def _key(self, given):
        if given is None:
            return None
        text = given
        path = Path(given) if "\0" not in given and len(given) < 4096 else None
        try:
            if path is not None and path.is_file():
                if path.stat().st_size > MAX_KEY_FILE:
                    raise ValueError("too large")
                text = path.read_text(encoding="ascii", errors="replace")
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取公钥文件:{given}", returncode=2) from exc
        try:
            return signing.load_public_key(text)
        except (ValueError, TypeError) as exc:
            raise CommandError(
                "公钥格式错误:应为 32 字节 Ed25519 公钥的 base64,或 PEM 文件。", returncode=2
            ) from exc
