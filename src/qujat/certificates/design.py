"""Drawing certificates: the fixed background once per design, the personal texts per page.

A certificate is in one language (``kk``) or two (``kk+ru``, first language above): see
:func:`make_design`.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qujat.certificates.definitions import AwardDefinition, EmblemElement, QrElement, RuleElement, TextElement
from qujat.certificates.drawing import draw_emblem, draw_guilloche_border
from qujat.certificates.fitting import fit_text
from qujat.certificates.fonts import check_coverage, register_font
from qujat.certificates.qr import QrCode, draw_qr, make_qr, seal_code
from qujat.errors import Location, RecordError
from qujat.i18n.localizer import Localizer
from qujat.i18n.spec import LanguageSpec
from qujat.i18n.templating import CompiledText, deadline, make_environment, render_string
from qujat.messages import Mn_
from qujat.model import Certificate

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from qujat.certificates.reportlab_adapter import CertificateCanvas

MM = 72 / 25.4
#: Template variables that differ from one certificate to the next.
PER_CERTIFICATE = frozenset({"recipient", "number", "date", "date_iso", "place", "occasion", "signatory",
                             "seal_code", "duplicate_date", "draft"})
#: On a bilingual certificate each language has half of a text's box, so its sizes may go down
#: to this share of the definition's smallest ones (about 1/√2: half the area each).
BILINGUAL_SCALE = 0.7
#: Fitted personal texts a design remembers (then it starts again).
FITTED_MEMO = 4096


@dataclass(frozen=True)
class _TextOp:
    element: TextElement
    lines: tuple[str, ...]
    size: float
    widths: tuple[float, ...] = ()  # each line's width at ``size``, when known


@dataclass(frozen=True)
class _QrOp:
    element: QrElement
    text: str
    code: QrCode


@dataclass(frozen=True)
class PreparedPage:
    """Everything personal on one page, rendered, checked and fitted, ready to draw."""

    ops: tuple[_TextOp | _QrOp | str, ...]  # a str names a fixed text's form
    title: str
    stamp: str = ""  # written across the page: a draft's or a duplicate's mark


def make_design(award: AwardDefinition, spec: LanguageSpec, organisation: dict[str, str] | None = None,
                own_language: str | None = None, signatory_title: dict[str, str] | None = None) -> Design:
    """The design of ``award`` in ``spec``: one language (``kk``) or two (``kk+ru``).

    ``organisation`` is the issuer (default: the award's own) and ``signatory_title`` the post
    of who signs for it; an issuer given without a title prints none (never the default
    issuer's chairman's title under another organisation's signatory)."""
    if not spec.bilingual:
        return CertificateDesign(award, spec.primary, organisation, own_language, signatory_title)
    return BilingualDesign(award, spec, organisation, own_language, signatory_title)


def _clean(element: TextElement, text: str, upper: Callable[[str], str] = str.upper) -> str:
    """A text as it is fitted: composed (NFC, so a name typed with combining accents finds its
    letters in the font), spaces collapsed on one-line elements, upper-cased if asked (by the
    language's ``upper``: Kazakh Latin writes i as İ)."""
    text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split()) if element.max_lines == 1 else text.strip()
    return upper(text) if element.uppercase else text


class _Design:
    """Drawing shared by one- and two-language designs.

    A design has ``award``, ``lang``, ``langs``, ``width``/``height`` (pt), ``title``,
    ``organisation``, ``award_name``, ``form_name`` (the prefix of its fixed texts' forms),
    ``graphics_form`` (the form of the border, emblems and rules) and ``fixed`` (the fitted ops
    of each fixed text by element id).
    """

    award: AwardDefinition
    lang: str
    langs: list[str]
    width: float
    height: float
    form_name: str
    graphics_form: str
    fixed: dict[str, tuple[_TextOp, ...]]

    @property
    def base_font(self) -> str:
        """The canvas's initial font (registered): PT Serif, the only family a certificate uses."""
        return register_font("PT Serif")

    def draw_graphics(self, cc: CertificateCanvas) -> None:
        """The border, emblems and rules (drawn into :attr:`graphics_form`)."""
        raise NotImplementedError

    def define_background(self, cc: CertificateCanvas) -> None:
        """Draw the fixed part once into form XObjects of the file: one for the graphics
        (shared by every design of the award whose graphics are the same), one per fixed text
        (so that each page shows its texts in reading order)."""
        texts = f"{self.form_name}-texts"
        if texts in cc.defined:
            return
        cc.defined.add(texts)
        if self.graphics_form not in cc.defined:
            cc.begin_form(self.graphics_form)
            self.draw_graphics(cc)
            cc.end_form(self.graphics_form)
        for element_id, ops in self.fixed.items():
            name = f"{self.form_name}-{element_id}"
            cc.begin_form(name)
            for op in ops:
                self._draw_text(cc.canvas, op)
            cc.end_form(name)

    def draw(self, cc: CertificateCanvas, page: PreparedPage, text_only: bool = False,
             offset_mm: tuple[float, float] = (0.0, 0.0)) -> None:
        """One page: the shared background and fixed texts, and the personal texts.

        ``text_only`` prints only the personal texts (and QR code) for pre-printed blanks,
        shifted by ``offset_mm`` (x to the right, y down) to match the printer.
        """
        cc.set_page_size(self.width, self.height)
        c = cc.canvas
        if not text_only:
            self.define_background(cc)
            c.doForm(self.graphics_form)
        elif offset_mm != (0.0, 0.0):
            c.translate(offset_mm[0] * MM, -offset_mm[1] * MM)
        for op in page.ops:
            if isinstance(op, str):
                if not text_only:
                    c.doForm(f"{self.form_name}-{op}")
            elif isinstance(op, _QrOp):
                e = op.element
                draw_qr(c, op.code, e.x * MM, self.height - (e.y + e.size) * MM, e.size * MM,
                        self.award.colours.text)
            else:
                self._draw_text(c, op)
        if page.stamp:
            self._draw_stamp(c, page.stamp)
        cc.showPage()

    def _draw_stamp(self, c: Canvas, text: str) -> None:
        """``text`` written large and pale across the page, corner to corner."""
        import math

        from reportlab.lib.colors import Color
        from reportlab.pdfbase.pdfmetrics import stringWidth

        font = register_font("PT Serif Bold")
        angle = math.degrees(math.atan2(self.height, self.width))
        diagonal = math.hypot(self.width, self.height)
        size = min(96.0, 0.8 * diagonal / max(stringWidth(text, font, 1), 1.0))
        c.saveState()
        c.translate(self.width / 2, self.height / 2)
        c.rotate(angle)
        c.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.35))
        c.setFont(font, size)
        c.drawCentredString(0, -size / 3, text)
        c.restoreState()

    def _draw_text(self, c: Canvas, op: _TextOp) -> None:
        """The lines of ``op`` in one text object (reportlab's public text API), each placed in
        its box by the width fitting measured."""
        from reportlab.lib.colors import HexColor
        from reportlab.pdfbase.pdfmetrics import stringWidth

        e = op.element
        colour = _COLOURS.get(e.colour + self.award.colours.resolve(e.colour))
        if colour is None:
            colour = _COLOURS[e.colour + self.award.colours.resolve(e.colour)] = HexColor(
                self.award.colours.resolve(e.colour))
        line_height = op.size * e.leading
        block = line_height * len(op.lines)
        box_top = self.height - e.y * MM
        top = box_top - (e.height * MM - block) / 2
        widths = op.widths if len(op.widths) == len(op.lines) else [stringWidth(line, e.font, op.size)
                                                                      for line in op.lines]
        text = c.beginText()
        text.setFillColor(colour)
        text.setFont(e.font, op.size, line_height)
        for i, line in enumerate(op.lines):
            baseline = top - i * line_height - op.size * (0.8 + (e.leading - 1) / 2)
            if e.align == "center":
                text.setTextOrigin((e.x + e.width / 2) * MM - 0.5 * widths[i], baseline)
            elif e.align == "right":
                text.setTextOrigin((e.x + e.width) * MM - widths[i], baseline)
            else:
                text.setTextOrigin(e.x * MM, baseline)
            text.textOut(line)
        c.drawText(text)


