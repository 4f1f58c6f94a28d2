"""Vector decoration of a certificate: a guilloche security border and the award's emblem.

Everything is drawn with reportlab canvas paths (and, for the emblem texts, the fonts the caller
registered): no images, no files, no randomness, no clock. A design is meant to be drawn once
into a form XObject and reused on every page, so the paths are compact: smooth curves are sent
as cubic Bézier segments built from the curve's own derivative (Hermite interpolation), a few per
period, instead of thousands of short lines.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

__all__ = ["EMBLEM_KINDS", "draw_emblem", "draw_guilloche_border"]

#: The emblems draw_emblem knows.
EMBLEM_KINDS: tuple[str, ...] = ("medal", "badge", "none")

RGB = tuple[float, float, float]
#: A parametric curve: t -> (x, y, dx/dt, dy/dt).
Curve = Callable[[float], tuple[float, float, float, float]]

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_TAU = 2 * math.pi
_WHITE: RGB = (1.0, 1.0, 1.0)
_BLACK: RGB = (0.0, 0.0, 0.0)
_RIBBON_BLUE: RGB = (0.11, 0.37, 0.66)


# --------------------------------------------------------------------------- small helpers


def _rgb(value: str) -> RGB:
    """'#rrggbb' as an (r, g, b) triple of floats; anything else raises ValueError."""
    match = _HEX.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"colour {value!r} is not a hex colour '#rrggbb'")
    n = int(match.group(1), 16)
    return ((n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour a fraction t of the way from a to b."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


class _Ops:
    """A path written straight as PDF operators, two decimals a number.

    reportlab's own path object formats every number through a slow pure-Python routine when
    its C accelerator is missing; the long guilloche strands are written through this instead
    and painted with Canvas.addLiteral. It has the path-building methods _hermite uses.
    """

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def moveTo(self, x: float, y: float) -> None:
        self.parts.append(f"{x:.1f} {y:.1f} m")

    def lineTo(self, x: float, y: float) -> None:
        self.parts.append(f"{x:.1f} {y:.1f} l")

    def curveTo(self, x1: float, y1: float, x2: float, y2: float, x3: float,
                y3: float) -> None:
        self.parts.append(f"{x1:.1f} {y1:.1f} {x2:.1f} {y2:.1f} {x3:.1f} {y3:.1f} c")

    def close(self) -> None:
        self.parts.append("h")

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.parts.append(f"{x:.1f} {y:.1f} {w:.1f} {h:.1f} re")

    def circle(self, x: float, y: float, r: float) -> None:
        k = r * 0.5522847498  # the Bézier quarter-circle constant
        self.moveTo(x + r, y)
        self.curveTo(x + r, y + k, x + k, y + r, x, y + r)
        self.curveTo(x - k, y + r, x - r, y + k, x - r, y)
        self.curveTo(x - r, y - k, x - k, y - r, x, y - r)
        self.curveTo(x + k, y - r, x + r, y - k, x + r, y)
        self.close()

    def stroke(self, c: Canvas) -> None:
        """Stroke the path on c with the current stroke colour and line width."""
        if self.parts:
            c.addLiteral(" ".join(self.parts) + " S")

    def clip(self, c: Canvas, even_odd: bool = False) -> None:
        """Intersect c's clipping region with the path (nonzero or even-odd rule)."""
        c.addLiteral(" ".join(self.parts) + (" W* n" if even_odd else " W n"))


def _hermite(path: PDFPathObject | _Ops, curve: Curve, t0: float, t1: float, steps: int, *,
             move: bool = True) -> None:
    """Append curve(t0..t1) to path as `steps` cubic Bézier segments (Hermite interpolation)."""
    h = (t1 - t0) / steps
    k = h / 3
    x0, y0, dx0, dy0 = curve(t0)
    (path.moveTo if move else path.lineTo)(x0, y0)
    for i in range(1, steps + 1):
        x1, y1, dx1, dy1 = curve(t0 + i * h)
        path.curveTo(x0 + dx0 * k, y0 + dy0 * k, x1 - dx1 * k, y1 - dy1 * k, x1, y1)
        x0, y0, dx0, dy0 = x1, y1, dx1, dy1


def _circle(path: PDFPathObject | _Ops, x: float, y: float, r: float) -> None:
    """Append a closed circle (four Bézier quarters) to path."""
    path.circle(x, y, r)


