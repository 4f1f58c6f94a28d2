"""Phone photos of a certificate, made from its PDF: the page rendered, tilted in perspective,
rotated, blurred, shaded, shrunk to a messenger's width and saved as a JPEG.

Used by the tests (a reduced matrix) and by ``benchmarks/bench_photos.py`` (the full one).
Everything is deterministic: the same page and parameters give the same bytes.
"""
from __future__ import annotations

import io
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

from qujat.verification.geometry import homography

#: The desk the page lies on.
BACKGROUND = (118, 96, 74)


@dataclass(frozen=True)
class Shot:
    """How a photo is taken: ``angle`` in degrees (counter-clockwise), ``tilt`` the share by
    which the far (top) edge looks shorter, ``blur`` a Gaussian radius in pixels of the photo,
    ``quality`` the JPEG quality and ``width`` the photo's width in pixels."""

    angle: float = 0.0
    tilt: float = 0.0
    blur: float = 0.0
    quality: int = 70
    width: int = 1200

    @property
    def label(self) -> str:
        return f"{self.width}px-{self.angle:g}deg-tilt{self.tilt:g}-blur{self.blur:g}-q{self.quality}"


def render_page(pdf: Path, dpi: int = 300, page: int = 1) -> Image.Image:
    """Page ``page`` of ``pdf`` rendered by pdftoppm as an RGB image."""
    out = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                          str(pdf)], capture_output=True, check=True).stdout
    with Image.open(io.BytesIO(out)) as image:
        return image.convert("RGB")


def photograph(page: Image.Image, shot: Shot) -> bytes:
    """The JPEG bytes of a photo of ``page`` taken as ``shot`` says: the whole page in the frame
    with a little of the desk around it."""
    width = shot.width
    ratio = page.height / page.width
    margin = 0.05
    # the page shrunk first (area-averaged), so that the perspective warp does not alias
    scale = width * (1 - 2 * margin) / page.width
    small = page.resize((max(1, round(page.width * scale)), max(1, round(page.height * scale))),
                        Image.Resampling.LANCZOS)
    pw, ph = small.size
    # corners of the page in the photo: the top edge shortened by the tilt, then rotated
    inset = pw * shot.tilt / 2
    corners = [(inset, 0.0), (pw - inset, 0.0), (float(pw), float(ph)), (0.0, float(ph))]
    theta = math.radians(shot.angle)
    cx, cy = pw / 2, ph / 2
    turned = [(cx + (x - cx) * math.cos(theta) + (y - cy) * math.sin(theta),
               cy - (x - cx) * math.sin(theta) + (y - cy) * math.cos(theta)) for x, y in corners]
    xs, ys = [p[0] for p in turned], [p[1] for p in turned]
    fit = min(width * (1 - margin) / (max(xs) - min(xs)), 1.0)
    height = round(width * ratio * (1 + 2 * margin) + (max(ys) - min(ys) - ph) * fit)
    ox = (width - (max(xs) - min(xs)) * fit) / 2 - min(xs) * fit
    oy = (height - (max(ys) - min(ys)) * fit) / 2 - min(ys) * fit
    placed = [(ox + x * fit, oy + y * fit) for x, y in turned]
    source = [(0.0, 0.0), (float(pw), 0.0), (float(pw), float(ph)), (0.0, float(ph))]
    back = homography(placed, source)  # PIL maps each output pixel back to the input
    photo = small.transform((width, height), Image.Transform.PERSPECTIVE, back.coefficients,
                            Image.Resampling.BICUBIC, fillcolor=BACKGROUND)
    # light falling from the upper left: darker towards the lower right
    shade = Image.new("L", (2, 2))
    shade.putdata([255, 230, 230, 205])
    shade = shade.resize((width, height), Image.Resampling.BILINEAR)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (shade, shade, shade)))
    if shot.blur:
        photo = photo.filter(ImageFilter.GaussianBlur(shot.blur))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=shot.quality)
    return out.getvalue()
