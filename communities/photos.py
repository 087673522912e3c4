"""Uploaded photos (receipts and minutes today; needs, partners and exposure items later): turned upright,
re-encoded as JPEG, size-limited, EXIF (GPS) stripped. Services call `clean_photo` before they store a file.

Phones send JPEG, PNG or HEIC; HEIC is read through pillow-heif. What is stored is always a fresh JPEG made
from the pixels only, so no metadata of the original survives.
"""

import io
import warnings

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_SIDE = 2000
# Refuse decompression bombs well before PIL's own warning (which the test suite turns into an error).
MAX_PIXELS = 60_000_000

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


def _opened(data: bytes) -> Image.Image:
    """The image, opened (its header read). PIL refuses a declared size above its bomb limit, and warns above
    half of it: both are "too many pixels" here, never a warning in the log."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def clean_photo(upload, *, name: str = "photo") -> ContentFile:
    """A re-encoded, upright, EXIF-free JPEG of the uploaded image; DomainError if it is no image."""
    _register_heif()
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise DomainError(_("The photo is too large (at most 15 MB)."), field=name)
    try:
        upload.seek(0)
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise DomainError(_("The photo is too large (at most 15 MB)."), field=name)
        with _opened(data) as original:
            if original.width * original.height > MAX_PIXELS:
                raise DomainError(_("The photo has too many pixels."), field=name)
            original.load()
            upright = ImageOps.exif_transpose(original)
            if upright.mode not in ("RGB", "L"):
                background = Image.new("RGB", upright.size, "white")
                rgba = upright.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                upright = background
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # A new image from the pixels: no exif=, no icc_profile=, so no metadata is carried over.
            upright.save(out, format="JPEG", quality=85, optimize=True)
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # A file that declares more pixels than PIL opens (a small PNG may declare 30000 x 30000).
        raise DomainError(_("The photo has too many pixels."), field=name) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DomainError(_("This file is not a photo we can read (JPEG, PNG or HEIC)."), field=name) from exc
    return ContentFile(out.getvalue(), name=f"{name}.jpg")
