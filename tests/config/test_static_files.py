"""collectstatic with the production storage: it succeeds on the vendored files, writes hashed and
compressed copies, shrugs off source-map comments for maps we do not ship, and still fails on a
missing file that a stylesheet really needs."""

import json

import pytest
from django.core.management import CommandError, call_command

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.HashedStaticFilesStorage"},
}


@pytest.fixture
def production_static(settings, tmp_path):
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = tmp_path / "collected"
    return settings.STATIC_ROOT


def _manifest(static_root) -> dict[str, str]:
    return json.loads((static_root / "staticfiles.json").read_text())["paths"]


def test_collectstatic_writes_hashed_and_compressed_vendored_files(production_static):
    call_command("collectstatic", interactive=False, verbosity=0)

    paths = _manifest(production_static)
    for name in ("vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.rtl.min.css", "ui/shequ.css"):
        hashed = paths[name]
        assert hashed != name and hashed.endswith(".css")
        assert (production_static / hashed).is_file()
        assert (production_static / f"{hashed}.gz").is_file()
    assert (production_static / paths["vendor/swagger-ui/swagger-ui.css"]).is_file()


@pytest.fixture
def own_static_dir(settings, tmp_path, production_static):
    source = tmp_path / "source"
    source.mkdir()
    settings.STATICFILES_DIRS = [source]
    return source


def test_a_source_map_comment_for_a_missing_map_does_not_stop_collectstatic(own_static_dir, production_static):
    (own_static_dir / "styles.css").write_text("body{color:#000}\n/*# sourceMappingURL=styles.css.map */\n")
    (own_static_dir / "app.js").write_text("let a = 1;\n//# sourceMappingURL=app.js.map\n")

    call_command("collectstatic", interactive=False, verbosity=0)

    paths = _manifest(production_static)
    assert (production_static / paths["styles.css"]).is_file()
    assert (production_static / paths["app.js"]).is_file()


def test_a_missing_image_that_a_stylesheet_uses_still_fails_collectstatic(own_static_dir):
    (own_static_dir / "styles.css").write_text("body{background:url(missing.png)}\n")

    with pytest.raises(CommandError, match=r"missing\.png"):
        call_command("collectstatic", interactive=False, verbosity=0)
