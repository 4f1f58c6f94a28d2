"""The meeting record: its schema (pydantic) and loading it from YAML with positions."""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic_core import ErrorDetails

from qujat.errors import Location, RecordError
from qujat.i18n.localizer import available_languages, script_converter
from qujat.messages import M_, text_of
from qujat.records.source import PositionedData, load_yaml
from qujat.records.validation import FieldPath, dotted, error_path, located_problems
from qujat.settings import Settings, applied
from qujat.text import Text, languages_of


def _number_text(value: Any) -> Any:
    """Let a registration number be written bare (``number: 7``)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class Person(_Model):
    """Somebody named in the minutes or on a certificate."""

    name: Text = Field(description="Full name as it is to be printed, e.g. 'Бекбас О.Т.'")
    position: Text | None = Field(None, description="Position, e.g. 'Chairman'")
    organisation: Text | None = Field(None, description="Organisation the person represents")
    title: Text | None = Field(None, description="Post and organisation as one phrase, the organisation in the "
                                                 "genitive, as it stands before the name: 'председатель "
                                                 "Федерации профсоюзов Республики Казахстан'")
    gender: Literal["f", "m"] | None = Field(None, description="f or m, where a language's grammar needs it "
                                                               "(Russian «вручил» / «вручила»)")


class Speech(_Model):
    """One speaker's contribution under an agenda item."""

    speaker: Text = Field(description="Name of the speaker")
    position: Text | None = Field(None, description="Speaker's position and organisation")
    text: Text = Field(description="What was said, in brief")


#: The most votes of one kind a record may count.
MAX_VOTES = 1_000_000


class Vote(_Model):
    """The vote on a resolution: whole numbers of people (``yes`` or ``12.5`` is an error)."""

    in_favour: int = Field(alias="for", ge=0, le=MAX_VOTES, strict=True, description="Votes for")
    against: int = Field(0, ge=0, le=MAX_VOTES, strict=True, description="Votes against")
    abstained: int = Field(0, ge=0, le=MAX_VOTES, strict=True, description="Abstentions")


class Resolution(_Model):
    """One numbered decision under an agenda item."""

    text: Text = Field(description="The decision, e.g. 'Take the information into account.'")
    vote: Vote | None = Field(None, description="Vote counts; leave out when not voted")


class AgendaItem(_Model):
    """One item of the agenda with its hearing, speeches and resolutions."""

    title: Text = Field(description="The item, usually beginning 'On ...' / 'О ...' / '... туралы'")
    rapporteur: Person | None = Field(None, description="Who reports on the item (Докладчик)")
    heard: list[Speech] = Field(default_factory=list, description="HEARD / СЛУШАЛИ / ТЫҢДАЛДЫ")
    spoke: list[Speech] = Field(default_factory=list, description="SPOKE / ВЫСТУПИЛИ / СӨЙЛЕГЕНДЕР")
    resolutions: list[Resolution] = Field(default_factory=list,
                                          description="RESOLVED / ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ")
    vote: Vote | None = Field(None, description="One vote on all the item's resolutions together, printed "
                                                "once after the last; a resolution voted on by itself has "
                                                "its own vote instead")


class AwardGrant(_Model):
    """An award presented at the meeting and the people who received it."""

    award: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$",
                       description="Award id: a file templates/certificates/<id>.yaml, e.g. jubilee-medal")
    presented_by: Person | Text | None = Field(None, description="Who presented the award: a text, or a "
                                                                 "person (name, title, gender)")
    occasion: Text | None = Field(None, description="What the award marks, e.g. 'on the 80th anniversary "
                                                    "of the combine'; printed after the recipients")
    recipients: list[Person] = Field(min_length=1, description="Who received it")


class Record(_Model):
    """A meeting record: everything the minutes and the certificates are made from."""

    language: str = Field(description="Language the plain-string texts are written in: kk, ru or en")
    organisation: Text = Field(description="Organisation holding the meeting (letterhead)")
    meeting: Text = Field(description="Kind of meeting as it follows the word MINUTES, e.g. "
                                      "'of the cluster meeting of ...' / 'кластерного совещания ...'")
    number: Annotated[str, BeforeValidator(_number_text)] | None = Field(
        None, description="Minutes registration number, e.g. 7 or 07-12/3; a blank to fill in when left out")
    date: dt.date = Field(description="Date of the meeting, YYYY-MM-DD")
    city: Text = Field(description="City where the meeting was held")
    venue: Text | None = Field(None, description="Building or hall")
    title: Text = Field(description="Subject or theme of the meeting")
    chair: Person = Field(description="Who chaired the meeting")
    signatory_title: Text | None = Field(None, description="The chair's post above the signature on the "
                                                           "record's certificates, e.g. {kk: Төраға, ru: "
                                                           "Председатель}; default: the chair's title")
    secretary: Person | None = Field(None, description="Secretary; a blank signature line when left out")
    attendees: list[Person] = Field(default_factory=list, description="Who was present")
    attendees_note: Text | None = Field(None, description="Others present, described, e.g. "
                                                          "'heads of branches and primary organisations'")
    invited: list[Person] = Field(default_factory=list, description="Invited guests")
    agenda: list[AgendaItem] = Field(min_length=1, description="The agenda items in order")
    awards: list[AwardGrant] = Field(default_factory=list, description="Awards presented at the meeting")

    _source: PositionedData | None = PrivateAttr(default=None)

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:

        langs = available_languages()
        if value not in langs:
            raise ValueError(M_("'%(value)s' is not a language qujat has; use one of %(languages)s",
                                code="language.unknown", value=value, languages=", ".join(langs)))
        return value

    def locate(self, *path: str | int) -> Location:
        """Where a value of this record stood in its YAML file (the file alone when unknown)."""
        if self._source is None:
            return Location()
        return self._source.locate(path)

    def text_fields(self) -> Iterator[tuple[tuple[str | int, ...], dict[str, str]]]:
        """Every text field of the record with its path, in document order."""
        yield from _walk_texts(self, ())

    def missing_translations(self, languages: list[str]) -> list[tuple[Location, str]]:
        """One problem per text field that lacks one of ``languages``."""

        # a language made from another by changing script (kk-Latn from kk) has what that one has
        wanted = {lang: {lang} | {derived[0] for derived in [script_converter(lang)] if derived}
                  for lang in languages}
        found: list[tuple[Location, str]] = []
        for path, text in self.text_fields():
            have = languages_of(text, self.language)
            missing = [lang for lang in languages if not wanted[lang] & have]
            if missing:
                found.append((self.locate(*path),
                              M_("%(field)s has no %(languages)s text", code="check.untranslated",
                                 field=dotted(path), languages=", ".join(missing))))
        return found