def _polygon(path: PDFPathObject | _Ops, points: Sequence[tuple[float, float]]) -> None:
    """Append a closed polygon to path."""
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()


def _fit_font(text: str, font: str, max_size: float, max_width: float) -> float:
    """The largest font size <= max_size at which text is at most max_width wide."""
    width = stringWidth(text, font, 1.0)
    return max_size if width <= 0 else min(max_size, max_width / width)


# --------------------------------------------------------------------------- guilloche border


def _wave(omega: float, amp: float, drift: float, phase: float) -> Curve:
    """One guilloche strand along a side: a wave with a loop at each crest and trough.

    x = u - drift sin(2 theta), y = amp sin(theta), theta = omega u + phase: the strand swings
    back on itself at the crests (loops when 2 drift omega > 1); |y| <= amp always.
    """
    def f(u: float) -> tuple[float, float, float, float]:
        t = omega * u + phase
        return (u - drift * math.sin(2 * t), amp * math.sin(t),
                1 - 2 * drift * omega * math.cos(2 * t), amp * omega * math.cos(t))
    return f


def _rosette(path: _Ops, cx: float, cy: float, radius: float, lobes: int, inner: float,
             turn: float) -> None:
    """A spirograph figure: z(t) = p e^{it} + q e^{-i(lobes-1)t}, |z| <= radius, `lobes`-fold."""
    q = radius * inner
    p = radius - q
    m = lobes - 1
    ct, st = math.cos(turn), math.sin(turn)

    def f(t: float) -> tuple[float, float, float, float]:
        x = p * math.cos(t) + q * math.cos(m * t)
        y = p * math.sin(t) - q * math.sin(m * t)
        dx = -p * math.sin(t) - q * m * math.sin(m * t)
        dy = p * math.cos(t) - q * m * math.cos(m * t)
        return (cx + x * ct - y * st, cy + x * st + y * ct, dx * ct - dy * st, dx * st + dy * ct)
    _hermite(path, f, 0.0, _TAU, lobes * 4)
    path.close()


def draw_guilloche_border(c: Canvas, width: float, height: float, *, margin: float, band: float,
                          colours: Sequence[str], line_width: float = 0.35) -> None:
    """Draw a guilloche security border in a band `band` pt thick, `margin` pt inside the page.

    Interlaced phase-shifted waves (one strand per colour, 3 to 5 strands; colours cycle when
    fewer are given) run along each side between two thin solid rules on the band's edges;
    a spirograph rosette sits in each corner over the place the sides meet. Every line stays
    inside the band. The canvas state is restored afterwards.
    """
    if band <= 0 or margin < 0 or line_width <= 0:
        raise ValueError("band and line_width must be positive and margin not negative")
    if 2 * (margin + band) >= min(width, height):
        raise ValueError("margin and band leave no room inside the border")
    palette = [_rgb(colour) for colour in colours]
    if not palette:
        raise ValueError("give at least one colour")
    n = min(max(len(palette), 3), 5)
    strands = [palette[i % len(palette)] for i in range(n)]
    rule = min(palette, key=sum)  # the darkest colour draws the rules

    half = band / 2
    x0, y0, x1, y1 = margin, margin, width - margin, height - margin       # outer edge
    centres = [(x0 + half, y0 + half), (x1 - half, y0 + half),             # corner squares,
               (x1 - half, y1 - half), (x0 + half, y1 - half)]             # counter-clockwise
    rosette_r = half - line_width                                          # within the band
    amp = half - 1.5 * line_width - 0.08 * band                            # wave half-height
    period = max(band, 6 * line_width)                                     # target wavelength
    drift = 0.15 * period                                                  # loop size

    c.saveState()
    c.setLineJoin(1)
    c.setLineCap(1)
    c.setLineWidth(line_width)

    if amp > 0:
        # The waves, clipped to the band less the four corner discs (even-odd rule), and each
        # side to its own mitred trapezoid so that neighbouring sides never cross in a corner.
        # Each side holds a whole number of periods, so all four meet their corners alike.
        c.saveState()
        clip = _Ops()
        clip.rect(x0, y0, x1 - x0, y1 - y0)
        clip.rect(x0 + band, y0 + band, x1 - x0 - 2 * band, y1 - y0 - 2 * band)
        for cx, cy in centres:
            clip.circle(cx, cy, half)
        clip.clip(c, even_odd=True)
        for i in range(4):
            (ax, ay), (bx, by) = centres[i], centres[(i + 1) % 4]
            length = math.hypot(bx - ax, by - ay)
            cycles = max(1, round(length / period))
            omega = _TAU * cycles / length
            c.saveState()
            c.translate(ax, ay)
            c.rotate(90 * i)
            side = _Ops()  # local frame: u along the side, v towards the page's middle
            _polygon(side, [(-half, -half), (length + half, -half), (length - half, half),
                            (half, half)])
            side.clip(c)
            for k, colour in enumerate(strands):
                ops = _Ops()
                phase = _TAU * k / n
                # a looped wave out to the band's edges and a plain braid along its middle
                _hermite(ops, _wave(omega, amp, drift, phase), 0.0, length, cycles * 6)
                _hermite(ops, _wave(omega, amp * 0.45, 0.0, phase + math.pi / n), 0.0, length,
                         cycles * 4)
                c.setStrokeColorRGB(*colour)
                ops.stroke(c)
            c.restoreState()
        c.restoreState()

    # The rules on the outer and inner edges of the band.
    c.setStrokeColorRGB(*rule)
    c.setLineWidth(line_width * 2.4)
    c.rect(x0 + line_width * 1.2, y0 + line_width * 1.2, x1 - x0 - line_width * 2.4,
           y1 - y0 - line_width * 2.4, stroke=1, fill=0)
    c.setLineWidth(line_width * 1.6)
    c.rect(x0 + band - line_width * 0.8, y0 + band - line_width * 0.8,
           x1 - x0 - 2 * band + line_width * 1.6, y1 - y0 - 2 * band + line_width * 1.6,
           stroke=1, fill=0)

    # The corner rosettes over the joins: two interlaced twelve-lobed spirographs, a small
    # eight-lobed one in the middle, and a ring.
    if rosette_r > 0:
        c.setLineWidth(line_width)
        for cx, cy in centres:
            for radius, lobes, inner, turn, colour in (
                    (rosette_r, 12, 0.36, 0.0, strands[0]),
                    (rosette_r, 12, 0.36, math.pi / 12, strands[1]),
                    (rosette_r * 0.55, 8, 0.22, 0.0, strands[2])):
                path = _Ops()
                _rosette(path, cx, cy, radius, lobes, inner, turn)
                c.setStrokeColorRGB(*colour)
                path.stroke(c)
            ring = _Ops()
            ring.circle(cx, cy, rosette_r)
            c.setStrokeColorRGB(*rule)
            ring.stroke(c)
    c.restoreState()


