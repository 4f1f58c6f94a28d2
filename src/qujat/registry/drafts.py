"""Proofs that record nothing (``--draft``), and the marks a draft or a duplicate carries.

Kept apart from :mod:`qujat.registry.recording` so that a draft run loads no database library.
"""
from __future__ import annotations

import dataclasses

from qujat.certificates.assemble import Assembled, Designs, Issuing, assemble, recipient_language
from qujat.i18n.localizer import N_, localizer, script_converter
from qujat.i18n.spec import LanguageSpec
from qujat.model import IssueSettings, Recipient

#: The languages whose words make up a draft's or a duplicate's mark, in this order.
MARK_LANGUAGES = ("kk", "ru", "en")


def mark_languages(spec: LanguageSpec | None = None) -> list[str]:
    """The languages of a mark on a document in ``spec``: Kazakh, Russian and English, Kazakh in
    the document's own script (kk-Latn for a kk-Latn document, whose mark then leaves the
    Cyrillic Russian word out: one script per document)."""
    for lang in spec.languages if spec is not None else ():
        derived = script_converter(lang)
        if derived:
            return [lang if mark_lang == derived[0] else mark_lang for mark_lang in MARK_LANGUAGES
                    if mark_lang != "ru" or "ru" in spec.languages]  # type: ignore[union-attr]
    return list(MARK_LANGUAGES)


def mark(message: str, spec: LanguageSpec | None = None) -> str:
    """A mark such as «ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE»: ``message`` in Kazakh, Russian and
    English (:func:`mark_languages`), each word once."""
    words: list[str] = []
    for lang in mark_languages(spec):
        word = localizer(lang).gettext(message)
        if word not in words:
            words.append(word)
    return " / ".join(words)


def draft_mark(spec: LanguageSpec | None = None) -> str:
    """The watermark of a draft: «ҮЛГІ / ОБРАЗЕЦ / DRAFT»."""
    return mark(N_("DRAFT"), spec)


def duplicate_mark(spec: LanguageSpec | None = None) -> str:
    """The mark of a duplicate issued for a lost certificate: «ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE»."""
    return mark(N_("DUPLICATE"), spec)


def draft_number(spec_primary: str) -> str:
    """The number printed on a draft, in the certificate's language: «ҮЛГІ», «ОБРАЗЕЦ», "DRAFT"."""
    return localizer(spec_primary).gettext(N_("DRAFT"))


class DraftIssuing(Issuing):
    """Proofs: a watermark («ҮЛГІ / ОБРАЗЕЦ / DRAFT») and the number in the certificate's language
    («№ ҮЛГІ» / «№ ОБРАЗЕЦ» / "No. DRAFT", each half of a bilingual page in its own); nothing recorded."""

    def issue(self, recipient: Recipient, settings: IssueSettings, designs: Designs) -> Assembled:
        spec = recipient_language(recipient, settings)
        return assemble(dataclasses.replace(recipient, number=draft_number(spec.primary), stamp=draft_mark(spec),
                                            seal=None, draft=True), settings, designs)
