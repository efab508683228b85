"""What config/settings.py builds for many nodes: persistent, health-checked database connections in
production, PgBouncer's transaction pooling without server-side cursors, read replicas, sessions in
Redis, the task queue in the database, and uploads on a local folder or an S3-compatible store."""

import subprocess

import pytest
from django.core.files.storage import storages

from tests.config.test_production_settings import _production_settings

NAMES = ("DATABASES", "DATABASE_REPLICAS", "SESSION_ENGINE", "STORAGES", "MEDIA_ROOT", "TASKS")
POSTGRES = "postgres://shequ@db.internal:5432/shequ"


def test_production_defaults(tmp_path):
    built = _production_settings(tmp_path, NAMES, SHEQU_DATABASE_URL=POSTGRES, SHEQU_MEDIA_ROOT="/srv/shequ/media")
    default = built["DATABASES"]["default"]
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (600, True)
    assert not default.get("DISABLE_SERVER_SIDE_CURSORS")
    assert list(built["DATABASES"]) == ["default"] and built["DATABASE_REPLICAS"] == []
    assert built["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"  # no Redis configured
    assert built["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert built["MEDIA_ROOT"] == "/srv/shequ/media"
    assert built["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_development_opens_a_connection_per_request(tmp_path):
    built = _production_settings(tmp_path, NAMES, SHEQU_DEBUG="1")
    assert built["DATABASES"]["default"]["CONN_MAX_AGE"] == 0


def test_many_nodes(tmp_path):
    built = _production_settings(
        tmp_path,
        NAMES,
        SHEQU_DATABASE_URL="postgres://shequ@pgbouncer:6432/shequ",
        SHEQU_DATABASE_PGBOUNCER="1",
        SHEQU_DATABASE_REPLICA_URLS="postgres://shequ@replica-a:6432/shequ, postgres://shequ@replica-b:6432/shequ",
        SHEQU_CACHE_URL="redis://cache:6379/0",
    )
    databases = built["DATABASES"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert built["DATABASE_REPLICAS"] == ["replica_1", "replica_2"]
    assert [databases[alias]["HOST"] for alias in databases] == ["pgbouncer", "replica-a", "replica-b"]
    assert all(database["DISABLE_SERVER_SIDE_CURSORS"] for database in databases.values())
    assert databases["replica_2"]["TEST"] == {"MIRROR": "default"} and databases["replica_2"]["CONN_MAX_AGE"] == 600
    assert built["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"


def test_uploads_on_an_s3_compatible_store(tmp_path):
    built = _production_settings(
        tmp_path,
        NAMES,
        SHEQU_MEDIA_STORAGE="s3",
        SHEQU_S3_BUCKET="shequ-materials",
        SHEQU_S3_ENDPOINT_URL="https://oss.example.cn",
        SHEQU_S3_REGION="cn-xinjiang",
    )
    storage = built["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (storage["OPTIONS"]["bucket_name"], storage["OPTIONS"]["endpoint_url"]) == (
        "shequ-materials",
        "https://oss.example.cn",
    )
    assert (storage["OPTIONS"]["default_acl"], storage["OPTIONS"]["file_overwrite"]) == ("private", False)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SHEQU_MEDIA_STORAGE": "s3"}, "SHEQU_S3_BUCKET"),
        ({"SHEQU_MEDIA_STORAGE": "ftp"}, "SHEQU_MEDIA_STORAGE"),
    ],
)
def test_a_wrong_storage_setting_stops_the_start(tmp_path, variables, message):
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _production_settings(tmp_path, NAMES, **variables)
    assert message in failure.value.stderr


def test_the_s3_storage_signs_private_links_without_the_network(settings):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "shequ-materials",
                "endpoint_url": "https://oss.example.cn",
                "region_name": "cn-xinjiang",
                "access_key": "test-key",
                "secret_key": "test-secret",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    }
    link = storages["default"].url("applications/2026/12/证明.pdf")
    assert link.startswith("https://oss.example.cn/shequ-materials/applications/2026/12/")
    assert "X-Amz-Signature=" in link
