"""The Chinese labels of the audit actions approvals records (audit.actions is the registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.models import Application, Decision
from approvals.procedures import ProcedureAction
from approvals.workflow import Action
from audit.actions import register_actions
from audit.scopes import register_object_url

register_actions({action.value: action.label for action in Action})
register_actions({action.value: action.label for action in ProcedureAction})
# The later decisions on a permit are recorded under their kind (act_on_permit).
register_actions(
    {
        Decision.Kind.APPROVE.value: _("准予行政许可"),
        Decision.Kind.DENY.value: _("不予行政许可"),
        Decision.Kind.CHANGE.value: _("变更许可"),
        Decision.Kind.RENEW.value: _("延续许可"),
        Decision.Kind.WITHDRAW.value: _("撤回"),
        Decision.Kind.REVOKE.value: _("撤销许可"),
        Decision.Kind.CANCEL.value: _("注销许可"),
        Decision.Kind.SUSPEND.value: _("责令停产停业"),
        Decision.Kind.REINSTATE.value: _("恢复许可"),
    }
)
register_actions(
    {
        "submit": _("登记"),
        "register_applicant": _("登记申请人"),
        "update_applicant": _("修改申请人信息"),
        "store_file": _("存入电子材料"),
        "issue": _("换发许可证"),
        "expire": _("许可证到期失效"),
        "install_seal": _("启用印章"),
        "update_seal": _("修改印章"),
        "recompute_deadline": _("重新计算期限"),
        "deem_withdrawn": _("补正期满视为撤回"),
        "withdraw_application": _("撤回申请"),
        "record_fee_payment": _("登记缴费"),
    }
)

# The viewer's object links (audit.scopes).
register_object_url(Application, lambda pk: reverse("approvals:detail", args=[pk]))

# 复议应诉 (approvals.services.remedies): its actions and the viewer's link to a remedy.
from approvals.models import Remedy  # noqa: E402
from approvals.services.remedies import RemedyAction  # noqa: E402

register_actions({action.value: action.label for action in RemedyAction})
# issue 14, checks: 失信记录
register_actions({"open_credit_record": _("记入失信记录"), "lift_credit_record": _("解除失信记录")})
register_object_url(Remedy, lambda pk: reverse("approvals:remedy_detail", args=[pk]))
