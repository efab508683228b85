"""Every main page of every role, checked in a real browser: axe-core (vendored from npm) finds no
serious or critical violation at phone and desktop size, in Chinese, in Uyghur and in elder mode;
and in elder mode every text is at least 18 px and every target at least 44 px high."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from shequ.accounts.models import SignUp, SignUpStatus, User
from shequ.bookings.models import Provider, ProviderKind
from shequ.bookings.services import booking_create, slot_create
from shequ.facilities.services import facility_create
from shequ.feedback.models import Rectification
from shequ.feedback.services import rating_create
from shequ.feedback.workflow import RatingLevel
from shequ.residents.derived import latest_birth_date_for_age
from shequ.services.catalogue import catalogue_load
from shequ.services.models import ServiceItem
from shequ.services.services import application_submit, application_transition
from shequ.workforce.catalogue import catalogue_load as workforce_catalogue_load
from shequ.workforce.models import Course, Mode, Topic, TrainingSession, Worker
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.facilities.conftest import facility_data
from tests.factories import (
    PASSWORD,
    BenefitRateFactory,
    PersonFactory,
    UserFactory,
    application_approve,
    id_number_for,
    material_uploads,
)

AXE = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"

pytestmark = BROWSER_TESTS
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# (language, elder mode): the interface in Chinese, in Uyghur (right to left) and in elder mode.
MODES = [("zh-hans", False), ("ug", False), ("zh-hans", True)]

RUN_AXE = """async (exclude) => {
  const results = await axe.run({exclude}, {resultTypes: ["violations"]});
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({id: violation.id, targets: violation.nodes.map((node) => node.target.join(" "))}));
}"""

# Cells and facts whose content runs out of their box (into the next column).
OVERFLOWING = """() => [...document.querySelectorAll("main dd, main td, main th")]
  .filter((cell) => cell.getClientRects().length && cell.scrollWidth > cell.clientWidth + 1)
  .map((cell) => `${cell.tagName.toLowerCase()} "${cell.textContent.trim().slice(0, 30)}"`)"""

# In elder mode: each visible element holding text, and its computed font size; each visible
# control or link, and the height of what a finger hits (a radio or checkbox is hit through its label).
MEASURE_ELDER = """() => {
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden" && style.display !== "none";
  };
  const name = (element) => {
    const classes = typeof element.className === "string" ? element.className.split(/\\s+/).filter(Boolean) : [];
    return [element.tagName.toLowerCase() + (element.id ? "#" + element.id : ""), ...classes].join(".");
  };
  const small = [], low = [];
  for (const element of document.body.querySelectorAll("*")) {
    const text = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    if (!text || !shown(element)) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 18) small.push(`${name(element)} ${size}px "${element.textContent.trim().slice(0, 20)}"`);
  }
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  for (const control of document.body.querySelectorAll(controls)) {
    const choice = control.matches("input[type=radio], input[type=checkbox]") && control.labels.length;
    const target = choice ? control.labels[0] : control;
    if (!shown(target)) continue;
    const height = target.getBoundingClientRect().height;
    const size = parseFloat(getComputedStyle(control).fontSize);
    const label = (control.textContent || control.value || "").trim().slice(0, 20);
    if (height < 44) low.push(`${name(control)} ${height.toFixed(1)}px "${label}"`);
    if (size < 18 && !choice) small.push(`${name(control)} ${size}px "${label}"`);
  }
  return {small, low};
}"""


@pytest.fixture
def issue8(users, residents, regions, approvers):
    """What the pages of issue 8 show: a sign-up waiting for 文化路's worker, a facility of 文化路, and
    a 高龄津贴 in payment (for the payment list and the benefit's page)."""
    from shequ.facilities.catalogue import catalogue_load as facility_types_load

    catalogue_load()
    allowance = ServiceItem.objects.get(code="MZ-GLJT")
    BenefitRateFactory(service=allowance, min_age=80, monthly_amount=100)
    born = latest_birth_date_for_age(85)
    elder = PersonFactory(
        household=residents["home"], relation="parent", born=born, id_number=id_number_for(born, 41, "M")
    )
    paid = application_approve(
        application_submit(
            service=allowance,
            applicant=elder,
            acting_user=users["worker_wenhualu"],
            materials=material_uploads(allowance, elder),
        ),
        approvers=approvers,
    )
    account = UserFactory(username="13900001111", phone="13900001111", region=regions[WENHUALU])
    signup = SignUp.objects.create(
        account=account,
        name="刘方",
        id_number=residents["wife"].id_number,
        region=regions[WENHUALU],
        scope_code=WENHUALU,
        status=SignUpStatus.PENDING,
    )
    facility_types_load()  # the data migration's rows do not survive a transactional test's flush
    facility = facility_create(data=facility_data(regions[WENHUALU]), acting_user=users["county_admin"])
    # 高龄津贴 asks for age 80 and a bank card scan: the application waiting to be accepted is the other parent's.
    born = latest_birth_date_for_age(82)
    waiting_for = PersonFactory(
        household=residents["home"], relation="parent", born=born, id_number=id_number_for(born, 42, "F")
    )
    return {"benefit": paid.benefit, "signup": signup, "facility": facility, "waiting_for": waiting_for}


@pytest.fixture
def county(users, residents, regions, issue8):
    """What every page needs to show something: the catalogue, an application waiting to be
    accepted, one completed and rated 不满意 (a rectification case, ratings figures, inbox messages),
    one completed and not yet rated, and a booked slot."""
    catalogue_load()
    resident, worker = users["resident"], users["worker_wenhualu"]
    # Finished at the village alone (高龄津贴 would go up its chain to the county).
    registration = ServiceItem.objects.get(code="RS-JYSY")

    def completed():
        application = application_submit(service=registration, applicant=residents["zhangsan"], acting_user=resident)
        for step in ("accepted", "in_progress", "completed"):
            application = application_transition(application=application, to=step, acting_user=worker)
        return application

    allowance, elder = ServiceItem.objects.get(code="MZ-GLJT"), issue8["waiting_for"]
    waiting = application_submit(
        service=allowance, applicant=elder, acting_user=resident, materials=material_uploads(allowance, elder)
    )
    rated = completed()
    rating_create(
        target_type="application",
        target_id=rated.pk,
        level=RatingLevel.DISSATISFIED,
        comment="等了很久",
        acting_user=resident,
    )
    unrated = completed()
    bookable = ServiceItem.objects.filter(bookable=True).order_by("code").first()
    provider = Provider.objects.create(name="康乐居家养老", kind=ProviderKind.ELDERLY_CARE, region=regions[WENHUALU])
    starts = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    slot = slot_create(
        service=bookable,
        provider=provider,
        region=regions[WENHUALU],
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=2,
        place="社区服务站",
        acting_user=worker,
    )
    booking_create(slot=slot, person=residents["zhangsan"], acting_user=resident)
    # The workforce pages: a two-committee member in the reserve pool, a course and a session of it.
    workforce_catalogue_load()  # the data migration's rows do not survive a transactional test's flush
    member = Worker.objects.create(
        name="古丽",
        unit=regions[WENHUALU],
        post="principal",
        service_start=timezone.localdate() - timedelta(days=2000),
        party_committee=True,
        secretary_reserve=True,
    )
    course = Course.objects.create(title="民族宗教政策法规", mode=Mode.OFFLINE, topic=Topic.ETHNIC_RELIGIOUS)
    session = TrainingSession.objects.create(
        course=course, region=regions["652327"], held_on=timezone.localdate(), hours=4, headcount=3
    )
    return {
        "member": member,
        "course": course,
        "session": session,
        "waiting": waiting,
        "rated": rated,
        "unrated": unrated,
        "rectification": Rectification.objects.get(),
        "bookable": bookable,
        "slot": slot,
    } | issue8


def main_pages(county, residents) -> dict[str, list[str]]:
    """The main pages of each role (None: anonymous); a page whose template another role already
    covers in the same shape is listed once."""
    return {
        None: [
            "/",
            "/services/items/MZ-GLJT/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/signup/details/",
            "/accounts/password-reset/",
            "/accounts/password-reset/confirm/",
            "/accounts/login/sms/",
            "/accounts/login/sms/code/",
        ],
        "resident": [
            "/",
            "/services/",
            "/services/items/MZ-GLJT/",
            "/services/items/MZ-GLJT/apply/",
            "/services/applications/",
            f"/services/applications/{county['rated'].pk}/",
            f"/feedback/rate/application/{county['unrated'].pk}/",
            "/inbox/",
            "/services/book/",
            f"/services/book/{county['bookable'].code}/",
            "/services/bookings/",
            "/services/authorisations/",
        ],
        "worker_wenhualu": [
            "/work/",
            "/work/applications/",
            f"/work/applications/{county['waiting'].pk}/",
            "/work/applications/window/",
            "/work/residents/",
            f"/work/residents/{residents['zhangsan'].pk}/",
            f"/work/residents/{residents['zhangsan'].pk}/edit/",
            "/work/households/",
            f"/work/households/{residents['home'].pk}/",
            "/work/units/",
            "/work/rectifications/",
            f"/work/rectifications/{county['rectification'].pk}/",
            "/work/ratings/stats/",
            "/work/bookings/",
            f"/work/bookings/slots/{county['slot'].pk}/",
            "/work/workers/new/",
            f"/work/workers/{county['member'].pk}/edit/",
            "/work/workers/reserve/",
            "/work/workers/candidates/",
            "/work/workers/courses/",
            f"/work/workers/courses/{county['course'].pk}/",
            f"/work/workers/courses/{county['course'].pk}/sessions/new/",
            f"/work/workers/sessions/{county['session'].pk}/",
            "/work/sign-ups/",
            f"/work/sign-ups/{county['signup'].pk}/",
            "/work/authorisations/",
            "/work/facilities/",
            "/work/facilities/new/",
            f"/work/facilities/{county['facility'].pk}/",
            "/work/workers/",
            "/work/workers/training/",
            "/work/workers/staffing/",
        ],
        # The township pays: its payment list of the benefit's first month, and the benefit; it
        # creates courses.
        "township_jms": [
            f"/work/benefits/payments/?month={county['benefit'].first_month:%Y-%m}&region=",
            f"/work/benefits/{county['benefit'].pk}/",
            "/work/workers/courses/new/",
        ],
        "county_admin": ["/work/calendar/"],
        # A county department: the same pages as a worker, with county-wide figures; and its line of
        # a candidate's 资格县级联审.
        "county_mz": ["/work/", "/work/ratings/stats/", f"/work/workers/{county['member'].pk}/review/"],
    }


# The second step of each SMS-code page, reached after the phone is given on the first.
CODE_STEPS = {
    "/accounts/signup/details/": "/accounts/signup/",
    "/accounts/password-reset/confirm/": "/accounts/password-reset/",
    "/accounts/login/sms/code/": "/accounts/login/sms/",
}


class Sessions:
    """One browser context per role × language × mode; each role signs in once through the login
    form, and its other contexts reuse that session."""

    def __init__(self, browser, live_server):
        self.browser, self.live_server, self.signed_in = browser, live_server, {}
        self.phones = (f"1390000{serial:04d}" for serial in range(2000, 9999))

    def context(self, username: str | None, language: str, elder: bool, viewport=PHONE):
        if username:
            User.objects.filter(username=username).update(language=language, elder_mode=elder)
        context = self.browser.new_context(
            viewport=viewport,
            locale="zh-CN",
            storage_state=self.signed_in.get(username),
        )
        context.add_cookies(
            [
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.live_server.url},
                {"name": "shequ_elder", "value": "1" if elder else "0", "url": self.live_server.url},
            ]
        )
        # axe-core is evaluated in every page before the page's own scripts (through the browser's
        # debugging protocol, so the pages' Content-Security-Policy does not apply to it).
        context.add_init_script(path=AXE)
        page = context.new_page()
        if username and username not in self.signed_in:
            page.goto(f"{self.live_server.url}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.locator("main button[type=submit]").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            self.signed_in[username] = context.storage_state()
        return context, page

    def phone_given(self, page, first_step: str) -> None:
        # A new phone each time: one code per phone per 60 s.
        page.goto(f"{self.live_server.url}{first_step}")
        page.fill("#id_phone", next(self.phones))
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: not url.endswith(first_step))

    def visit(self, page, path: str) -> None:
        if path in CODE_STEPS:
            self.phone_given(page, CODE_STEPS[path])
        response = page.goto(f"{self.live_server.url}{path}")
        assert response.status == 200, f"{path}: {response.status}"