def _personal_where(cert: Certificate, element: TextElement | QrElement) -> Location:
    """Where a problem with a personal text of ``cert`` is reported (made only when a text is
    fitted or a code made, not for every element of every page)."""
    return Location(cert.source or None, field=f"{element.id} (certificate {cert.number})")


#: Colours by element colour and the hex it resolves to (reportlab colour objects, made once).
_COLOURS: dict[str, Any] = {}


class CertificateDesign(_Design):
    """One award's certificate in one language (``lang`` may be ``kk``, ``ru``, ``en`` ...).

    Building a design renders and checks the fixed texts once; :meth:`prepare` renders a
    person's texts (raising a clear error for a glyph the font lacks or a text that does not
    fit), and :meth:`draw` puts a prepared page on a canvas over the shared background.
    """

    def __init__(self, award: AwardDefinition, lang: str, organisation: dict[str, str] | None = None,
                 own_language: str | None = None, signatory_title: dict[str, str] | None = None) -> None:
        self.award = award
        self.lang = lang
        self.langs = [lang]
        self.loc = Localizer(lang, fallback=own_language)
        self._localizers: dict[str, Localizer] = {}
        self.env = make_environment(self.loc)
        width_mm, height_mm = award.page.size_mm
        self.width, self.height = width_mm * MM, height_mm * MM
        where = Location(award.source)
        self.award_name = render_string(self.env, award.name, Location(award.source, field="name"))
        issuer = render_string(self.env, award.issuer, Location(award.source, field="issuer"))
        self.organisation = self.loc.text(organisation) or issuer
        title = self.loc.text(signatory_title) if signatory_title else ("" if organisation else None)
        self.base = {"award_name": self.award_name, "award_id": award.id, "organisation": self.organisation,
                     "signatory_title": title}
        #: Texts and QR codes in reading order (top to bottom, left to right); fixed texts are
        #: fitted once here, personal ones per certificate in :meth:`prepare`.
        self.fixed: dict[str, tuple[_TextOp, ...]] = {}
        self.fixed_texts: dict[str, str] = {}
        self.personal: list[TextElement | QrElement] = []
        self.reading_order: list[TextElement | QrElement] = sorted(
            (e for e in award.elements if isinstance(e, (TextElement, QrElement))), key=lambda e: (e.y, e.x))
        self.compiled: dict[str, CompiledText] = {}
        #: each element's place in its definition, for messages (made once)
        self.places = {element.id: self._where(element) for element in self.reading_order}
        #: fitted personal texts by (element id, text): a text that repeats down a list (a post,
        #: an organisation, the date) is checked and fitted once
        self._fitted: dict[tuple[str, str], _TextOp] = {}
        self._dates: dict[dt.date, str] = {}
        for element in self.reading_order:
            if isinstance(element, QrElement) or self._is_personal(element.text):  # a QR is always drawn
                self.personal.append(element)
                self.compiled[element.id] = CompiledText(self.env, element.text, self._where(element),
                                                         self.loc.gettext)
            elif isinstance(element, TextElement):
                text = render_string(self.env, element.text, self._where(element), **self.base)
                if text.strip():
                    self.fixed_texts[element.id] = text
                    self.fixed[element.id] = (self._fit(element, text, self._where(element)),)
        self.title = render_string(self.env, award.title or "{{ award_name }}", where, **self.base)
        self.form_name = self.graphics_form = f"qujat-{award.id}-{lang}"
        for name in {e.font for e in award.elements if isinstance(e, TextElement)} | {"PT Serif", "PT Serif Bold"}:
            register_font(name)

    def _where(self, element: TextElement | QrElement | EmblemElement) -> Location:
        return self.award.where(element.id)

    def _localizer(self, own_language: str | None) -> Localizer:
        """The design's language with ``own_language`` (the record's) as the fallback; one per
        fallback language, made once."""
        if not own_language or own_language == self.loc.fallback:
            return self.loc
        if own_language not in self._localizers:
            self._localizers[own_language] = Localizer(self.lang, fallback=own_language)
        return self._localizers[own_language]

    def _is_personal(self, source: str) -> bool:
        from jinja2 import meta

        try:
            names = meta.find_undeclared_variables(self.env.parse(source))
        except Exception:  # a syntax error is reported when the text is rendered
            return True
        return bool(names & PER_CERTIFICATE)

    def _fit(self, element: TextElement, text: str, where: Location) -> _TextOp:
        text = _clean(element, text, self.loc.upper)
        check_coverage(element.font, text, where)
        min_size = element.min_size or element.size
        fitted = fit_text(text, element.font, element.size, min_size, element.width * MM, element.height * MM,
                          element.max_lines, element.leading, wrap_min_size=element.wrap_min_size)
        if fitted is None:
            raise RecordError(Mn_("the text does not fit its %(width)s × %(height)s mm box even at %(size)s pt on "
                                  "%(num)s line: '%(text)s'", "the text does not fit its %(width)s × %(height)s mm "
                                  "box even at %(size)s pt on %(num)s lines: '%(text)s'", element.max_lines,
                                  code="certificate.does-not-fit", width=f"{element.width:g}",
                                  height=f"{element.height:g}", size=f"{element.wrap_min_size or min_size:g}",
                                  text=text[:60] + ("…" if len(text) > 60 else "")), where)
        return _TextOp(element, fitted.lines, fitted.size, fitted.widths)

    def _fit_personal(self, element: TextElement, text: str, cert: Certificate) -> _TextOp:
        """:meth:`_fit` of a personal text of ``cert``, remembered for the next certificate with
        the same text."""
        key = (element.id, text)
        op = self._fitted.get(key)
        if op is None:
            op = self._fit(element, text, _personal_where(cert, element))
            if len(self._fitted) >= FITTED_MEMO:
                self._fitted.clear()
            self._fitted[key] = op
        return op

    def _date(self, date: dt.date) -> str:
        """The long date in the design's language (made once a date: a batch has one or few)."""
        text = self._dates.get(date)
        if text is None:
            text = self._dates[date] = self.loc.date(date)
        return text

    def context(self, cert: Certificate) -> dict[str, Any]:
        """The template variables of one certificate, as text in the design's language."""
        loc = self._localizer(cert.own_language)
        person = cert.person
        return {
            **self.base,
            "recipient": {"name": loc.name(person.name), "position": loc.text(person.position),
                          "organisation": loc.text(person.organisation), "title": loc.text(person.title)},
            "number": cert.number,
            "draft": cert.draft,
            "date": self._date(cert.date) if loc is self.loc else loc.date(cert.date),
            "date_iso": cert.date.isoformat(),
            "place": loc.text(cert.place),
            "occasion": loc.text(cert.occasion),
            "signatory": loc.signature(cert.signatory),
            "seal_code": seal_code(cert.seal) if cert.seal else "",
            "duplicate_date": loc.date(cert.duplicate_issued) if cert.duplicate_issued else "",
        }

    def render_texts(self, cert: Certificate) -> tuple[dict[str, Any], dict[str, str]]:
        """The template variables of ``cert`` and its personal texts by element id, rendered
        but not yet checked or fitted."""
        context = self.context(cert)
        with deadline():  # one deadline for the page's texts, armed only if one runs template code
            return context, {element.id: self.compiled[element.id].render(self.places[element.id], context)
                             for element in self.personal}

    def prepare(self, cert: Certificate) -> PreparedPage:
        """Render, check and fit the personal texts of ``cert``; nothing is drawn yet."""
        context, texts = self.render_texts(cert)
        ops: list[_TextOp | _QrOp | str] = []
        for element in self.reading_order:
            if element.id in self.fixed:
                ops.append(element.id)
                continue
            if element.id not in texts:
                continue
            text = texts[element.id]
            if isinstance(element, QrElement):
                code = cert.seal or text.strip()
                ops.append(_QrOp(element, code, make_qr(code, _personal_where(cert, element))))
            elif text.strip():
                ops.append(self._fit_personal(element, text, cert))
        title = f"{self.title} — {context['recipient']['name']}"
        return PreparedPage(tuple(ops), title, cert.stamp or "")

    # drawing -------------------------------------------------------------------------------

    def draw_graphics(self, cc: CertificateCanvas) -> None:
        """The border (drawn once per process: its operators are recorded and written again in
        every later file; it uses no font), emblems and rules."""
        if self.award.border:
            border = self.award.border
            key = ("border", self.width, self.height, border.margin, border.band, tuple(self.award.colours.guilloche))
            cc.draw_recorded(key, self.draw_border)
        self.draw_decoration(cc.canvas)

    def draw_border(self, c: Canvas) -> None:
        """The guilloche border (no text, so its operators can be reused in any file)."""

        if self.award.border:
            draw_guilloche_border(c, self.width, self.height, margin=self.award.border.margin * MM,
                                  band=self.award.border.band * MM, colours=self.award.colours.guilloche)

    def draw_decoration(self, c: Canvas) -> None:
        """Emblems and rules."""

        colours = self.award.colours
        for element in self.award.elements:
            if isinstance(element, EmblemElement):
                size = element.size * MM
                cx = (element.x + element.size / 2) * MM
                cy = self.height - (element.y + element.size * 1.35 / 2) * MM
                where = self._where(element)
                top = render_string(self.env, element.top_text, where, **self.base)
                bottom = render_string(self.env, element.bottom_text, where, **self.base)
                check_coverage("PT Serif Bold", top + bottom, where)
                draw_emblem(c, element.emblem, cx, cy, size, colours={"primary": colours.primary,
                            "accent": colours.accent, "text": colours.text}, top_text=top, bottom_text=bottom,
                            font="PT Serif", bold_font="PT Serif Bold")
            elif isinstance(element, RuleElement):
                from reportlab.lib.colors import HexColor

                c.saveState()
                c.setStrokeColor(HexColor(colours.resolve(element.colour)))
                c.setLineWidth(element.thickness)
                y = self.height - element.y * MM
                c.line(element.x * MM, y, (element.x + element.width) * MM, y)
                c.restoreState()


