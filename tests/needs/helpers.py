"""Shared pieces of the needs tests: a photo, a partner, a fund, a published need."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communities.models import Role


def photo(name="after.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def partner(world, name="熊爹爹", form="person", community=None, **consents):
    from partners import services

    return services.partner_create(
        community=community or world.home,
        actor=world.staff if community is None else world.outsider,
        consents=services.Consents(data_use=True, **consents),
        form=form,
        name=name,
        kind="active_resident" if form == "person" else "",
    )


def fund(world, name="幸福基金"):
    from funds import services
    from funds.models import Fund

    return services.fund_create(
        community=world.home, compound=world.compound, name=name, kind=Fund.Kind.HAPPINESS, actor=world.admin
    )


def need(world, title="楼道灯不亮", compound=None, actor=None, **extra):
    from needs import services

    return services.need_create(
        compound=compound or world.compound,
        title=title,
        category=extra.pop("category", "safety"),
        channel=extra.pop("channel", "doorstep"),
        actor=actor or world.staff,
        **extra,
    )


__all__ = ["Role", "fund", "need", "partner", "photo"]
