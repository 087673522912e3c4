"""Zero-configuration local settings: `make run` uses these."""

from .base import *  # noqa: F403
from .base import PRIVATE_STORAGE, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY") or "local-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The local demo lets admins and treasurers in without TOTP unless HEHUO_REQUIRE_MFA=1.
HEHUO_REQUIRE_MFA = env_bool("HEHUO_REQUIRE_MFA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,  # var/private (DJANGO_PRIVATE_ROOT), never served as media
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
