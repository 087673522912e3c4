"""Permission-matrix rows of the communities app."""

from communities.models import Role
from tests.matrix import (
    PERSONAS,
    Case,
    compound,
    household,
    invitation,
    membership,
    other_compound,
    other_household,
    other_invitation,
    other_membership,
    public_page,
    staff_page,
)


def _minutes_photo(community, actor) -> str:
    """The name of a private file of the community: a minutes photo (private storage)."""
    import datetime
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from funds.services import approval_record

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    approval = approval_record(
        community=community,
        meeting_name="议事会",
        decided_on=datetime.date(2026, 1, 5),
        minutes_photo=SimpleUploadedFile("m.jpg", buffer.getvalue()),
        actor=actor,
    )
    return approval.minutes_photo.name


def private_file(w):
    return {"slug": w.home.slug, "name": _minutes_photo(w.home, w.treasurer)}


def other_private_file(w):
    return {"slug": w.home.slug, "name": _minutes_photo(w.other, w.outsider)}


ROWS = {
    # The landing page for visitors; a member of one community is taken straight to it.
    "home": Case(expect={"anon": 200, **dict.fromkeys(PERSONAS[1:], 302)}),
    "set_language": public_page(status=302),  # GET redirects back without changing anything
    "text_size": public_page(status=405),  # POST only
    "favicon": public_page(status=301),  # to the icon among the static files
    "invitation_accept": public_page(kwargs=lambda w: {"token": "not-a-real-token"}, status=404),
    "public_board": public_page(kwargs=lambda w: {"token": w.compound.public_token}),
    "public_notice": public_page(kwargs=lambda w: {"token": w.compound.public_token}),
    # Without a verified household (no 户码 entered) the household's page sends the visitor to the board.
    "public_household": public_page(kwargs=lambda w: {"token": w.compound.public_token}, status=302),
    "public_leave": public_page(kwargs=lambda w: {"token": w.compound.public_token}, status=405),  # POST only
    "communities:settings": staff_page(Role.ADMIN),
    "communities:home": staff_page(Role.OBSERVER),
    "communities:compound": staff_page(Role.OBSERVER, compound, cross=other_compound),
    "communities:compound_create": staff_page(Role.ADMIN),
    "communities:compound_edit": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:compound_slips": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:household_create": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:household_search": staff_page(Role.OBSERVER),
    "communities:household": staff_page(Role.OBSERVER, household, cross=other_household),
    "communities:household_edit": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_change_head": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_change_occupancy": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_regenerate_code": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:household_slip": staff_page(Role.ADMIN, household, cross=other_household),
    "communities:staff": staff_page(Role.ADMIN),
    "communities:invitation_create": staff_page(Role.ADMIN),
    "communities:invitation_revoke": staff_page(Role.ADMIN, invitation, cross=other_invitation),
    "communities:membership_edit": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:membership_remove": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:membership_password_link": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:membership_reset_mfa": staff_page(Role.ADMIN, membership, cross=other_membership),
    "communities:audit": staff_page(Role.ADMIN),
    # Private files (minutes photos): any member of the file's community; another community's file is a 404.
    "communities:private_file": staff_page(Role.OBSERVER, private_file, cross=other_private_file),
}
