"""Rebuild the kk-Latn catalogs (the documents' ``qujat`` and the web pages' ``web``) from the kk
ones, letter by letter in the 2021 Kazakh Latin alphabet.

Run after the kk catalog changes: ``python3 tools/make_kk_latn_catalog.py``. Review the result:
a word borrowed from Russian may want a hand-made spelling, and such an edit is kept only if
this script is not run again (or is made in the kk catalog instead).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from babel.messages.pofile import read_po, write_po  # noqa: E402

from qujat.i18n.translit import to_latin  # noqa: E402

LOCALE = ROOT / "src" / "qujat" / "locale"


def main() -> None:
    for domain in ("qujat", "qujat-ui"):
        convert(domain)


def convert(domain: str) -> None:
    with open(LOCALE / "kk" / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        catalog = read_po(fh, locale="kk")
    for message in catalog:
        if message.id:
            strings = message.string
            message.string = tuple(map(to_latin, strings)) if isinstance(strings, (list, tuple)) else to_latin(strings)
    catalog.language_team = "qujat kk-Latn"
    target = LOCALE / "kk-Latn" / "LC_MESSAGES" / f"{domain}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True)
    text = target.read_text(encoding="utf-8").replace('"Language: kk\\n"', '"Language: kk_Latn\\n"')
    text = text.replace("# Kazakh translations", "# Kazakh (Latin script, 2021 alphabet) translations", 1)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
