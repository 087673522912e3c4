"""Uploaded files served by the app itself, when they live in a directory every app server mounts (no S3).

With several app servers behind a load balancer, an upload taken by one must be served by any other: either the
uploads go to an S3-compatible store (DJANGO_MEDIA_S3_BUCKET; the store serves them), or DJANGO_MEDIA_ROOT is
one shared directory (NFS or similar) and each server serves it here (docs/deploy.md). Receipt photos and
minutes are shown on public pages; files that are not public are never served by their path: a roster file
(roster/…) is downloaded by its community's admins through their own page (roster_import_file).
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.static import serve

# Upload folders that hold files for staff only, relative to MEDIA_ROOT.
PRIVATE_PREFIXES = ("roster/",)


@require_GET
def media_file(request, path: str):
    clean = posixpath.normpath(path).lstrip("/")
    if clean.startswith(("..", *PRIVATE_PREFIXES)) or clean in {".", ""}:
        raise Http404
    response = serve(request, clean, document_root=settings.MEDIA_ROOT)  # safe_join refuses what escapes
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "max-age=86400"  # an upload's name is never reused (storage names are unique)
    return response