@pytest.mark.django_db(transaction=True)
def test_no_serious_axe_violation_on_any_main_page(browser, live_server, county, residents):
    sessions, found = Sessions(browser, live_server), []
    for username, paths in main_pages(county, residents).items():
        for language, elder in MODES:
            context, page = sessions.context(username, language, elder)
            for path in paths:
                sessions.visit(page, path)
                for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page.set_viewport_size(viewport)
                    mode = f"{language}{' elder' if elder else ''} {size} {username or 'anonymous'}"
                    for violation in page.evaluate(RUN_AXE, []):
                        found.append(f"{violation['id']} on {path} ({mode}): {', '.join(violation['targets'][:5])}")
                    found += [f"overflow on {path} ({mode}): {cell}" for cell in page.evaluate(OVERFLOWING)]
                page.set_viewport_size(PHONE)
            context.close()
    assert not found, "\n".join(found)


@pytest.mark.django_db(transaction=True)
def test_api_docs_have_no_serious_axe_violation(browser, live_server, users):
    sessions, found = Sessions(browser, live_server), []
    for language in ("zh-hans", "ug"):
        context, page = sessions.context(None, language, False, viewport=DESKTOP)
        sessions.visit(page, "/api/docs/")
        page.wait_for_selector("#swagger-ui .information-container")
        # Swagger UI's own widget (rendered by its bundle into #swagger-ui) is a third-party
        # component we cannot change without forking it; the page around it (language, title,
        # landmarks, heading) is ours and is checked.
        found += [(language, violation) for violation in page.evaluate(RUN_AXE, [["#swagger-ui"]])]
        context.close()
    assert not found, found


@pytest.mark.django_db(transaction=True)
def test_elder_mode_text_is_18px_and_targets_44px(browser, live_server, county, residents):
    sessions, problems = Sessions(browser, live_server), []
    for username, paths in main_pages(county, residents).items():
        for language in ("zh-hans", "ug"):
            context, page = sessions.context(username, language, True)
            for path in paths:
                sessions.visit(page, path)
                measured = page.evaluate(MEASURE_ELDER)
                problems += [f"{path} ({language}) text {item}" for item in measured["small"]]
                problems += [f"{path} ({language}) target {item}" for item in measured["low"]]
            context.close()
    assert not problems, "\n".join(problems)
