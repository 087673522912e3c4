"""Compressed HTML for residents' pages only.

Residents read the public pages on phones over mobile data: the levy ledger of 育才小区 is 22 KB of HTML and
about 4 KB gzipped (issue 16). Compression of HTTPS pages lets an attacker who can put text into a page and
watch its size guess a secret on the same page (BREACH). Residents' pages (/p/…, /r/…) hold no secret but the
CSRF token, which Django masks anew on every response. Staff pages show credentials (户码) and phone numbers
next to what was just typed into a search, so they are never compressed, here or by the TLS proxy in front
(docs/deploy.md). Static files come compressed from WhiteNoise.
"""

from django.middleware.gzip import GZipMiddleware

PUBLIC_PREFIXES = ("/p/", "/r/")


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (when the browser accepts gzip, for bodies over 200 bytes), on public paths."""

    def process_response(self, request, response):
        if not request.path.startswith(PUBLIC_PREFIXES):
            return response
        return super().process_response(request, response)
