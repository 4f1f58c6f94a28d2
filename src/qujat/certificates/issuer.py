"""Who issues certificates and who signs them: the issuer file of ``--issuer issuer.yaml``.

::

    organisation: {kk: «Түркістан облысының кәсіподақтар орталығы» ..., ru: ..., en: ...}
    signatory:
      name: {kk: Б.А. Бекжанов, ru: Бекжанов Б.А., en: B. A. Bekzhanov}
      title: {kk: Төраға, ru: Председатель, en: Chairman}

Without one the Federation of Trade Unions of the Republic of Kazakhstan issues and its
chairman signs (the award definitions' default).
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qujat.errors import QujatError
from qujat.messages import M_
from qujat.model import IssueSettings
from qujat.records.source import load_yaml
from qujat.records.validation import located_problems
from qujat.text import Text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Signatory(_Model):
    """Who signs the certificates: the name as under the signature line, and the post."""

    name: Text = Field(description="The signatory's name, e.g. {kk: Б.А. Бекжанов, ru: Бекжанов Б.А.}")
    title: Text | None = Field(None, description="The post printed above the signature line, "
                                                 "e.g. {kk: Төраға, ru: Председатель, en: Chairman}")


class Issuer(_Model):
    """An issuing organisation and its signatory, in each language."""

    organisation: Text = Field(description="The issuing organisation, printed at the top")
    signatory: Signatory | None = Field(None, description="Who signs, with the post")

    def settings(self, base: IssueSettings | None = None) -> IssueSettings:
        """``base`` (default: empty settings) with this issuer and its signatory in place."""
        base = base or IssueSettings()
        signatory = self.signatory
        return base.overridden(organisation=self.organisation,
                               signatory=signatory.name if signatory else None,
                               signatory_title=(signatory.title if signatory else None) or {})


def load_issuer(path: str | Path) -> Issuer:
    """Read and validate an issuer file; every problem is a :class:`QujatError` at its line."""
    source = load_yaml(path, error=QujatError)
    if not isinstance(source.data, dict):
        raise QujatError(M_("an issuer file is a mapping: organisation: ..., signatory: {name: ..., title: ...}",
                            code="issuer.not-mapping"),
                         source.locate(()))
    try:
        return Issuer.model_validate(source.data)
    except ValidationError as exc:
        problems = located_problems(exc, source.locate)
        raise QujatError(problems[0][1], problems=problems) from None
