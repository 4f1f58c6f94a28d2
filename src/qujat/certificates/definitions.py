"""Award definitions: one YAML file per award in templates/certificates/<award-id>.yaml."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Location, TemplateError
from ..resources import templates_dir
from ..yaml_source import load_yaml


class AwardDefinition(BaseModel):
    """What an award is called and how its certificate looks; texts are Jinja2 strings."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(description="The award's name (Jinja2; fixed words through _())")
    ceremony: str = Field(description="Sentence introducing the recipients in the minutes")
    extra: dict[str, Any] = Field(default_factory=dict)
    source: str = ""


def definitions_dir() -> Path:
    """The folder of award definitions."""
    return templates_dir() / "certificates"


def award_ids() -> list[str]:
    """The ids of every award defined."""
    folder = definitions_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_award(award_id: str, folder: Path | None = None) -> AwardDefinition:
    """The award definition ``award_id``; unknown ids and broken files raise TemplateError."""
    path = (folder or definitions_dir()) / f"{award_id}.yaml"
    if not path.is_file():
        known = ", ".join(award_ids()) or "none"
        raise TemplateError(f"unknown award '{award_id}'; known awards: {known}")
    source = load_yaml(path)
    data = dict(source.data) if isinstance(source.data, dict) else {}
    try:
        return AwardDefinition.model_validate({"id": award_id, **data, "source": str(path)})
    except ValidationError as exc:
        problems = [(source.locate(tuple(e["loc"])), f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
                    for e in exc.errors()]
        raise TemplateError(problems[0][1], problems=problems) from None