# --------------------------------------------------------------------------- emblems


def draw_emblem(c: Canvas, kind: str, cx: float, cy: float, size: float, *,
                colours: Mapping[str, str], top_text: str = "", bottom_text: str = "",
                font: str = "Helvetica", bold_font: str = "Helvetica-Bold") -> None:
    """Draw the emblem `kind` (see EMBLEM_KINDS) centred at (cx, cy), `size` pt across.

    colours: hex colours under "primary", "accent" and "text".
    "medal": the jubilee medal «Астанаға 20 жыл», a brass disc (accent) with a ram's-horn
    ornament ring and the Baiterek monument on a skyline (primary) in its field, hanging from
    a blue ribbon block with a gold stripe (the primary colour if it is a blue); the whole fits
    a box size wide and 1.35 size high centred on (cx, cy). top_text goes above the monument,
    bottom_text below it, straight.
    "badge": the Federation's badge «Кәсіподақтарға сіңірген еңбегі үшін», an eight-pointed
    star (accent and primary points) around a lettered ring (top_text over the top,
    bottom_text under the bottom) and a disc with a laurel wreath and the sun of the flag;
    it fits a box size x size.
    "none": nothing.
    Texts are set in bold_font (registered by the caller; any letters it has, Kazakh
    included), shrunk to fit; `font` is accepted for symmetry with the caller's other fonts.
    Other kinds, missing colours and bad sizes raise ValueError. The canvas state is restored.
    """
    if kind not in EMBLEM_KINDS:
        raise ValueError(f"unknown emblem kind {kind!r}; known kinds: {', '.join(EMBLEM_KINDS)}")
    if kind == "none":
        return
    if size <= 0:
        raise ValueError("emblem size must be positive")
    try:
        palette = {key: _rgb(colours[key]) for key in ("primary", "accent", "text")}
    except KeyError as exc:
        raise ValueError(f"emblem colours lack {exc.args[0]!r}") from None
    c.saveState()
    c.setLineJoin(1)
    c.setLineCap(1)
    if kind == "medal":
        _draw_medal(c, cx, cy, size, palette, top_text, bottom_text, bold_font)
    else:
        _draw_badge(c, cx, cy, size, palette, top_text, bottom_text, bold_font)
    c.restoreState()


