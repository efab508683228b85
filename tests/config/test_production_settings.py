"""The production profile (SHEQU_DEBUG=0) as config/settings.py really builds it: `check --deploy`
is clean, plain HTTP is redirected except for the load balancer's /healthz, HSTS is sent, and every
cookie the application sets is Secure."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def _production_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("SHEQU_")}
    return environment | {
        "SHEQU_DEBUG": "0",
        "SHEQU_SECRET_KEY": "production-profile-test-" + "k" * 50,
        "SHEQU_ALLOWED_HOSTS": "shequ.example.org",
        # Django's model checks open the database (JSONField support on SQLite).
        "SHEQU_DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        **overrides,
    }


def _production_settings(tmp_path: Path, names=tuple(SECURITY_SETTINGS), **overrides: str) -> dict:
    """The settings that config/settings.py computes in a fresh process with these variables."""
    program = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)}}}, default=str))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=_production_environment(tmp_path, **overrides),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def test_check_deploy_reports_nothing_in_production(tmp_path):
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_static_files_are_served_from_the_hashed_storage(tmp_path):
    storages = _production_settings(tmp_path, names=["STORAGES"])["STORAGES"]
    assert storages["staticfiles"]["BACKEND"] == "config.storage.HashedStaticFilesStorage"


def test_hsts_and_redirect_have_production_defaults_and_can_be_configured(tmp_path):
    defaults = _production_settings(tmp_path)
    assert defaults["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert defaults["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert defaults["SECURE_HSTS_PRELOAD"] is False
    assert defaults["SECURE_SSL_REDIRECT"] is True

    configured = _production_settings(
        tmp_path, SHEQU_HSTS_SECONDS="600", SHEQU_HSTS_PRELOAD="1", SHEQU_SSL_REDIRECT="0"
    )
    assert configured["SECURE_HSTS_SECONDS"] == 600
    assert configured["SECURE_HSTS_PRELOAD"] is True
    assert configured["SECURE_SSL_REDIRECT"] is False


@pytest.fixture
def production(settings, tmp_path):
    for name, value in _production_settings(tmp_path).items():
        setattr(settings, name, value)
    return settings


def test_plain_http_is_redirected_to_https_except_the_health_probe(production, client, db):
    redirected = client.get("/services/")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://testserver/services/"

    assert client.get("/healthz").status_code == 200


def test_https_responses_carry_hsts(production, client, db):
    response = client.get("/services/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _assert_protected(cookie, *, script_readable: bool = False):
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["httponly"]) is not script_readable


def test_every_cookie_is_secure_in_production(production, client, users):
    client.get(reverse("login"), secure=True)
    # The CSRF cookie stays readable by scripts, as Django's default; the session never is.
    _assert_protected(client.cookies["csrftoken"], script_readable=True)

    logged_in = client.post(reverse("login"), {"username": "resident", "password": PASSWORD}, secure=True)
    _assert_protected(logged_in.cookies["sessionid"])

    language = client.post(reverse("web:language"), {"language": "ug", "next": "/"}, secure=True)
    _assert_protected(language.cookies["django_language"])

    elder = client.post(reverse("web:elder-mode"), {"next": "/"}, secure=True)
    _assert_protected(elder.cookies["shequ_elder"])


def test_production_keeps_compiled_templates(tmp_path):
    """Django caches compiled templates when no loaders are configured (DEBUG or not): a page renders
    its templates without reading and parsing their files again on every request."""
    program = (
        "import django; django.setup(); from django.template import engines; "
        "print(type(engines['django'].engine.template_loaders[0]).__module__)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=_production_environment(tmp_path, DJANGO_SETTINGS_MODULE="config.settings"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.strip() == "django.template.loaders.cached"
