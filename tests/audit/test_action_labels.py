"""Every audit action the code records has a Chinese label in the one registry (audit.actions):
the action codes are read from the source (the literal `action=` of every record_event call, and
of every call to a function that passes its own parameter on as record_event's action), so a new
unlabelled action fails here."""

import ast
import importlib
import pathlib

from django.conf import settings

from audit.actions import action_label, registered_actions

APPS = ["core", "audit", "workdays", "catalog", "approvals", "supervision", "accountability"]
ROOT = pathlib.Path(settings.BASE_DIR)


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def _strings(node) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _forwarders(trees) -> dict[str, int | None]:
    """Functions that call record_event(action=<one of their parameters>): name → the
    parameter's position (or None when keyword-only)."""
    found = {}
    for _path, tree in trees:
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            kwonly = [a.arg for a in fn.args.kwonlyargs]
            for call in ast.walk(fn):
                if isinstance(call, ast.Call) and _name(call) == "record_event":
                    for kw in call.keywords:
                        if kw.arg == "action" and isinstance(kw.value, ast.Name):
                            if kw.value.id in params:
                                found[fn.name] = (kw.value.id, params.index(kw.value.id))
                            elif kw.value.id in kwonly:
                                found[fn.name] = (kw.value.id, None)
    return found


def recorded_actions() -> dict[str, str]:
    """Every action code the source records → where (path:line)."""
    trees = list(_sources())
    forwarders = _forwarders(trees)
    codes = {}
    for path, tree in trees:
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call)
            values = []
            if name == "record_event":
                values = [kw.value for kw in call.keywords if kw.arg == "action"]
            elif name in forwarders:
                param, position = forwarders[name]
                values = [kw.value for kw in call.keywords if kw.arg == param]
                if position is not None and len(call.args) > position:
                    values.append(call.args[position])
            for value in values:
                for code in _strings(value):
                    codes.setdefault(code, f"{path.relative_to(ROOT)}:{call.lineno}")
    return codes


def _load_every_registration():
    """The modules that register labels are imported by their app's ready() or by the URLconf;
    import each module that calls register_actions, as a request would."""
    for path, tree in _sources():
        if any(isinstance(n, ast.Call) and _name(n) == "register_actions" for n in ast.walk(tree)):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            importlib.import_module(module.removesuffix(".__init__"))


def test_the_source_is_read_right():
    codes = recorded_actions()
    # a literal, one through a forwarding helper (_set_status), one through a keyword-only
    # helper (_save_rows), both branches of a conditional
    for code in (
        "claim",
        "accept",
        "edit_draft_materials",
        "calendar_day_add",
        "calendar_day_change",
    ):
        assert code in codes
    assert "store_true" not in codes  # argparse's action= is not an audit action
    assert len(codes) > 40


def test_every_recorded_action_has_a_label():
    _load_every_registration()
    labels = registered_actions()
    missing = {code: where for code, where in recorded_actions().items() if code not in labels}
    assert not missing, f"audit actions without a label (audit.actions.register_actions): {missing}"


def test_the_later_decisions_on_a_permit_have_labels_too():
    """act_on_permit records the decision's kind, which comes from the caller."""
    from approvals.models import Decision

    for kind in Decision.Kind:
        assert kind.value in registered_actions()


def test_labels_are_chinese_and_unknown_codes_show_as_they_are():
    assert action_label("claim") == "认领"
    assert action_label("accept") == "受理"
    assert action_label("no_such_action") == "no_such_action"