def _ram_horns(path: PDFPathObject, frame: Callable[[float, float], tuple[float, float]],
               w: float, h: float) -> None:
    """One қошқар мүйіз (ram's horn) motif in a local box w wide and h high.

    A stem rises from the base and parts into two horns that curl outwards and down, each an
    inward-winding spiral. frame maps local (u, v) (u across, v up from the base) to the page
    and must be a similarity (rotation, scale, shift).
    """
    r0 = min(0.25 * w, 0.36 * h)
    ccy = h - r0                      # the curls' centres: their tops touch the box's top
    ox, oy = frame(0.0, 0.0)
    ex, ey = frame(1.0, 0.0)
    fx, fy = frame(0.0, 1.0)
    path.moveTo(ox, oy)
    path.lineTo(*frame(0.0, ccy))
    turns = 1.2
    for side in (1.0, -1.0):
        ccx = side * r0

        def f(t: float, side: float = side, ccx: float = ccx) -> tuple[float, float, float, float]:
            # from the stem's top (angle pi, mirrored for the left horn) over the top and round
            a = math.pi - t * _TAU * turns
            r = r0 * (1 - 0.7 * t)
            da, dr = -_TAU * turns, -0.7 * r0
            u, v = ccx + side * r * math.cos(a), ccy + r * math.sin(a)
            du = side * (dr * math.cos(a) - r * math.sin(a) * da)
            dv = dr * math.sin(a) + r * math.cos(a) * da
            x, y = frame(u, v)
            return (x, y, (ex - ox) * du + (fx - ox) * dv, (ey - oy) * du + (fy - oy) * dv)
        _hermite(path, f, 0.0, 1.0, 10)
    # a small splayed foot at the base
    for side in (1.0, -1.0):
        path.moveTo(ox, oy)
        path.curveTo(*frame(side * 0.10 * w, 0.0), *frame(side * 0.18 * w, 0.08 * h),
                     *frame(side * 0.16 * w, 0.20 * h))


