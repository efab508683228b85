"""The mediation and legal-services pages in a real browser: no serious or critical axe-core
violation and no overflowing cell, at phone and desktop size, in Chinese, Uyghur and elder mode
(the checks and sessions of tests/e2e/test_accessibility.py)."""

from datetime import date

import pytest

from shequ.mediation.models import PublicityKind
from shequ.mediation.services import legal_adviser_save, legal_consultation_record, publicity_activity_record
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_accessibility import DESKTOP, MODES, OVERFLOWING, PHONE, RUN_AXE, Sessions
from tests.factories import MediationCaseFactory

pytestmark = BROWSER_TESTS


@pytest.mark.django_db(transaction=True)
def test_no_serious_axe_violation_on_the_mediation_pages(browser, live_server, users, regions):
    worker, unit = users["worker_wenhualu"], regions[WENHUALU]
    case = MediationCaseFactory(unit=unit, acting_user=worker)  # loads the catalogues too
    legal_adviser_save(
        unit=unit,
        name="马律师",
        law_firm="新疆天山律师事务所",
        phone="0994-6000000",
        term_start=date(2020, 1, 1),
        term_end=date(2099, 12, 31),
        acting_user=worker,
    )
    legal_consultation_record(unit=unit, asked_on=date.today(), question="押金", advice="协商", acting_user=worker)
    publicity_activity_record(
        unit=unit,
        kind=PublicityKind.objects.get(code="law"),
        title="宪法宣传进社区",
        held_on=date.today(),
        place="社区广场",
        audience="辖区居民",
        attendance=60,
        acting_user=worker,
    )
    paths = [
        "/work/mediation/",
        f"/work/mediation/{case.pk}/",
        "/work/mediation/new/",
        "/work/legal-advisers/",
        "/work/legal-consultations/",
        "/work/publicity/",
    ]
    sessions, found = Sessions(browser, live_server), []
    for language, elder in MODES:
        context, page = sessions.context("worker_wenhualu", language, elder)
        for path in paths:
            sessions.visit(page, path)
            for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                page.set_viewport_size(viewport)
                mode = f"{language}{' elder' if elder else ''} {size}"
                for violation in page.evaluate(RUN_AXE, []):
                    found.append(f"{violation['id']} on {path} ({mode}): {', '.join(violation['targets'][:5])}")
                found += [f"overflow on {path} ({mode}): {cell}" for cell in page.evaluate(OVERFLOWING)]
            page.set_viewport_size(PHONE)
        context.close()
    assert not found, "\n".join(found)
