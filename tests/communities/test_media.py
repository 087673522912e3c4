"""Uploads served by the app from a shared directory (production without S3): public uploads are, a roster
file never is, whatever the path says."""

import pytest
from django.http import Http404

from communities.media import media_file


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "funds" / "receipts").mkdir(parents=True)
    (tmp_path / "funds" / "receipts" / "r1.jpg").write_bytes(b"\xff\xd8\xff photo")
    (tmp_path / "roster" / "1").mkdir(parents=True)
    (tmp_path / "roster" / "1" / "abc.xlsx").write_bytes(b"names and phones")
    return tmp_path


def test_a_receipt_photo_is_served(rf, media_root):
    response = media_file(rf.get("/media/funds/receipts/r1.jpg"), "funds/receipts/r1.jpg")
    body = b"".join(response.streaming_content)
    response.file_to_stream.close()  # (response.close() would signal the end of a request)
    assert response.status_code == 200 and body == b"\xff\xd8\xff photo"
    assert response["Content-Type"] == "image/jpeg" and response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.parametrize(
    "path", ["roster/1/abc.xlsx", "funds/../roster/1/abc.xlsx", "./roster/1/abc.xlsx", "../etc/passwd", "."]
)
def test_roster_files_and_paths_outside_are_never_served(rf, media_root, path):
    with pytest.raises(Http404):
        media_file(rf.get("/media/" + path), path)