def _draw_medal(c: Canvas, cx: float, cy: float, size: float, col: Mapping[str, RGB],
                top_text: str, bottom_text: str, bold_font: str) -> None:
    """The jubilee medal «Астанаға 20 жыл»: ribbon block, brass disc, ornament, Baiterek."""
    primary, accent, ink = col["primary"], col["accent"], col["text"]
    dark = _mix(accent, _BLACK, 0.45)
    light = _mix(accent, _WHITE, 0.62)
    rim = size * 0.012
    r_out = size / 2 - rim / 2
    mx, my = cx, cy - 0.175 * size            # the disc's centre: its bottom is the box's bottom
    top = cy + 0.675 * size - rim / 2          # the ribbon block's top edge

    # Ribbon block (pentagon, blue with a gold stripe) and the eyelet joining it to the disc.
    # The medal's ribbon is blue: the primary colour when that is a blue, else a medal blue.
    ribbon = primary if primary[2] > max(primary[0], primary[1]) else _RIBBON_BLUE
    bw, bh, point = 0.40 * size, 0.19 * size, 0.07 * size
    block_bottom = top - bh - point
    c.setLineWidth(rim)
    c.setStrokeColorRGB(*dark)
    eyelet = c.beginPath()
    ey = (block_bottom + my + r_out) / 2
    _circle(eyelet, mx, ey, (block_bottom - (my + r_out)) / 2 + rim)
    c.drawPath(eyelet, stroke=1, fill=0)
    outline = [(mx - bw / 2, top), (mx + bw / 2, top), (mx + bw / 2, top - bh),
               (mx, block_bottom), (mx - bw / 2, top - bh)]
    block = c.beginPath()
    _polygon(block, outline)
    c.saveState()
    c.clipPath(block, stroke=0, fill=0)
    c.setFillColorRGB(*ribbon)
    c.rect(mx - bw / 2, block_bottom, bw, top - block_bottom, stroke=0, fill=1)
    c.setFillColorRGB(*_mix(ribbon, _WHITE, 0.28))
    for k in (-1, 1):  # lighter bands either side, a moiré ribbon hint
        c.rect(mx + k * bw * 0.32 - bw * 0.07, block_bottom, bw * 0.14, top - block_bottom,
               stroke=0, fill=1)
    c.setFillColorRGB(*accent)
    c.rect(mx - bw * 0.035, block_bottom, bw * 0.07, top - block_bottom, stroke=0, fill=1)
    c.restoreState()
    c.setLineWidth(rim)
    block = c.beginPath()
    _polygon(block, outline)
    c.drawPath(block, stroke=1, fill=0)

    # The brass disc and its rim.
    c.setFillColorRGB(*accent)
    disc = c.beginPath()
    _circle(disc, mx, my, r_out)
    c.drawPath(disc, stroke=1, fill=1)
    c.setLineWidth(rim * 0.45)
    ring = c.beginPath()
    _circle(ring, mx, my, r_out * 0.93)
    c.drawPath(ring, stroke=1, fill=0)

    # The ornament ring: ram's-horn motifs pointing outwards, alternating with small dots.
    r_in = r_out * 0.74
    r_base, r_top = r_out * 0.775, r_out * 0.905
    count = 16
    motif = c.beginPath()
    dots = c.beginPath()
    for i in range(count):
        a = math.pi / 2 + _TAU * i / count
        ca, sa = math.cos(a), math.sin(a)

        def frame(u: float, v: float, ca: float = ca, sa: float = sa) -> tuple[float, float]:
            r = r_base + v
            return (mx + r * ca - u * sa, my + r * sa + u * ca)
        _ram_horns(motif, frame, _TAU * (r_base + r_top) / 2 / count * 0.72, r_top - r_base)
        b = a + math.pi / count
        _circle(dots, mx + (r_base + r_top) / 2 * math.cos(b), my + (r_base + r_top) / 2 * math.sin(b),
                size * 0.007)
    c.setLineWidth(size * 0.0075)
    c.drawPath(motif, stroke=1, fill=0)
    c.setFillColorRGB(*dark)
    c.drawPath(dots, stroke=0, fill=1)

    # The inner field.
    c.setLineWidth(rim * 0.8)
    c.setFillColorRGB(*light)
    field = c.beginPath()
    _circle(field, mx, my, r_in)
    c.drawPath(field, stroke=1, fill=1)
    c.saveState()
    field = c.beginPath()
    _circle(field, mx, my, r_in - rim * 0.4)
    c.clipPath(field, stroke=0, fill=0)
    _skyline(c, mx, my, r_in, _mix(primary, light, 0.62))
    _baiterek(c, mx, my, r_in, primary, accent, dark)
    c.restoreState()

    # The texts, straight, above and below the monument, fitted inside the field.
    c.setFillColorRGB(*ink)
    cap = 0.7  # cap height per point of font size, near enough for PT Serif and Helvetica
    if top_text:
        base = my + r_in * 0.50
        size_ = _fit_font(top_text, bold_font, r_in * 0.27, 2 * r_in * 0.70)
        y_top = base + cap * size_ - my
        half = math.sqrt(max(r_in * r_in - y_top * y_top, 0.0)) - r_in * 0.08
        size_ = _fit_font(top_text, bold_font, size_, 2 * half)
        c.setFont(bold_font, size_)
        c.drawCentredString(mx, base, top_text)
    if bottom_text:
        base = my - r_in * 0.76
        size_ = _fit_font(bottom_text, bold_font, r_in * 0.23, 2 * r_in * 0.62)
        half = math.sqrt(max(r_in * r_in - (base - my) ** 2, 0.0)) - r_in * 0.08
        size_ = _fit_font(bottom_text, bold_font, size_, 2 * half)
        c.setFont(bold_font, size_)
        c.drawCentredString(mx, base, bottom_text)


