import datetime

import pytest
import time_machine

from approvals import services
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Monday 1 June 2026, 10:00 in Shanghai: no holiday within the committed limits used here.
MONDAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def at_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def version(db):
    return PublishedVersionFactory()


@pytest.fixture
def seal(db):
    return SealFactory()


@pytest.fixture
def applicant(db):
    return ApplicantFactory()


@pytest.fixture
def materials(version):
    """(application form, ID proof - waivable, optional other) ids."""
    return [m.pk for m in version.materials.order_by("position")]


@pytest.fixture
def submitted(clerk, version, applicant, materials):
    def _submit(provided=None):
        provided = materials[:2] if provided is None else provided
        return services.submit(
            clerk=clerk,
            item_version=version,
            applicant=applicant,
            provided={m: True for m in provided},
            content="申请开办超市",
        )

    return _submit


@pytest.fixture
def accepted(submitted, clerk):
    def _accept(**kwargs):
        app = submitted(**kwargs)
        return services.accept(application_id=app.pk, clerk=clerk)

    return _accept


@pytest.fixture
def reviewed(accepted, reviewer):
    def _reviewed():
        app = accepted()
        services.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="材料齐全,符合条件",
            recommendation="approve",
            site_inspection="现场符合要求",
        )
        app.refresh_from_db()
        return app

    return _reviewed
