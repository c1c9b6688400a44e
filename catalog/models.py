"""Departments and the permit catalog."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """部门: a supervising department (监管部门) or the bureau's partner office."""

    code = models.SlugField(_("部门代码"), max_length=40, unique=True)
    name = models.CharField(_("部门名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]
        permissions = [("liaise_for_department", _("作为联络员办理本部门推送"))]

    def __str__(self):
        return self.name
