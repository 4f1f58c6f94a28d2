"""Where the name is on a picture of a certificate, found from its QR code and the award layout.

The layout (the award definition) places the QR code and the name in millimetres. The four
corners zxing-cpp finds of the code give the homography from the page to the picture, so the
name's box can be cut out of a photo taken at any angle and in perspective, rectified, and read.
The crop keeps only dark ink: the red diagonal mark of a duplicate (ДУБЛИКАТ) and the
pale guilloche vanish in the red channel.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qujat.certificates.definitions import AwardDefinition, QrElement, TextElement
from qujat.verification.geometry import homography
from qujat.verification.images import FoundCode

if TYPE_CHECKING:
    from PIL import Image

#: The element whose text is the recipient's name.
NAME_ELEMENT = "name"
#: Pixels per millimetre of the rectified crop (about 300 dpi).
CROP_SCALE = 12.0
#: Millimetres added around the name's box, for a page not quite where the code says.
MARGIN = (6.0, 3.0)


@dataclass(frozen=True)
class Placement:
    """Where a QR code sat on the page (mm from the top left; its side including the quiet
    zone), and the name's box (left, top, right, bottom, mm)."""

    qr: tuple[float, float, float]
    name: tuple[float, float, float, float]


def placements(award: AwardDefinition) -> Iterator[Placement]:
    """The award's QR code as its layout puts it now, then where earlier certificates had it."""
    qr = next((e for e in award.elements if isinstance(e, QrElement)), None)
    name = next((e for e in award.elements if isinstance(e, TextElement) and e.id == NAME_ELEMENT), None)
    if qr is None or name is None:
        return
    box = name.box()
    yield Placement((qr.x, qr.y, qr.size), box)
    for place in qr.earlier:
        yield Placement((place.x, place.y, place.size), box)


def name_crop(picture: Image.Image, code: FoundCode, place: Placement) -> Image.Image:
    """The name's box cut out of ``picture`` and rectified, as dark ink on white (greyscale)."""
    from PIL import Image, ImageOps

    x, y, size = place.qr
    module = size / (code.modules + 8)
    left, top, right, bottom = x + 4 * module, y + 4 * module, x + size - 4 * module, y + size - 4 * module
    page_to_picture = homography([(left, top), (right, top), (right, bottom), (left, bottom)], code.corners)
    nl, nt, nr, nb = place.name
    nl, nt, nr, nb = nl - MARGIN[0], nt - MARGIN[1], nr + MARGIN[0], nb + MARGIN[1]
    width, height = round((nr - nl) * CROP_SCALE), round((nb - nt) * CROP_SCALE)
    corners = [page_to_picture.apply(px, py) for px, py in ((nl, nt), (nr, nt), (nr, nb), (nl, nb))]
    crop_to_picture = homography([(0, 0), (width, 0), (width, height), (0, height)], corners)
    rectified = picture.convert("RGB").transform((width, height), Image.Transform.PERSPECTIVE,
                                                 crop_to_picture.coefficients, Image.Resampling.BICUBIC,
                                                 fillcolor=(255, 255, 255))
    red = rectified.getchannel("R")  # red ink (a duplicate's mark) is as light as the paper here
    return ImageOps.autocontrast(red, cutoff=(1, 10))
