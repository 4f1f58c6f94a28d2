"""Award definitions: one YAML file per award in templates/certificates/<award-id>.yaml.

A definition names the award and lays out its certificate: page, colours, the border, and
elements placed in millimetres from the page's top-left corner. Texts are Jinja2 strings whose
fixed words come from the gettext catalogs through ``_()``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qujat.errors import Location, QujatError, TemplateError
from qujat.identity import number_forms
from qujat.messages import M_
from qujat.records.source import load_yaml
from qujat.records.validation import FieldPath, located_problems
from qujat.resources import templates_dir
from qujat.settings import current as current_settings

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A3": (297.0, 420.0), "Letter": (215.9, 279.4)}
HEX = r"^#[0-9a-fA-F]{6}$"
AWARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Model(BaseModel):
    # no NaN or infinity: a size of .inf or a position of .nan would reach the PDF's operators
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)


class Page(_Model):
    size: Literal["A4", "A5", "A3", "Letter"] = "A4"
    orientation: Literal["landscape", "portrait"] = "landscape"

    @property
    def size_mm(self) -> tuple[float, float]:
        """(width, height) in millimetres."""
        w, h = PAGE_SIZES_MM[self.size]
        return (h, w) if self.orientation == "landscape" else (w, h)


class Colours(_Model):
    primary: str = Field("#1d3f73", pattern=HEX)
    accent: str = Field("#b8902f", pattern=HEX)
    text: str = Field("#1a1a1a", pattern=HEX)
    guilloche: list[str] = Field(default_factory=lambda: ["#1d3f73", "#b8902f", "#3f7a8c"], min_length=1)

    def resolve(self, name: str) -> str:
        """A colour given by role (primary, accent, text) or as #rrggbb."""
        return name if name.startswith("#") else getattr(self, name)


class Border(_Model):
    margin: float = Field(8, ge=0, le=100, description="mm from the page edge")
    band: float = Field(12, gt=0, le=100, description="band thickness in mm")


class Numbering(_Model):
    prefix: str = ""
    digits: int = Field(4, ge=1, le=12)
    start: int = Field(1, ge=0, le=10**12)

    def format(self, sequence: int) -> str:
        """The certificate number for a sequence number."""
        return f"{self.prefix}{sequence:0{self.digits}d}"

    def own_form(self, number: str) -> str | None:
        """The series' way of writing ``number`` when it looks like one of the series' numbers
        (any letters that look alike, digits, dashes or case: «а20–０００３» is A20-0003), else None."""
        latin, prefix = number_forms(number)[0], number_forms(self.prefix)[0]
        digits = latin[len(prefix):]
        return self.prefix + digits if latin.startswith(prefix) and digits.isascii() and digits.isdigit() else None

    def checked(self, number: str) -> str:
        """``number`` as written (spaces at its ends aside); a :class:`QujatError` when it looks like
        one of the series' numbers but is written with other characters («А20-0003», its «А»
        Cyrillic): it would print as another certificate's number."""
        written, own = number.strip(), self.own_form(number)
        if own is not None and written != own:
            raise QujatError(M_("the number «%(number)s» is written with other characters than the series' "
                                "%(own)s, which it looks like (another script's letters, other digits or dashes, "
                                "small letters): write it %(own)s", code="registry.number-written-otherwise",
                                number=written, own=own))
        return written


#: The largest coordinate, size or length in mm an element may have (A3's long side).
MAX_MM = 420.0
#: The largest font size in pt.
MAX_PT = 400.0


