"""Every string of ours is translated into Uyghur: extract the catalogue afresh and compare."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "ug" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str):
    """(msgid, translated, fuzzy) for each entry of a .po file, the header left out."""
    for block in po_text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = ""
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[current] += line[1:-1]
                continue
            current, _, value = line.partition(" ")
            fields[current] = value[1:-1]
        if fields.get("msgid") == "":
            continue
        translations = [value for key, value in fields.items() if key.startswith("msgstr")]
        yield fields["msgid"], all(translations), fuzzy


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_every_string_is_translated_into_uyghur(tmp_path):
    # makemessages writes into the catalogue it finds, so it runs on a copy of the source tree and
    # merges the strings found in the code now into a copy of the committed catalogue.
    for name in ("config", "shequ", "templates", "locale"):
        if (BASE / name).exists():  # templates/ holds only overrides of third-party pages, if any
            shutil.copytree(BASE / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(BASE / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ug", "--no-obsolete", "--no-location", "-v", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"SHEQU_DEBUG": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = (tmp_path / "locale" / "ug" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    missing = [msgid for msgid, translated, fuzzy in _entries(fresh) if not translated or fuzzy]
    assert not missing, f"{len(missing)} strings lack a Uyghur translation (run `make messages`): {missing[:20]}"


def test_compiled_catalogue_holds_every_translation():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make messages` to compile the Uyghur catalogue"
    with open(compiled, "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    stale = [
        msgid
        for msgid, translated, fuzzy in _entries(CATALOGUE.read_text("utf-8"))
        if translated and not fuzzy and msgid not in catalogue and (msgid, 0) not in catalogue
    ]
    assert not stale, f"django.mo is older than django.po (run `make messages`): {stale[:10]}"
