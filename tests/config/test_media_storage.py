"""
Where uploads go, from the environment (config.settings.base.storages_from_environment).
No S3 server runs here, so this checks the STORAGES setting each environment
gives; django-storages itself is tested by its authors.
"""

from django.core.exceptions import ImproperlyConfigured

import pytest

from config.settings.base import storages_from_environment

WHITENOISE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def test_files_on_disk_by_default():
    assert storages_from_environment({}) == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": WHITENOISE,
    }


def test_a_bucket_name_alone_gives_s3_with_signed_urls_and_no_overwriting():
    assert storages_from_environment({"AWS_STORAGE_BUCKET_NAME": "wissensnetz-medien"}) == {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "wissensnetz-medien",
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
        "staticfiles": WHITENOISE,
    }


def test_an_s3_compatible_server_with_every_option():
    storages = storages_from_environment(
        {
            "MEDIA_STORAGE": "S3",
            "AWS_STORAGE_BUCKET_NAME": "medien",
            "AWS_S3_ENDPOINT_URL": "https://s3.rechenzentrum.example",
            "AWS_S3_REGION_NAME": "de-nord-1",
            "AWS_S3_ACCESS_KEY_ID": "zugang",
            "AWS_S3_SECRET_ACCESS_KEY": "geheim",
            "AWS_S3_CUSTOM_DOMAIN": "medien.wissensnetz.example",
            "AWS_LOCATION": "uploads",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_QUERYSTRING_AUTH": "false",
            "AWS_QUERYSTRING_EXPIRE": "600",
        }
    )
    assert storages["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "medien",
            "file_overwrite": False,
            "querystring_auth": False,
            "endpoint_url": "https://s3.rechenzentrum.example",
            "region_name": "de-nord-1",
            "access_key": "zugang",
            "secret_key": "geheim",
            "custom_domain": "medien.wissensnetz.example",
            "location": "uploads",
            "addressing_style": "path",
            "querystring_expire": 600,
        },
    }
    assert storages["staticfiles"] == WHITENOISE


def test_filesystem_wins_over_a_bucket_name_left_in_the_environment():
    storages = storages_from_environment(
        {"MEDIA_STORAGE": "filesystem", "AWS_STORAGE_BUCKET_NAME": "medien"}
    )
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
    ],
)
def test_an_incomplete_setting_stops_the_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_from_environment(environ)