def _walk_texts(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], dict[str, str]]]:
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _walk_texts(getattr(value, name), (*path, info.alias or name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_texts(item, (*path, i))
    elif isinstance(value, dict):
        yield path, value


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model a field path of a record leads to (``("agenda", 0)`` -> AgendaItem), if any."""
    model: type[BaseModel] | None = Record
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None)
        model = _model_in(info.annotation) if info else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _friendly(error: ErrorDetails) -> str:
    """A pydantic error in the words of the record's own fields, with what to write instead."""
    loc = error_path(error)
    kind = error["type"]
    name = str(loc[-1]) if loc else "record"
    where = dotted(loc) or "record"
    if kind == "missing":
        return M_("'%(field)s' is required here but missing", code="record.missing", field=name)
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        fields = _field_names(model) if model else []
        close = [c for c in difflib.get_close_matches(name, fields, n=1) if c != name]
        if close:
            return M_("unknown field '%(field)s'; did you mean '%(close)s'?", code="record.unknown-field-close",
                      field=name, close=close[0])
        if fields:
            return M_("unknown field '%(field)s'; here: %(fields)s", code="record.unknown-field", field=name,
                      fields=", ".join(fields))
        return M_("unknown field '%(field)s'", code="record.unknown-field", field=name)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _shape_message(loc, where)
    if loc and loc[-1] == "number" and len(loc) == 1:
        return M_("%(where)s: quote the number so it stays as written: number: \"%(value)s\"", code="record.number",
                  where=where, value=error["input"])
    if kind.startswith("int") or kind in ("greater_than_equal", "less_than_equal"):
        return M_("%(where)s: a vote count is a whole number of people, 0 to %(most)s: write %(field)s: 12",
                  code="record.vote-count", where=where, most=format(MAX_VOTES, ","), field=name)
    cause = (error.get("ctx") or {}).get("error")
    msg = text_of(cause) if isinstance(cause, Exception) else error["msg"].removeprefix("Value error, ")
    if kind.startswith("date"):
        return M_("%(where)s: %(problem)s; write the date as YYYY-MM-DD", code="record.date", where=where, problem=msg)
    return M_("%(where)s: %(problem)s", code="located", where=where, problem=msg)


def _shape_message(loc: FieldPath, where: str) -> str:
    model = _model_at(loc)
    if model is Person:
        if loc and isinstance(loc[-1], int):
            return M_("%(where)s: a person in a list is a mapping with name: write - name: ..., position: ...",
                      code="record.person-in-list", where=where)
        return M_("%(where)s is a person: write %(field)s: {name: ..., position: ...}", code="record.person",
                  where=where, field=loc[-1])
    if not model:
        return M_("%(where)s is a mapping: write its fields indented under it", code="record.mapping", where=where)
    return M_("%(where)s is a mapping: write its fields (%(fields)s) indented under it", code="record.mapping",
              where=where, fields=", ".join(_field_names(model)))


def record_from_data(source: PositionedData) -> Record:
    """Validate loaded YAML data as a record; every problem is reported with its line."""
    if not isinstance(source.data, dict):
        raise RecordError(M_("a record must be a mapping of fields (language:, organisation:, ...)",
                             code="record.not-a-mapping"),
                          source.locate(()))
    try:
        record = Record.model_validate(source.data)
    except ValidationError as exc:
        problems = located_problems(exc, source.locate, _friendly)
        raise RecordError(problems[0][1], problems=problems) from None
    record._source = source
    unprinted = _votes_on_nothing(record)
    if unprinted:
        raise RecordError(unprinted[0][1], problems=unprinted)
    return record


def _votes_on_nothing(record: Record) -> list[tuple[Location, str]]:
    """An item's vote where the item has no resolutions: the minutes print an item's vote after
    its resolutions, so it would be lost; refused at its line rather than dropped."""
    return [(record.locate("agenda", i, "vote"),
             f"agenda[{i}].vote: the item has a vote but no resolutions, so the vote would not be printed: "
             "write the decision it was on under resolutions (- text: ...), or delete the vote")
            for i, item in enumerate(record.agenda) if item.vote is not None and not item.resolutions]


def load_record(path: str | Path, *, settings: Settings | None = None) -> Record:
    """Load and validate a meeting record from a YAML file (at most the settings'
    ``max_yaml_bytes``).

    Raises :class:`qujat.RecordError` naming the file, line and column of each problem.

    >>> record = load_record("records/2018-07-04-almaty-south-cluster.yaml")
    >>> record.date.isoformat(), record.language
    ('2018-07-04', 'ru')
    """
    with applied(settings):
        return record_from_data(load_yaml(path))