def _skyline(c: Canvas, mx: float, my: float, r: float, colour: RGB) -> None:
    """Hinted Astana skyline either side of the monument, on a ground line (unit: field radius)."""
    ground = my - 0.40 * r
    path = c.beginPath()

    def box(x: float, w: float, h: float) -> None:
        path.rect(mx + x * r, ground, w * r, h * r)
    # left: the Khan Shatyr tent, two towers
    path.moveTo(mx - 0.86 * r, ground)
    path.curveTo(mx - 0.80 * r, ground + 0.10 * r, mx - 0.70 * r, ground + 0.26 * r,
                 mx - 0.62 * r, ground + 0.36 * r)
    path.curveTo(mx - 0.60 * r, ground + 0.22 * r, mx - 0.52 * r, ground + 0.08 * r,
                 mx - 0.46 * r, ground)
    path.close()
    box(-0.42, 0.08, 0.30)
    box(-0.32, 0.07, 0.22)
    path.moveTo(mx - 0.42 * r, ground + 0.30 * r)
    path.lineTo(mx - 0.38 * r, ground + 0.36 * r)
    path.lineTo(mx - 0.34 * r, ground + 0.30 * r)
    path.close()
    # right: the Ak Orda dome with its spire, a stepped tower, a low block
    box(0.24, 0.20, 0.16)
    path.moveTo(mx + 0.26 * r, ground + 0.16 * r)
    path.curveTo(mx + 0.26 * r, ground + 0.27 * r, mx + 0.42 * r, ground + 0.27 * r,
                 mx + 0.42 * r, ground + 0.16 * r)
    path.close()
    path.rect(mx + 0.335 * r, ground + 0.24 * r, 0.01 * r, 0.12 * r)
    box(0.48, 0.09, 0.34)
    box(0.50, 0.05, 0.40)
    box(0.60, 0.22, 0.14)
    c.setFillColorRGB(*colour)
    c.drawPath(path, stroke=0, fill=1)
    c.setStrokeColorRGB(*colour)
    c.setLineWidth(r * 0.012)
    c.line(mx - r, ground, mx + r, ground)


def _baiterek(c: Canvas, mx: float, my: float, r: float, colour: RGB, gold: RGB, dark: RGB) -> None:
    """The Baiterek monument: a slender tapering column, branches cradling a golden sphere."""
    ground = my - 0.40 * r
    neck = my + 0.08 * r           # where the column opens into branches
    sphere_y, sphere_r = my + 0.245 * r, 0.115 * r
    c.setFillColorRGB(*colour)
    c.setStrokeColorRGB(*colour)
    body = c.beginPath()
    # plinth
    _polygon(body, [(mx - 0.15 * r, ground), (mx + 0.15 * r, ground), (mx + 0.11 * r, ground + 0.045 * r),
                    (mx - 0.11 * r, ground + 0.045 * r)])
    # column, tapering upwards, with slightly concave sides
    body.moveTo(mx - 0.055 * r, ground + 0.045 * r)
    body.curveTo(mx - 0.035 * r, my - 0.12 * r, mx - 0.02 * r, my, mx - 0.018 * r, neck)
    body.lineTo(mx + 0.018 * r, neck)
    body.curveTo(mx + 0.02 * r, my, mx + 0.035 * r, my - 0.12 * r, mx + 0.055 * r, ground + 0.045 * r)
    body.close()
    c.drawPath(body, stroke=0, fill=1)
    # a light line down the column
    c.setStrokeColorRGB(*_mix(colour, _WHITE, 0.55))
    c.setLineWidth(r * 0.008)
    c.line(mx, ground + 0.06 * r, mx, neck - 0.01 * r)
    # branches: from the neck, up and out around the sphere, tips flaring outwards like an
    # open cup; the outer ones pass behind the sphere, the inner ones in front of its lower half
    def branches(tips: Sequence[tuple[float, float, float]], width: float) -> None:
        path = c.beginPath()
        for tip_x, tip_y, slope in tips:   # tip in sphere radii from its centre; tangent angle
            a = math.radians(slope)
            for s in (-1, 1):
                tx, ty = mx + s * tip_x * sphere_r, sphere_y + tip_y * sphere_r
                reach = (ty - neck) * 0.55
                path.moveTo(mx + s * 0.01 * r, neck - 0.03 * r)
                path.curveTo(mx + s * 0.15 * tip_x * sphere_r, neck + 0.35 * (ty - neck),
                             tx - s * math.cos(a) * reach, ty - math.sin(a) * reach, tx, ty)
        c.setStrokeColorRGB(*colour)
        c.setLineWidth(width)
        c.drawPath(path, stroke=1, fill=0)

    branches(((1.12, -0.25, 62), (1.35, 0.12, 55), (1.5, 0.5, 48)), r * 0.016)
    # the sphere, with a highlight
    c.setFillColorRGB(*gold)
    c.setStrokeColorRGB(*dark)
    c.setLineWidth(r * 0.012)
    ball = c.beginPath()
    _circle(ball, mx, sphere_y, sphere_r)
    c.drawPath(ball, stroke=1, fill=1)
    c.setFillColorRGB(*_mix(gold, _WHITE, 0.6))
    shine = c.beginPath()
    _circle(shine, mx - 0.04 * r, sphere_y + 0.04 * r, 0.03 * r)
    c.drawPath(shine, stroke=0, fill=1)
    branches(((0.55, -0.62, 55), (0.88, -0.38, 52)), r * 0.013)


