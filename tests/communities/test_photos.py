"""Uploaded photos (receipts today) are stored upright, as JPEG, without EXIF; HEIC from phones is accepted."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communities.errors import DomainError
from communities.photos import MAX_SIDE, clean_photo


def _jpeg_with_exif(width=40, height=20, orientation=6) -> bytes:
    image = Image.new("RGB", (width, height), "red")
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 0.0, 0.0)}  # GPS info
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_turned_upright_and_its_exif_removed():
    cleaned = clean_photo(SimpleUploadedFile("r.jpg", _jpeg_with_exif(), content_type="image/jpeg"))
    with Image.open(cleaned) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 40)  # was 40x20 with "rotate 90°": now upright
        assert not image.getexif()
        assert "exif" not in image.info


def test_large_photo_is_scaled_down():
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), "blue").save(out, format="PNG")
    cleaned = clean_photo(SimpleUploadedFile("big.png", out.getvalue()))
    with Image.open(cleaned) as image:
        assert max(image.size) == MAX_SIDE


def test_heic_from_a_phone_is_accepted():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, format="HEIF")
    cleaned = clean_photo(SimpleUploadedFile("IMG_0001.HEIC", out.getvalue()))
    with Image.open(cleaned) as image:
        assert image.format == "JPEG" and image.size == (64, 48)


def test_png_with_transparency_becomes_a_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    with Image.open(clean_photo(SimpleUploadedFile("t.png", out.getvalue()))) as image:
        assert image.format == "JPEG"


def test_a_file_that_is_no_photo_is_refused_with_a_message():
    with pytest.raises(DomainError):
        clean_photo(SimpleUploadedFile("x.jpg", b"not an image at all"))