class BilingualDesign(_Design):
    """One award's certificate in two languages on one page (``lang`` such as ``kk+ru``).

    Built from a :class:`CertificateDesign` per language. A text that reads the same in both
    (the name, the number) is drawn once in its box; otherwise the first language's text goes
    into the top half of the box and the second's into the bottom half, both at the smaller of
    the two sizes they fit at (down to :data:`BILINGUAL_SCALE` of the definition's smallest).
    The border, emblems and QR code are drawn once, in the first language.
    """

    def __init__(self, award: AwardDefinition, spec: LanguageSpec, organisation: dict[str, str] | None = None,
                 own_language: str | None = None, signatory_title: dict[str, str] | None = None) -> None:
        self.parts = [CertificateDesign(award, part, organisation, own_language, signatory_title)
                      for part in spec.languages]
        first = self.parts[0]
        self.award = award
        self.langs = [part.lang for part in self.parts]
        self.lang = "+".join(self.langs)
        self.width, self.height = first.width, first.height
        self.award_name = _joined(part.award_name for part in self.parts)
        self.organisation = _joined(part.organisation for part in self.parts)
        self.title = _joined(part.title for part in self.parts)
        self.form_name = f"qujat-{award.id}-{self.lang}"
        self.graphics_form = first.graphics_form  # the same form as the first language's design
        self.reading_order = first.reading_order
        self._halves = {e.id: _halves(e) for e in self.reading_order if isinstance(e, TextElement)}
        self.fixed = {}
        for element in self.reading_order:
            texts = [part.fixed_texts.get(element.id, "") for part in self.parts]
            if isinstance(element, TextElement) and any(text.strip() for text in texts):
                self.fixed[element.id] = self._fit_pair(
                    element, texts, [part._where(element) for part in self.parts])

    def draw_graphics(self, cc: CertificateCanvas) -> None:
        self.parts[0].draw_graphics(cc)

    def prepare(self, cert: Certificate) -> PreparedPage:
        """Render, check and fit the personal texts of ``cert`` in both languages."""
        rendered = [part.render_texts(cert) for part in self.parts]
        ops: list[_TextOp | _QrOp | str] = []
        for element in self.reading_order:
            if element.id in self.fixed:
                ops.append(element.id)
                continue
            if element.id not in rendered[0][1]:
                continue
            texts = [found[element.id] for _, found in rendered]
            if isinstance(element, QrElement):
                where = Location(cert.source or None, field=f"{element.id} (certificate {cert.number})")
                code = cert.seal or texts[0].strip()
                ops.append(_QrOp(element, code, make_qr(code, where)))
            elif any(text.strip() for text in texts):
                wheres = [Location(cert.source or None, field=f"{element.id} in {lang} (certificate {cert.number})")
                          for lang in self.langs]
                ops.extend(self._fit_pair(element, texts, wheres))
        names = _joined(context["recipient"]["name"] for context, _ in rendered)
        return PreparedPage(tuple(ops), f"{self.title} — {names}", cert.stamp or "")

    def _fit_pair(self, element: TextElement, texts: list[str], wheres: list[Location]) -> tuple[_TextOp, ...]:
        """One op for a text the same in both languages (or given in one only), else two: the
        first language in the top half of the box, the second in the bottom half, one size."""
        cleaned = [_clean(element, text, part.loc.upper) for part, text in zip(self.parts, texts)]
        if cleaned[0] == cleaned[1] or not all(cleaned):
            i = 0 if cleaned[0] else 1
            return (self.parts[i]._fit(element, texts[i], wheres[i]),)
        ops = [part._fit(half, text, where)
               for part, half, text, where in zip(self.parts, self._halves[element.id], texts, wheres)]
        size = min(op.size for op in ops)
        return tuple(op if op.size == size else _refit(op, text, size) for op, text in zip(ops, cleaned))


def _joined(texts: Iterable[str]) -> str:
    """Texts joined by " / ", each once: "Award / Награда", or "Name" when both read the same."""
    unique: list[str] = []
    for text in texts:
        if text and text not in unique:
            unique.append(text)
    return " / ".join(unique)


def _halves(element: TextElement) -> tuple[TextElement, TextElement]:
    """The top and bottom halves of a text's box, for the first and second language."""
    height = element.height / 2
    min_size = element.min_size or element.size
    smaller = {"height": height, "min_size": round(min_size * BILINGUAL_SCALE, 2),
               "wrap_min_size": round((element.wrap_min_size or min_size) * BILINGUAL_SCALE, 2)}
    return (element.model_copy(update=smaller), element.model_copy(update={**smaller, "y": element.y + height}))


def _refit(op: _TextOp, text: str, size: float) -> _TextOp:
    """``op``'s text again at the smaller ``size`` (it fits: it did at a larger one)."""
    e = op.element
    fitted = fit_text(text, e.font, size, size, e.width * MM, e.height * MM, e.max_lines, e.leading,
                      wrap_min_size=size)
    return _TextOp(e, fitted.lines, size, fitted.widths) if fitted else op


#: A certificate design in one language or two.
Design = CertificateDesign | BilingualDesign
