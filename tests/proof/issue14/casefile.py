"""Proof rows and world objects of issue 14 part "casefile" (see __init__): market's push's
case file (its application's first material carries the world's stored file)."""


def rows() -> dict:
    from tests.proof.test_url_access import (
        INSPECTOR,
        LIAISON,
        LIAISON_OTHER,
        NOT_FOUND,
        Row,
        api,
        who,
    )

    readers = frozenset({LIAISON, LIAISON_OTHER, INSPECTOR})
    return {
        "supervision:push_case_file": Row(get=who(readers, liaison_other=NOT_FOUND), obj="push"),
        "supervision:push_case_file_letter": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="push"
        ),
        "supervision:push_case_file_material": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="cf_material"
        ),
        "api:push-case-file": Row(get=api(readers, liaison_other=NOT_FOUND), obj="push"),
    }


def build(world) -> dict[str, dict]:
    from approvals.models import ApplicationMaterial

    line = (
        ApplicationMaterial.objects.filter(application=world.push.decision.application)
        .order_by("pk")
        .first()
    )
    ApplicationMaterial.objects.filter(pk=line.pk).update(file_id=world.file_id)
    return {"cf_material": {"pk": world.push.pk, "material_id": line.pk}}
