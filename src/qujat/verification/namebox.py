"""Where the name is on a picture of a certificate, found from its QR code and the award layout.

The layout (the award definition) places the QR code and the name in millimetres. The four
corners zxing-cpp finds of the code give the map from the page to the picture, so the name's
box can be cut out of a photo taken at any angle and in perspective, rectified, and read. The
corners are right to a pixel, but a photo's QR code is a hundred pixels wide and the name two
hundred millimetres away: an exact homography from them swings the far end of the name by up to
20 mm, an affine fit by 10 mm. So the affine fit places a generous crop, and the name is found in
it as the line of text nearest the middle and the stretch of ink nearest the centre (the name is
centred in its box).
The crop keeps only dark ink: the red diagonal mark of a duplicate (ДУБЛИКАТ) and the
pale guilloche vanish in the red channel.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qujat.certificates.definitions import AwardDefinition, QrElement, TextElement
from qujat.verification.geometry import affine, homography
from qujat.verification.images import FoundCode

if TYPE_CHECKING:
    from PIL import Image

#: The element whose text is the recipient's name.
NAME_ELEMENT = "name"
#: Pixels per millimetre of the rectified crop (about 300 dpi).
CROP_SCALE = 12.0
#: Millimetres added around the name's box, for a page not quite where the code says; the lines
#: of text of the neighbouring boxes this may take in are dropped (:func:`name_lines`).
MARGIN = (25.0, 6.0)
#: A row of the crop is ink when this share of it is dark.
INK_SHARE = 0.002


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
    page_to_picture = affine([(left, top), (right, top), (right, bottom), (left, bottom)], code.corners)
    nl, nt, nr, nb = place.name
    nl, nt, nr, nb = nl - MARGIN[0], nt - MARGIN[1], nr + MARGIN[0], nb + MARGIN[1]
    width, height = round((nr - nl) * CROP_SCALE), round((nb - nt) * CROP_SCALE)
    corners = [page_to_picture.apply(px, py) for px, py in ((nl, nt), (nr, nt), (nr, nb), (nl, nb))]
    crop_to_picture = homography([(0, 0), (width, 0), (width, height), (0, height)], corners)
    rectified = picture.convert("RGB").transform((width, height), Image.Transform.PERSPECTIVE,
                                                 crop_to_picture.coefficients, Image.Resampling.BICUBIC,
                                                 fillcolor=(255, 255, 255))
    red = rectified.getchannel("R")  # red ink (a duplicate's mark) is as light as the paper here
    return name_lines(straightened(ImageOps.autocontrast(red, cutoff=(1, 10))))


def enlarged(crop: Image.Image, times: float) -> Image.Image:
    """``crop`` ``times`` as large (Lanczos; less than 1, smaller): the Latin script's data reads
    a ū at 600 dpi that at 300 it reads as «ūu»."""
    from PIL import Image

    if times == 1:
        return crop
    size = (max(1, round(crop.width * times)), max(1, round(crop.height * times)))
    return crop.resize(size, Image.Resampling.LANCZOS)


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


#: Angles (degrees) tried to straighten the crop: the code's corners, a few pixels each in a
#: small photo, leave the far-off name a little askew.
SKEW_ANGLES = tuple(a / 4 for a in range(-16, 17))


def _profile_score(dark: Image.Image) -> float:
    from PIL import Image

    rows = dark.resize((1, dark.height), Image.Resampling.BOX).tobytes()
    return float(sum(v * v for v in rows))


def straightened(crop: Image.Image) -> Image.Image:
    """``crop`` turned by the angle that makes its lines of text most level (the sharpest rows)."""
    from PIL import Image

    dark = crop.point(lambda v: 255 if v < 128 else 0)
    small = dark.resize((max(1, dark.width // 4), max(1, dark.height // 4)), Image.Resampling.BOX)
    angle = max(SKEW_ANGLES, key=lambda a: (_profile_score(small.rotate(a, Image.Resampling.BILINEAR)), -abs(a)))
    return crop.rotate(angle, Image.Resampling.BICUBIC, fillcolor=255) if angle else crop


def name_lines(crop: Image.Image) -> Image.Image:
    """The lines of text of ``crop`` that make up the name: the line nearest the middle (where
    the layout centres the name) and those next to it of about its height (a name wrapped on
    two lines), without the award's line above or the position's below."""
    from PIL import Image

    width, height = crop.size
    dark = crop.point(lambda v: 255 if v < 128 else 0)
    # rows counted across the middle of the box only: a name is centred, while an emblem or a
    # border that a slightly misplaced crop takes in at a side would make every row look inked
    side = round(MARGIN[0] * CROP_SCALE + 0.15 * (width - 2 * MARGIN[0] * CROP_SCALE))
    middle_part = dark.crop((side, 0, max(side + 1, width - side), height))
    rows = [v / 255 > INK_SHARE for v in middle_part.resize((1, height), Image.Resampling.BOX).tobytes()]
    margin = round(MARGIN[1] * CROP_SCALE)
    # lines of text that reach into the name's box itself (not only the margin around it)
    lines = [(a, b) for a, b in _runs(rows) if b > margin and a < height - margin]
    if not lines:
        return Image.new("L", (width, 32), 255)  # nothing written there
    middle = height / 2
    central = min(range(len(lines)), key=lambda i: max(lines[i][0] - middle, middle - lines[i][1], 0))
    top, bottom = lines[central]
    tall = bottom - top
    for step in (-1, 1):  # a second line of the name, as tall and close
        i = central + step
        if 0 <= i < len(lines):
            start, end = lines[i]
            gap = start - bottom if step > 0 else top - end
            if end - start >= 0.6 * tall and gap <= 0.8 * tall:
                top, bottom = min(top, start), max(bottom, end)
    pad = max(4, tall // 4)
    band = dark.crop((0, top, width, bottom))
    columns = [v > 0 for v in band.resize((width, 1), Image.Resampling.BOX).tobytes()]
    # pieces of ink closer than a line's height are one text; the name is the one at (or
    # nearest) the centre, not an emblem or the border that the margin takes in at a side
    pieces: list[list[int]] = []
    for start, end in _runs(columns):
        if pieces and start - pieces[-1][1] < 0.6 * tall:
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    centre = width / 2
    left, right = min(pieces, key=lambda p: max(p[0] - centre, centre - p[1], 0)) if pieces else (0, width)
    return crop.crop((max(0, left - pad), max(0, top - pad), min(width, right + pad), min(height, bottom + pad)))
