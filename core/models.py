"""The few rows core keeps: the answers to idempotent API requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """幂等请求记录: the first answer to a creating POST sent with an Idempotency-Key, replayed
    for a repeat of the same request by the same caller; kept for a day."""

    scope = models.CharField(_("调用方"), max_length=64)  # SHA-256 of the caller's identity
    key = models.CharField(_("幂等键"), max_length=255)
    request_sha256 = models.CharField(_("请求摘要"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("响应状态"), null=True, blank=True)
    content_type = models.CharField(_("响应类型"), max_length=100, blank=True)
    response_body = models.BinaryField(_("响应内容"), blank=True, default=b"")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("幂等请求记录")
        verbose_name_plural = _("幂等请求记录")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_once_per_caller")
        ]

    def __str__(self):
        return self.key
