"""Pictures of certificates: opened safely, and their QR codes found however the photo was taken.

zxing-cpp reads the codes. A whole-page photo at messenger size gives the code's modules two or
three pixels each, so when the picture as it is yields nothing it is tried again enlarged,
then the corner where the award layouts put the code (lower right) and the other quarters
enlarged more, then with a global threshold and sharpened: the first attempt that reads a code
ends the search.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qujat.errors import Location, QujatError
from qujat.messages import M_, Number, os_reason
from qujat.verification.geometry import Point

if TYPE_CHECKING:
    from PIL import Image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif")
#: The most pixels a picture may have; a 200-megapixel phone's photo is within, a
#: decompression bomb is not. Checked from the file's header, before anything is decoded.
MAX_PIXELS = 200_000_000
#: Pictures are searched at this longer side at most (larger ones are shrunk first).
WORK_SIDE = 2600


@dataclass(frozen=True)
class FoundCode:
    """A QR code read from a picture: what it carries, and its four corners in the picture's
    pixels, in the symbol's own order (top left, top right, bottom right, bottom left), and its
    side in modules."""

    content: bytes
    corners: tuple[Point, Point, Point, Point]
    modules: int


@dataclass(frozen=True)
class Search:
    """The codes found in a picture, and whether a code was seen that could not be decoded."""

    codes: tuple[FoundCode, ...]
    seen_unreadable: bool = False


def open_picture(path: Path) -> Image.Image:
    """The picture at ``path`` as RGB, turned upright as its EXIF says; a :class:`QujatError`
    in one line for a file that is not a picture, is damaged, or has too many pixels."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(path)
    except Image.DecompressionBombError:
        raise QujatError(M_("the picture has more than %(count)s pixels; take a smaller one", code="picture.too-large",
                            count=Number(MAX_PIXELS)), Location(str(path))) from None
    except UnidentifiedImageError:
        raise QujatError(M_("not a picture qujat can read (empty, damaged, or of another kind): give a JPEG, PNG or "
                            "PDF", code="picture.unknown"), Location(str(path))) from None
    except OSError as exc:
        raise QujatError(M_("cannot be read: %(reason)s", code="file.unreadable", reason=os_reason(exc)),
                         Location(str(path))) from None
    with picture:
        width, height = picture.size
        if width * height > MAX_PIXELS:
            raise QujatError(M_("the picture has more than %(count)s pixels (%(width)s × %(height)s); take a "
                                "smaller one",
                                code="picture.too-large-sized", count=Number(MAX_PIXELS), width=Number(width),
                                height=Number(height)), Location(str(path)))
        try:
            if picture.format == "JPEG" and max(width, height) > 2 * WORK_SIDE:
                picture.draft("RGB", (width // 2, height // 2))  # decoded at half size, much faster
            upright = ImageOps.exif_transpose(picture)
            return (upright or picture).convert("RGB")
        except (OSError, ValueError, SyntaxError) as exc:
            raise QujatError(M_("the picture is damaged and cannot be read (%(detail)s)", code="picture.damaged",
                                detail=str(exc)), Location(str(path))) from None


def _attempts(grey: Image.Image) -> Iterator[tuple[Image.Image, float, Point, object]]:
    """Versions of the picture to read, each with its scale, where its corner lies in the
    picture and the binarizer: cheapest first."""
    import zxingcpp
    from PIL import Image, ImageFilter

    local, histogram = zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.GlobalHistogram
    width, height = grey.size
    yield grey, 1.0, (0.0, 0.0), local
    if max(width, height) <= 1800:
        double = grey.resize((width * 2, height * 2), Image.Resampling.BICUBIC)
        yield double, 2.0, (0.0, 0.0), local
    # quarters of the picture (half its width and height, overlapping), the lower right first
    for fx, fy in ((0.5, 0.5), (0.0, 0.5), (0.5, 0.0), (0.0, 0.0), (0.25, 0.25)):
        box = (round(width * fx), round(height * fy), round(width * (fx + 0.5)), round(height * (fy + 0.5)))
        part = grey.crop(box)
        scale = max(1.0, min(3.0, 1600 / max(part.size)))
        if scale > 1:
            part = part.resize((round(part.width * scale), round(part.height * scale)), Image.Resampling.BICUBIC)
        for binarizer in (local, histogram):
            yield part, scale, (float(box[0]), float(box[1])), binarizer
        sharp = part.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=2))
        yield sharp, scale, (float(box[0]), float(box[1])), local


def find_codes(picture: Image.Image) -> Search:
    """The QR codes in ``picture`` (any mode), with their corners in its pixels."""
    import zxingcpp
    from PIL import Image

    grey = picture.convert("L")
    shrink = 1.0
    if max(grey.size) > WORK_SIDE:
        shrink = WORK_SIDE / max(grey.size)
        grey = grey.resize((round(grey.width * shrink), round(grey.height * shrink)), Image.Resampling.BOX)
    darkest, lightest = (float(v) for v in grey.getextrema() if not isinstance(v, tuple))
    if lightest - darkest < 64:
        return Search(())  # a blank page: no ink to read a code from
    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    unreadable = False
    for image, scale, (left, top), binarizer in _attempts(grey):
        results = zxingcpp.read_barcodes(image, formats=formats, binarizer=binarizer,  # type: ignore[arg-type]
                                         return_errors=True)
        good = [r for r in results if r.valid]
        unreadable = unreadable or len(good) < len(results)
        if good:
            found = []
            for r in good:
                p = r.position
                corners = tuple(((pt.x / scale + left) / shrink, (pt.y / scale + top) / shrink)
                                for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
                extra: dict[str, object] = dict(r.extra)  # type: ignore[call-overload]
                version = int(str(extra.get("Version") or 0))
                found.append(FoundCode(bytes(r.bytes), corners, 17 + 4 * version))  # type: ignore[arg-type]
            return Search(tuple(found), unreadable)
    return Search((), unreadable)