class _Box(_Model):
    id: str
    x: float = Field(ge=-MAX_MM, le=MAX_MM, description="left edge, mm from the page's left")
    y: float = Field(ge=-MAX_MM, le=MAX_MM, description="top edge, mm from the page's top")

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in mm."""
        raise NotImplementedError


class TextElement(_Box):
    kind: Literal["text"] = "text"
    text: str
    width: float = Field(gt=0, le=MAX_MM)
    height: float = Field(gt=0, le=MAX_MM)
    font: str = "PT Serif"
    size: float = Field(gt=0, le=MAX_PT, description="largest size in pt")
    min_size: float | None = Field(None, gt=0, le=MAX_PT, description="smallest size in pt before wrapping")
    max_lines: int = Field(1, ge=1, le=6)
    wrap_min_size: float | None = Field(None, gt=0, le=MAX_PT, description="smallest size in pt once wrapped; "
                                                                "default min_size")
    align: Literal["left", "center", "right"] = "center"
    colour: str = "text"
    leading: float = Field(1.2, ge=1.0, le=3.0)
    uppercase: bool = False

    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.width, self.y + self.height


class EmblemElement(_Box):
    kind: Literal["emblem"]
    emblem: Literal["medal", "badge", "none"] = Field(description="which drawn emblem")
    size: float = Field(gt=0, le=MAX_MM, description="diameter in mm")
    top_text: str = ""
    bottom_text: str = ""

    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.size, self.y + self.size * 1.35


class QrPlace(_Model):
    """Where a QR code was on certificates printed before the layout changed (mm)."""

    x: float = Field(ge=-MAX_MM, le=MAX_MM)
    y: float = Field(ge=-MAX_MM, le=MAX_MM)
    size: float = Field(gt=0, le=MAX_MM)


class QrElement(_Box):
    kind: Literal["qr"]
    size: float = Field(gt=0, le=MAX_MM, description="side in mm")
    text: str = Field(description="what the code carries (Jinja2)")
    earlier: list[QrPlace] = Field(default_factory=list,
                                   description="where the code was on certificates printed before (verification)")

    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.size, self.y + self.size


class RuleElement(_Box):
    kind: Literal["rule"]
    width: float = Field(gt=0, le=MAX_MM)
    colour: str = "text"
    thickness: float = Field(0.6, gt=0, le=50, description="pt")

    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.width, self.y


#: The kinds of element, as pydantic names them in an error's path.
ELEMENT_KINDS = frozenset({"text", "emblem", "qr", "rule"})

Element = Annotated[TextElement | EmblemElement | QrElement | RuleElement, Field(discriminator="kind")]


class AwardDefinition(_Model):
    """What an award is called and how its certificate looks."""

    id: str = Field(pattern=AWARD_ID.pattern)
    name: str = Field(description="The award's name (Jinja2; fixed words through _())")
    ceremony: str = Field(description="Sentence introducing the recipients in the minutes")
    issuer: str = Field(description="Issuing organisation when the record names none (Jinja2)")
    title: str = Field("", description="PDF title (Jinja2); default: the award's name")
    former_names: list[str] = Field(default_factory=list, description="Names the award was printed under "
                                                                      "before, still read in lists")
    page: Page = Field(default_factory=Page)
    colours: Colours = Field(default_factory=lambda: Colours())
    border: Border | None = Field(default_factory=lambda: Border())
    numbering: Numbering = Field(default_factory=lambda: Numbering())
    once_per_person: bool = Field(False, description="A person may hold the award only once")
    elements: list[Element] = Field(default_factory=list)
    source: str = ""
    #: The line of each element in the definition file, for messages.
    lines: dict[str, int] = Field(default_factory=dict, exclude=True)

    def where(self, element_id: str) -> Location:
        """The file, line and element a message about ``element_id`` names."""
        return Location(self.source, self.lines.get(element_id), field=f"elements.{element_id}")

    @model_validator(mode="before")
    @classmethod
    def _default_kind(cls, data: Any) -> Any:
        for element in data.get("elements") or []:
            if isinstance(element, dict):
                element.setdefault("kind", "text")
        return data


def definitions_dirs() -> list[Path]:
    """Folders holding award definitions: the settings' ``awards_path`` ($QUJAT_AWARDS_PATH for
    the command), then the shipped one."""
    return [*current_settings().awards_path, templates_dir() / "certificates"]


def award_ids(folders: list[Path] | None = None) -> list[str]:
    """The ids of every award defined."""
    return sorted({p.stem for folder in folders or definitions_dirs() if folder.is_dir()
                   for p in folder.glob("*.yaml")})


def _check_layout(award: AwardDefinition, locate: Callable[[FieldPath], Location]) -> list[tuple[Location, str]]:
    """Room inside the border, every element on the page, and no two elements' boxes overlapping."""
    width, height = award.page.size_mm
    problems: list[tuple[Location, str]] = []
    border = award.border
    if border is not None and 2 * (border.margin + border.band) >= min(width, height):
        problems.append((locate(("border",)),
                         M_("the border's margin (%(margin)s mm) and band (%(band)s mm) leave no room inside it on "
                            "the %(width)s × %(height)s mm page: together they must be under %(most)s mm",
                            code="award.border-no-room", margin=f"{border.margin:g}", band=f"{border.band:g}",
                            width=f"{width:g}", height=f"{height:g}", most=f"{min(width, height) / 2:g}")))
    boxes: list[tuple[str, tuple[float, float, float, float]]] = []
    for i, element in enumerate(award.elements):
        left, top, right, bottom = element.box()
        if left < 0 or top < 0 or right > width or bottom > height:
            problems.append((locate(("elements", i)),
                             f"element '{element.id}' ({left:g}–{right:g} × {top:g}–{bottom:g} mm) is off "
                             f"the {width:g} × {height:g} mm page"))
        for other, (l2, t2, r2, b2) in boxes:
            if left < r2 and l2 < right and top < b2 and t2 < bottom:
                problems.append((locate(("elements", i)),
                                 f"element '{element.id}' overlaps element '{other}'"))
        boxes.append((element.id, (left, top, right, bottom)))
    ids = [e.id for e in award.elements]
    for dup in sorted({x for x in ids if ids.count(x) > 1}):
        problems.append((locate(("elements",)), f"two elements have the id '{dup}'"))
    return problems


