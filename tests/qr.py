"""Reading a QR code back, as a phone's camera would: the inline SVG a page prints (segno's one path of
horizontal runs) drawn as an image, or a screenshot of it, decoded by zxing-cpp."""

import io
import re

import zxingcpp
from PIL import Image, ImageDraw

_COMMAND = re.compile(r"([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?")


def svg_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """(size in modules, the dark modules as (column, row)) of a segno SVG: its viewBox divided by the
    path's scale; "M x y" / "m dx dy" move to a row's centre line, "h n" darkens n modules."""
    box = float(re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1))
    scale_match = re.search(r'transform="scale\(([\d.]+)\)"', svg)
    scale = float(scale_match.group(1)) if scale_match else 1.0
    path = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, first, second in _COMMAND.findall(path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            run = float(first) if command == "h" else float(first) - x
            for column in range(int(round(x)), int(round(x + run))):
                dark.add((column, int(y)))
            x += run
    return round(box / scale), dark


def svg_image(svg: str, pixels: int = 8) -> Image.Image:
    size, dark = svg_modules(svg)
    image = Image.new("L", ((size + 8) * pixels,) * 2, 255)  # a generous quiet zone, as paper has
    draw = ImageDraw.Draw(image)
    for column, row in dark:
        left, top = (column + 4) * pixels, (row + 4) * pixels
        draw.rectangle([left, top, left + pixels - 1, top + pixels - 1], fill=0)
    return image


def decode_image(image: Image.Image) -> str:
    """The text of the one QR code in the image (fails if there is none)."""
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found in the image"
    return found[0].text


def decode_svg(svg: str) -> str:
    return decode_image(svg_image(svg))


def decode_png(data: bytes) -> str:
    return decode_image(Image.open(io.BytesIO(data)).convert("L"))
