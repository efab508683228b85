"""Every page carries a Content-Security-Policy that allows no inline script without the response's
nonce and no inline style, and no template relies on what that policy blocks."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FILES = sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "shequ").glob("**/templates/**/*.html")])


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def _assert_scripts_allowed_by_policy(response) -> dict[str, list[str]]:
    directives = _directives(response["Content-Security-Policy"])
    script_sources = directives["script-src"]
    assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
    allowed_nonces = {source.removeprefix("'nonce-").removesuffix("'") for source in script_sources}
    parser = _Scripts()
    parser.feed(response.content.decode())
    for script in parser.scripts:
        assert script.get("src") or script.get("nonce") in allowed_nonces, script
        if "nonce" in script:
            assert script["nonce"] in allowed_nonces, script
    return directives


def _assert_strict_policy(directives: dict[str, list[str]]) -> None:
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


@pytest.mark.parametrize(
    ("account", "path"),
    [
        (None, "/"),
        (None, "/services/"),
        (None, "/accounts/login/"),
        (None, "/no-such-page/"),
        (None, "/api/docs/"),
        ("resident", "/services/applications/"),
        ("worker_wenhualu", "/work/"),
        ("worker_wenhualu", "/work/applications/"),
        ("worker_wenhualu", "/work/residents/"),
    ],
)
def test_pages_carry_the_policy_and_its_nonce(users, login, account, path):
    client = login(users[account]) if account else Client()
    response = client.get(path)
    assert response.status_code in (200, 404), path

    directives = _assert_scripts_allowed_by_policy(response)
    _assert_strict_policy(directives)
    # The page's own scripts carry the nonce, so the policy names one, fresh for every response.
    nonce = next(source for source in directives["script-src"] if source.startswith("'nonce-"))
    assert nonce not in client.get(path)["Content-Security-Policy"]


def test_the_api_docs_page_needs_no_inline_style_or_script(db):
    response = Client().get("/api/docs/")
    assert "<style" not in response.content.decode()

    script = re.search(r'<script src="(/api/docs/\?script=?)"', response.content.decode())
    assert script, "Swagger UI's start-up script is served as a file"
    assert Client().get(script.group(1))["Content-Type"].startswith("application/javascript")


def test_the_admin_runs_under_the_policy(users, login):
    response = login(users["admin"]).get("/admin/")
    assert response.status_code == 200
    _assert_strict_policy(_assert_scripts_allowed_by_policy(response))


INLINE_EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style[\s>]", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_use_nothing_the_policy_blocks(template):
    source = template.read_text()
    assert not INLINE_EVENT_HANDLER.search(source), "inline event handler (onclick=…): use a static script"
    assert not INLINE_STYLE.search(source), "inline style: use a class in static/css"
    for tag in SCRIPT_TAG.findall(source):
        assert "src=" in tag or 'nonce="{{ csp_nonce }}"' in tag, tag
