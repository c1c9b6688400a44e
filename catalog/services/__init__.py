"""State changes of the catalog: departments, liaisons, and permit items with their versions
(create, draft, edit fields, materials and fees, publish, withdraw, import, the sample loader).

Every public function is the one way in for its change: it checks the role and the current state
under a row lock, writes the change and its audit event in one transaction, and raises a
core.errors domain error (Chinese message, machine code) when it refuses. The admin, the import
resource, the views and seed_demo all call these functions.
"""

from catalog.services.contacts import (
    CONTACT_FIELDS,
    load_sample_profile,
    update_bureau_profile,
)
from catalog.services.content import (
    BOOL_FIELDS,
    CODE_RE,
    CONTENT_FIELDS,
    FEE_KEYS,
    MATERIAL_KEYS,
    RELATION_FIELDS,
    SCALAR_FIELDS,
    TEXT_FIELDS,
    clean_content,
    content_of,
    differs,
    to_bool,
)
from catalog.services.departments import create_department, update_department
from catalog.services.draft_rows import save_draft_fees, save_draft_materials
from catalog.services.items import (
    IMPORT_CREATED,
    IMPORT_UNCHANGED,
    IMPORT_UPDATED,
    create_item,
    discard_draft,
    import_item,
    publication_problems,
    publish,
    save_draft,
    start_draft,
    update_draft,
    withdraw,
)
from catalog.services.liaisons import LIAISE_PERM, assign_liaison, remove_liaison
from catalog.services.sample import load_sample_catalog

__all__ = [
    "BOOL_FIELDS",
    "CONTACT_FIELDS",
    "CODE_RE",
    "CONTENT_FIELDS",
    "FEE_KEYS",
    "IMPORT_CREATED",
    "IMPORT_UNCHANGED",
    "IMPORT_UPDATED",
    "LIAISE_PERM",
    "MATERIAL_KEYS",
    "RELATION_FIELDS",
    "SCALAR_FIELDS",
    "TEXT_FIELDS",
    "assign_liaison",
    "clean_content",
    "content_of",
    "create_department",
    "create_item",
    "differs",
    "discard_draft",
    "import_item",
    "load_sample_profile",
    "load_sample_catalog",
    "publication_problems",
    "remove_liaison",
    "publish",
    "save_draft",
    "save_draft_fees",
    "save_draft_materials",
    "start_draft",
    "to_bool",
    "update_bureau_profile",
    "update_department",
    "update_draft",
    "withdraw",
]
