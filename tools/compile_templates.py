"""Compile the shipped template files (``templates/**/*.j2``) to the code Jinja2 would make of
them, beside each, named by a hash of the template's source, Jinja2's version and Python's (see
:mod:`qujat.i18n.template_code`); code for earlier versions is removed.

Run after any template file changes, or after Jinja2 or Python is upgraded (CONTRIBUTING.md):
``python3 tools/compile_templates.py``. A template without its code still works: qujat compiles
it at start-up (40-60 ms for the minutes template), and ``tests/test_template_code.py`` fails
until this is run.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qujat.i18n.localizer import Localizer  # noqa: E402
from qujat.i18n.template_code import compiled_code  # noqa: E402
from qujat.i18n.templating import make_environment  # noqa: E402

FOLDER = ROOT / "templates"


def main() -> None:
    environment = make_environment(Localizer("en"), [FOLDER])
    for template in sorted(FOLDER.rglob("*.j2")):
        target, code = compiled_code(environment, FOLDER, template.relative_to(FOLDER).as_posix())
        for stale in template.parent.glob(f"{template.name}.*.code"):
            if stale != target:
                stale.unlink()
        target.write_bytes(code)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