def _draw_badge(c: Canvas, cx: float, cy: float, size: float, col: Mapping[str, RGB],
                top_text: str, bottom_text: str, bold_font: str) -> None:
    """The badge «Кәсіподақтарға сіңірген еңбегі үшін»: star, lettered ring, wreath, sun."""
    primary, accent, ink = col["primary"], col["accent"], col["text"]
    dark = _mix(accent, _BLACK, 0.45)
    light_gold = _mix(accent, _WHITE, 0.35)
    lw = size * 0.006
    R = size / 2 - lw
    c.setLineWidth(lw)

    # The eight-pointed star: eight gold points with blue enamel points between them, each
    # point faceted (a light and a shaded half) and outlined.
    c.setStrokeColorRGB(*dark)

    def point(angle: float, length: float, shoulder: float, width: float, light: RGB,
              shade: RGB) -> None:
        tip = (cx + length * math.cos(angle), cy + length * math.sin(angle))
        for side, colour in ((1, light), (-1, shade)):
            a = angle + side * width
            facet = c.beginPath()
            _polygon(facet, [(cx, cy), (cx + shoulder * math.cos(a), cy + shoulder * math.sin(a)), tip])
            c.setFillColorRGB(*colour)
            c.drawPath(facet, stroke=0, fill=1)
        outline = c.beginPath()
        a, b = angle + width, angle - width
        _polygon(outline, [(cx, cy), (cx + shoulder * math.cos(a), cy + shoulder * math.sin(a)), tip,
                           (cx + shoulder * math.cos(b), cy + shoulder * math.sin(b))])
        c.setLineWidth(lw)
        c.drawPath(outline, stroke=1, fill=0)

    for i in range(8):
        point(math.pi / 8 + i * math.pi / 4, R * 0.84, R * 0.62, math.radians(10),
              _mix(primary, _WHITE, 0.3), primary)
    for i in range(8):
        point(math.pi / 2 + i * math.pi / 4, R, R * 0.62, math.radians(13), light_gold, accent)

    # The lettered ring and the central disc.
    r_ring, r_disc = R * 0.60, R * 0.42
    c.setStrokeColorRGB(*dark)
    c.setLineWidth(lw * 1.6)
    c.setFillColorRGB(*accent)
    disc = c.beginPath()
    _circle(disc, cx, cy, r_ring + lw * 3)
    c.drawPath(disc, stroke=1, fill=1)
    c.setLineWidth(lw)
    c.setFillColorRGB(*_mix(accent, _WHITE, 0.82))
    disc = c.beginPath()
    _circle(disc, cx, cy, r_ring)
    c.drawPath(disc, stroke=1, fill=1)
    c.setFillColorRGB(*primary)
    c.setLineWidth(lw * 1.4)
    disc = c.beginPath()
    _circle(disc, cx, cy, r_disc)
    c.drawPath(disc, stroke=1, fill=1)

    # Small stars at 3 and 9 o'clock separating the texts.
    c.setFillColorRGB(*accent)
    stars = c.beginPath()
    r_mid = (r_ring + r_disc) / 2
    band = r_ring - r_disc
    for s in (-1, 1):
        sx = cx + s * r_mid
        pts = []
        for j in range(10):
            a = math.pi / 2 + j * math.pi / 5
            rr = band * (0.28 if j % 2 == 0 else 0.12)
            pts.append((sx + rr * math.cos(a), cy + rr * math.sin(a)))
        _polygon(stars, pts)
    c.setStrokeColorRGB(*dark)
    c.setLineWidth(lw * 0.6)
    c.drawPath(stars, stroke=1, fill=1)

    # Texts on the ring.
    c.setFillColorRGB(*ink)
    font_size = band * 0.62
    for text, upper in ((top_text, True), (bottom_text, False)):
        if text:
            _arc_text(c, cx, cy, r_mid, text, bold_font, font_size, upper, math.radians(140))

    # The wreath and the sun of the flag inside the disc.
    _wreath(c, cx, cy, r_disc * 0.80, accent, dark, lw)
    _sun(c, cx, cy, r_disc * 0.42, light_gold, dark, lw)


