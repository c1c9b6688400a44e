"""Append-only records of what happened (审计日志)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An attempt to change or remove an audit event: refused by the ORM and the database."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("AuditEvent is append-only")

    def delete(self):
        raise AppendOnly("AuditEvent is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("AuditEvent is append-only")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnly("AuditEvent is append-only")

    _update = update


class AuditEvent(models.Model):
    """审计日志: one row per state change, never updated or deleted (全程留痕)."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A denormalised name, so the trail reads right even after a user is renamed.
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    action = models.CharField(_("动作"), max_length=64)
    before = models.CharField(_("变更前"), max_length=64, blank=True)
    after = models.CharField(_("变更后"), max_length=64, blank=True)
    note = models.TextField(_("备注"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    # The hash chain (防篡改), see audit/chain.py and docs/subsystems/audit.md. `content_hash`
    # is the sha256 of the canonical content, set by record_event; `seq`, `prev_hash` and
    # `hash` are the link, set once in the writer's own transaction (at its commit on
    # PostgreSQL) and never again.
    content_hash = models.CharField(_("内容摘要"), max_length=64, blank=True, default="")
    seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(_("前一事件摘要"), max_length=64, blank=True, default="")
    hash = models.CharField(_("摘要"), max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "at"], name="accountabil_content_a629cc_idx"
            ),
            # The events still waiting for their link (the writer's own, until it commits).
            models.Index(
                fields=["id"], condition=models.Q(seq__isnull=True), name="audit_event_unlinked"
            ),
        ]

    def __str__(self):
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("AuditEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("AuditEvent is append-only")
