"""The one family of domain errors. Each carries a machine `code`, an HTTP status for the API
and a Chinese message for people; the API handler and the page views translate them once."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400
    default_message = _("操作无法完成。")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    code = "invalid"
    status = 400
    default_message = _("输入有误,请检查后重试。")


class InvalidTransition(DomainError):
    """The object is not in a state that allows the action (409)."""

    code = "invalid_transition"
    status = 409
    default_message = _("当前状态不允许此操作。")

    def __init__(self, obj=None, action: str = "", message=None, *, code: str | None = None):
        self.obj = obj
        self.action = action
        if message is None and obj is not None and hasattr(obj, "get_status_display"):
            message = _("当前状态为“%(status)s”,不能执行此操作。") % {
                "status": obj.get_status_display()
            }
        super().__init__(message, code=code)


class NotAllowed(DomainError):
    """The user's role does not allow the action (403)."""

    code = "permission_denied"
    status = 403
    default_message = _("您的角色无权执行此操作。")


class NotFound(DomainError):
    """Missing, or outside the caller's scope: the same answer for both (404)."""

    code = "not_found"
    status = 404
    default_message = _("未找到该记录。")
