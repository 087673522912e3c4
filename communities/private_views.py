"""The one way to read a private file (communities/uploads.py): a minutes photo, later evidence.

Any member of the community whose row holds the file may read it; for anyone else, and for another
community's file, it does not exist (404). On a disk the file is streamed; on S3 the answer is a redirect to
an address signed for PRIVATE_URL_SECONDS, so that the app does not carry the bytes.
"""

import mimetypes

from django.http import FileResponse, Http404, HttpResponseRedirect

from . import access
from .uploads import PRIVATE_URL_SECONDS, private_file_owned_by, private_storage


@access.community_view()
def private_file(request, name):
    if not private_file_owned_by(request.community, name):
        raise Http404
    backend = private_storage().backend
    if getattr(backend, "querystring_auth", False):  # S3 with signed addresses
        response = HttpResponseRedirect(backend.url(name, expire=PRIVATE_URL_SECONDS))
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = backend.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response
