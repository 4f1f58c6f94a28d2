"""Proofs that record nothing (``--draft``), and the marks a draft or a duplicate carries.

Kept apart from :mod:`qujat.registry.recording` so that a draft run loads no database library.
"""
from __future__ import annotations

import dataclasses

from qujat.certificates.assemble import Assembled, Designs, Issuing, assemble, recipient_language
from qujat.i18n.localizer import localizer
from qujat.model import IssueSettings, Recipient

#: The languages whose words make up a draft's or a duplicate's mark, in this order.
MARK_LANGUAGES = ("kk", "ru", "en")


def mark(message: str) -> str:
    """A mark such as «ҮЛГІ / ОБРАЗЕЦ / DRAFT»: ``message`` in Kazakh, Russian and English."""
    return " / ".join(localizer(lang).gettext(message) for lang in MARK_LANGUAGES)


def N_(message: str) -> str:
    """A message marked for the catalogs, translated where it is used."""
    return message


def draft_mark() -> str:
    """The watermark of a draft."""
    return mark(N_("DRAFT"))


def duplicate_mark() -> str:
    """The mark of a duplicate issued for a lost certificate."""
    return mark(N_("DUPLICATE"))


def draft_number(spec_primary: str) -> str:
    """The number printed on a draft, in the certificate's language: «ҮЛГІ», «ОБРАЗЕЦ», "DRAFT"."""
    return localizer(spec_primary).gettext(N_("DRAFT"))


class DraftIssuing(Issuing):
    """Proofs: a watermark and the number «ҮЛГІ» / «ОБРАЗЕЦ» / "DRAFT"; nothing recorded."""

    def issue(self, recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
        spec = recipient_language(recipient, settings)
        return assemble(dataclasses.replace(recipient, number=draft_number(spec.primary), stamp=draft_mark(),
                                            seal=None), settings, designs)


