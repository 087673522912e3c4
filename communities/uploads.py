"""Where uploaded files are kept and under which names, for every app.

- **Random names.** `upload_to=RandomName("funds/receipts")` stores each file as `funds/receipts/<32 hex>.jpg`:
  no name anyone could guess (the first minutes photo was once `/media/funds/minutes/minutes.jpg`), and no
  uploader's own file name in the path.
- **Private files.** What residents must not read (minutes photos, later evidence) goes to
  `storage=private_storage`: `STORAGES["private"]`, outside MEDIA_ROOT (`var/private` locally; a private prefix
  of the bucket, signed addresses that expire after PRIVATE_URL_SECONDS, on S3 in production). Nothing serves
  it directly: `communities:private_file` (communities/private_views.py) answers only the staff of the
  community whose row holds the file. A model field that uses `private_storage` is found by that view
  (`private_file_owned_by`), provided its model carries `community`, as every tenant model does.
- Public files (receipt photos on published ledgers) stay in the default storage, shown at its address.
"""

import re
import secrets
from functools import cache
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.utils.deconstruct import deconstructible

# A signed address of a private file is good for this long (S3), and the view never asks for longer.
PRIVATE_URL_SECONDS = 300


@deconstructible(path="communities.uploads.RandomName")
class RandomName:
    """A callable upload_to: `<folder>/<128 random bits in hex><the file's own suffix>`."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename or "").suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
            suffix = ".bin"
        return f"{self.folder}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


class PrivateFileSystemStorage(FileSystemStorage):
    """The private storage on a disk (local and production without S3): a folder outside MEDIA_ROOT, so that
    nothing that serves media serves it."""


def _forward(name: str):
    def method(self, *args, **kwargs):
        return getattr(self.backend, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"STORAGES['private'].{name}"
    return method


class PrivateStorage(Storage):
    """What a private file field holds: forwards every call to `STORAGES["private"]`, looked up at each call.

    So the backend is chosen when a file is used, not when models are imported (a test may switch it; S3's
    client is imported only when a file is stored)."""

    @property
    def backend(self) -> Storage:
        return storages["private"]


for _name in (
    "open",
    "save",
    "delete",
    "exists",
    "listdir",
    "size",
    "url",
    "path",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
    "generate_filename",
    "get_available_name",
    "get_alternative_name",
    "get_valid_name",
):
    setattr(PrivateStorage, _name, _forward(_name))


_PRIVATE = PrivateStorage()


def private_storage() -> PrivateStorage:
    """`storage=private_storage` on a FileField (a callable, so migrations name it instead of a backend)."""
    return _PRIVATE


@cache
def private_fields() -> tuple[tuple[type[models.Model], str], ...]:
    """(model, field name) of every file field in the private storage."""
    from django.apps import apps

    return tuple(
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and field.storage is _PRIVATE
    )


def private_file_owned_by(community, name: str) -> bool:
    """Whether a row of this community holds the private file `name` (a file of another community, or of no
    row, is not the community's)."""
    if not name:
        return False
    return any(
        model._default_manager.filter(community=community, **{field: name}).exists()
        for model, field in private_fields()
    )
