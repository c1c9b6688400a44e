"""Proof rows and world objects of issue 14 part "liaisons" (see __init__): the register page,
and the bureau's own liaison (the clerk, filed by the catalog admin) whose record can be ended."""


def rows() -> dict:
    from tests.proof.test_url_access import (
        CATALOG_ADMIN,
        INSPECTOR,
        LIAISON,
        LIAISON_OTHER,
        Row,
        post_first,
        who,
    )

    return {
        "supervision:liaisons": Row(get=who({LIAISON, LIAISON_OTHER, INSPECTOR, CATALOG_ADMIN})),
        "supervision:liaison_file": post_first({CATALOG_ADMIN}, ""),
        "supervision:liaison_end": post_first({CATALOG_ADMIN}, "l_bureau_record"),
    }


def build(world) -> dict[str, dict]:
    from catalog.services import liaisons as register
    from tests.proof.world import CATALOG_ADMIN, CLERK

    record = register.file_bureau_liaison(
        user=world.users[CLERK], actor=world.users[CATALOG_ADMIN], note="证明用"
    )
    return {"l_bureau_record": {"pk": record.pk}}
