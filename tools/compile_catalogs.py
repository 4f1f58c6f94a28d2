"""Compile every catalog (``src/qujat/locale/*/LC_MESSAGES/*.po``) to the form gettext reads in a
millisecond, beside it, named by the SHA-256 of the .po's bytes (see
:func:`qujat.i18n.localizer.compiled_path`); compiled forms of earlier versions are removed.

Run after any catalog changes (the last step in CONTRIBUTING.md): ``python3 tools/compile_catalogs.py``.
A catalog without its compiled form still works: qujat compiles it in memory at start-up (15-25 ms
for the larger ones), and ``tests/test_catalogs.py`` fails until this is run.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from babel.messages.mofile import write_mo  # noqa: E402

from qujat.i18n.localizer import LOCALE_DIR, babel_locale_name, compiled_path, read_catalog  # noqa: E402


def compiled(po: Path) -> bytes:
    """The .mo bytes of the catalog ``po`` (what qujat would compile in memory)."""
    catalog = read_catalog(po, babel_locale_name(po.parent.parent.name), po.stem)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def main() -> None:
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        target = compiled_path(po, po.read_bytes())
        for stale in po.parent.glob(f"{po.stem}.*.mo"):
            if stale != target:
                stale.unlink()
        target.write_bytes(compiled(po))
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
