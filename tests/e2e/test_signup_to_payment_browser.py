"""Issue 8, "Done when": on a phone, a new resident signs up with a registry person's name and ID
number, applies for 高龄津贴 for their 80-year-old household member with the materials, the case
goes up the chain village → township → county, the resident sees the approval and the first month's
payment, and the township exports its payment list — once in Chinese, once in Uyghur (right to left).

The resident's steps and the pages read at the end are in the browser; the three workers' decisions
go through the services (their pages have their own browser and page tests)."""

from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from shequ.benefits.months import month_after
from shequ.residents.derived import latest_birth_date_for_age
from shequ.services.catalogue import catalogue_load
from shequ.services.confirmations import confirmation_text
from shequ.services.models import Application, ServiceItem
from shequ.services.workflow import Status
from tests.conftest import WENHUALU
from tests.e2e.conftest import BROWSER_TESTS
from tests.factories import (
    PASSWORD,
    BenefitRateFactory,
    HouseholdFactory,
    PersonFactory,
    application_approve,
    id_number_for,
    png_bytes,
)

pytestmark = BROWSER_TESTS
PHONE = {"width": 390, "height": 844}
MOBILE = "13912345678"
BANK_CARD = "material_2"  # 高龄津贴: 居民身份证 and 户口簿 come from the registry; the bank card is uploaded


@pytest.fixture
def family(regions):
    """A household of 文化路 in the registry, nobody of it with an account yet: 马建国 (50) and his
    mother 马秀英, 80 today."""
    home = HouseholdFactory(region=regions[WENHUALU], grid=regions[WENHUALU + "001"], address="文化路18号")
    son_born, mother_born = date(1976, 4, 2), latest_birth_date_for_age(80)
    return {
        "son": PersonFactory(household=home, name="马建国", born=son_born, id_number=id_number_for(son_born, 31, "M")),
        "mother": PersonFactory(
            household=home,
            name="马秀英",
            relation="parent",
            born=mother_born,
            id_number=id_number_for(mother_born, 32, "F"),
        ),
    }


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return str(gettext(text))


class Browsing:
    """Phone-sized pages in one language, collecting what the Content-Security-Policy blocked."""

    def __init__(self, browser, live_server, language: str):
        self.browser, self.url, self.language = browser, live_server.url, language
        self.csp_violations: list[str] = []

    def page(self):
        context = self.browser.new_context(viewport=PHONE, locale="zh-CN", accept_downloads=True)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": self.language, "url": self.url}])
        page = context.new_page()
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and self.csp_violations.append(message.text),
        )
        return page

    def signed_in(self, username: str):
        page = self.page()
        page.goto(f"{self.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    def shows(self, page, text: str) -> None:
        """The page is in this test's language and direction, and its main part says `text` in it."""
        translated = in_language(self.language, text)
        # In Uyghur the page must say it in Uyghur, not fall back to the Chinese source.
        assert self.language != "ug" or translated != text
        self.says(page, translated)

    def says(self, page, translated: str) -> None:
        page.locator("main").get_by_text(translated).first.wait_for()
        html = page.locator("html")
        assert html.get_attribute("lang") == self.language
        assert html.get_attribute("dir") == ("rtl" if self.language == "ug" else "ltr")


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
@pytest.mark.django_db(transaction=True)
def test_sign_up_apply_for_a_parent_follow_the_chain_see_the_payment_and_export_it(
    browser, live_server, users, approvers, family, sms_outbox, language, tmp_path
):
    catalogue_load()
    allowance = ServiceItem.objects.get(code="MZ-GLJT")
    BenefitRateFactory(service=allowance, min_age=80, monthly_amount=100)
    BenefitRateFactory(service=allowance, min_age=90, monthly_amount=200)
    son, mother = family["son"], family["mother"]
    browsing = Browsing(browser, live_server, language)

    # Sign-up: the phone, the code from the text message, then the registry's name and ID number.
    resident = browsing.page()
    resident.goto(f"{live_server.url}/accounts/signup/")
    resident.fill("#id_phone", MOBILE)
    resident.locator("main button[type=submit]").click()
    resident.wait_for_url("**/accounts/signup/details/")
    code = next(message.params["code"] for message in reversed(sms_outbox) if message.phone == MOBILE)
    resident.fill("#id_code", code)
    resident.fill("#id_name", son.name)
    resident.fill("#id_id_number", son.id_number)
    resident.fill("#id_password1", "Jimsar-2026-ma")
    resident.fill("#id_password2", "Jimsar-2026-ma")
    resident.locator("main button[type=submit]").click()
    resident.wait_for_url("**/accounts/signup/done/")
    browsing.shows(resident, "您的账号已通过实名核验，可以在网上办事。")

    # The application for the mother, with the bank card scanned.
    resident.goto(f"{live_server.url}/services/items/MZ-GLJT/apply/")
    browsing.shows(resident, "已由户籍信息提供：")
    resident.select_option("select[name=applicant]", value=str(mother.pk))
    resident.set_input_files(
        f"input[name={BANK_CARD}]", files=[{"name": "bank-card.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    resident.locator("main button[type=submit]").click()
    resident.wait_for_url("**/services/applications/*/")
    application = Application.objects.get(applicant=mother, service=allowance)
    assert application.submitted_by.phone == MOBILE
    with translation.override(language):
        browsing.says(resident, confirmation_text(application))

    # Village accepts, handles and forwards; the township forwards; the county approves.
    application = application_approve(application, approvers=approvers)
    assert application.status == Status.COMPLETED
    first_month = month_after(timezone.localdate())

    resident.reload()
    browsing.shows(resident, "按月发放")
    summary = resident.locator("main .facts").last
    assert in_language(language, Status.COMPLETED.label) in resident.locator("main .status").first.inner_text()
    assert "100.00" in summary.inner_text()
    assert f"{first_month:%Y-%m}" in summary.inner_text()

    # The township's payment list of that month, exported to Excel in the browser.
    township = browsing.signed_in("township_jms")
    township.goto(f"{live_server.url}/work/benefits/payments/?month={first_month:%Y-%m}&region=")
    browsing.shows(township, "发放名册")
    with township.expect_download() as downloading:
        township.locator("main a[href*='payments/export.xlsx']").click()
    download = downloading.value
    assert download.suggested_filename == f"payments-{first_month:%Y%m}.xlsx"
    download.save_as(tmp_path / download.suggested_filename)
    workbook = openpyxl.load_workbook(tmp_path / download.suggested_filename, read_only=True)
    rows = [[str(cell) for cell in row if cell is not None] for row in workbook.active.iter_rows(values_only=True)]
    assert any(mother.name in row and mother.id_number in row and any(c.startswith("100") for c in row) for row in rows)
    assert browsing.csp_violations == []