def find_award(award_id: str, folders: list[Path] | None = None) -> Path:
    """The definition file of ``award_id``, first found in ``folders`` (default: definitions_dirs())."""
    folders = folders or definitions_dirs()
    if AWARD_ID.match(award_id):
        for folder in folders:
            if (folder / f"{award_id}.yaml").is_file():
                return folder / f"{award_id}.yaml"
    known = ", ".join(award_ids(folders)) or "none"
    raise TemplateError(M_("unknown award '%(award)s'; known awards: %(known)s", code="award.unknown",
                             award=award_id, known=known))


def load_award(award_id: str | Path, folders: list[Path] | None = None) -> AwardDefinition:
    """The award definition ``award_id`` (an id, or the path of a definition file).

    Unknown ids, broken files, missing fields and elements off the page or overlapping
    raise :class:`TemplateError` naming the file, line and field.
    """
    path = Path(award_id) if isinstance(award_id, Path) else find_award(award_id, folders)
    award_id = path.stem
    source = load_yaml(path, error=TemplateError)
    if not isinstance(source.data, dict):
        raise TemplateError(M_("an award definition must be a mapping (name:, elements:, ...)",
                               code="award.not-mapping"), source.locate(()))
    try:
        award = AwardDefinition.model_validate({**source.data, "id": award_id, "source": str(path)})
    except ValidationError as exc:
        problems = located_problems(exc, source.locate, tags=ELEMENT_KINDS)
        raise TemplateError(problems[0][1], problems=problems) from None
    problems = _check_layout(award, source.locate)
    if problems:
        raise TemplateError(problems[0][1], problems=problems)
    award.lines.update({e.id: source.locate(("elements", i)).line or 0 for i, e in enumerate(award.elements)})
    return award


def grant_award(record: Any, index: int) -> AwardDefinition:
    """The definition of the award in ``record.awards[index]``; an unknown id is reported at
    its line in the record."""
    try:
        return load_award(record.awards[index].award)
    except TemplateError as exc:
        raise TemplateError(exc.problems[0][1], record.locate("awards", index, "award")) from None