def _arc_text(c: Canvas, cx: float, cy: float, r_mid: float, text: str, font: str, size: float,
              upper: bool, max_angle: float) -> None:
    """Letter text along a circle of radius r_mid: over the top (upper) or under the bottom,
    reading left to right and upright, shrunk to fit within max_angle of arc."""
    width = stringWidth(text, font, size)
    if width / r_mid > max_angle:
        size *= max_angle * r_mid / width
    cap = 0.7 * size
    r_base = r_mid - cap / 2 if upper else r_mid + cap / 2
    widths = [stringWidth(ch, font, size) for ch in text]
    total = sum(widths) / r_mid
    pos = -total / 2
    c.setFont(font, size)
    for ch, w in zip(text, widths):
        centre = pos + w / r_mid / 2
        pos += w / r_mid
        if ch.isspace():
            continue
        a = math.pi / 2 - centre if upper else -math.pi / 2 + centre
        c.saveState()
        c.translate(cx + r_base * math.cos(a), cy + r_base * math.sin(a))
        c.rotate(math.degrees(a - math.pi / 2) if upper else math.degrees(a + math.pi / 2))
        c.drawCentredString(0, 0, ch)
        c.restoreState()


def _leaf(path: PDFPathObject, x: float, y: float, angle: float, length: float) -> None:
    """A laurel leaf from (x, y) pointing along angle."""
    ca, sa = math.cos(angle), math.sin(angle)
    w = length * 0.34

    def at(u: float, v: float) -> tuple[float, float]:
        return (x + u * ca - v * sa, y + u * sa + v * ca)
    path.moveTo(*at(0, 0))
    path.curveTo(*at(length * 0.3, w), *at(length * 0.75, w * 0.8), *at(length, 0))
    path.curveTo(*at(length * 0.75, -w * 0.8), *at(length * 0.3, -w), *at(0, 0))
    path.close()


def _wreath(c: Canvas, cx: float, cy: float, r: float, gold: RGB, dark: RGB, lw: float) -> None:
    """Two laurel branches rising from the bottom of a circle of radius r, open at the top."""
    stems = c.beginPath()
    leaves = c.beginPath()
    start, end = math.radians(-80), math.radians(62)
    steps = 7
    for s in (1, -1):
        # the stem: an arc from near the bottom up the side
        def arc(t: float, s: float = s) -> tuple[float, float, float, float]:
            a = start + (end - start) * t
            da = end - start
            return (cx + s * r * math.cos(a), cy + r * math.sin(a),
                    -s * r * math.sin(a) * da, r * math.cos(a) * da)
        _hermite(stems, arc, 0.0, 1.0, 4)
        for j in range(steps):
            t = (j + 0.5) / steps
            a = start + (end - start) * t
            px, py = cx + s * r * math.cos(a), cy + r * math.sin(a)
            tangent = a + math.pi / 2 if s == 1 else math.pi - (a + math.pi / 2)
            length = r * (0.42 - 0.2 * t)
            for side in (1, -1):
                _leaf(leaves, px, py, tangent + s * side * 0.55, length)
    c.setStrokeColorRGB(*gold)
    c.setLineWidth(lw * 1.5)
    c.drawPath(stems, stroke=1, fill=0)
    c.setFillColorRGB(*gold)
    c.setStrokeColorRGB(*dark)
    c.setLineWidth(lw * 0.5)
    c.drawPath(leaves, stroke=1, fill=1)


def _sun(c: Canvas, cx: float, cy: float, r: float, gold: RGB, dark: RGB, lw: float) -> None:
    """The sun of the Kazakh flag: a disc and 32 rays, r to the rays' tips."""
    rays = c.beginPath()
    inner, disc = r * 0.58, r * 0.46
    for i in range(32):
        a = _TAU * i / 32
        tip = r if i % 2 == 0 else r * 0.86
        half = math.pi / 32 * 0.55
        _polygon(rays, [(cx + inner * math.cos(a - half), cy + inner * math.sin(a - half)),
                        (cx + tip * math.cos(a), cy + tip * math.sin(a)),
                        (cx + inner * math.cos(a + half), cy + inner * math.sin(a + half))])
    c.setFillColorRGB(*gold)
    c.drawPath(rays, stroke=0, fill=1)
    c.setStrokeColorRGB(*dark)
    c.setLineWidth(lw * 0.8)
    body = c.beginPath()
    _circle(body, cx, cy, disc)
    c.drawPath(body, stroke=1, fill=1)
