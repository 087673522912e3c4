"""Production: every value from the environment; secrets have no default."""

import dj_database_url

from .base import *  # noqa: F403
from .base import content_security_policy, env, env_bool, env_required

SECRET_KEY = env_required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env_required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
DATABASES = {
    "default": dj_database_url.parse(env_required("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
}
HEHUO_REQUIRE_MFA = env_bool("HEHUO_REQUIRE_MFA", True)

# HTTPS: on by default; DJANGO_SECURE_SSL_REDIRECT=0 behind a TLS-terminating proxy or for a local benchmark.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = [o for o in (env("DJANGO_CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o]
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
# Without an S3 store, uploads live in DJANGO_MEDIA_ROOT, one directory shared by every app server, and the
# app serves them (communities/media.py); DJANGO_SERVE_MEDIA=0 when the proxy serves that directory instead.
HEHUO_SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not env("DJANGO_MEDIA_S3_BUCKET"))
if env("DJANGO_MEDIA_S3_BUCKET"):
    # Uploads go to any S3-compatible store (django-storages with boto3: the `s3` extra in pyproject.toml).
    STORAGES = {
        # Public media (receipt photos on published ledgers): plain addresses, because they are cached inside
        # public pages and a signed address would expire there. Everything outside private/ in this bucket is
        # readable by anyone; file names are random (communities/uploads.py).
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("DJANGO_MEDIA_S3_BUCKET"),
                "endpoint_url": env("DJANGO_MEDIA_S3_ENDPOINT"),
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
        # Files residents must not read, under the prefix private/ (of DJANGO_PRIVATE_S3_BUCKET when set: a
        # bucket that is never public; else of the media bucket, whose policy must then not make private/
        # readable). Objects are private; the app hands out addresses signed for 5 minutes at most.
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("DJANGO_PRIVATE_S3_BUCKET") or env("DJANGO_MEDIA_S3_BUCKET"),
                "endpoint_url": env("DJANGO_MEDIA_S3_ENDPOINT"),
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Receipt photos are then shown from the store: the policy lets images come from there (any https
    # address unless DJANGO_CSP_MEDIA_ORIGINS names the store's, e.g. https://mybucket.oss-cn-wuhan.aliyuncs.com).
    CSP_MEDIA_ORIGINS = [o.strip() for o in env("DJANGO_CSP_MEDIA_ORIGINS", "https:").split(",") if o.strip()]
    CONTENT_SECURITY_POLICY = content_security_policy(CSP_MEDIA_ORIGINS)
