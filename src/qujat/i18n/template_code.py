"""The compiled code of the shipped template files, kept beside them, so that a run does not
parse and compile the minutes template again (Jinja2 takes 40-60 ms for it, a sixth of the
command's start-up).

The code is read through Jinja2's public bytecode-cache interface and only when it was made
from these very template bytes, by this Jinja2 and this Python: its file is named by a hash of
all three (``minutes.j2.3f2a…c1.code``), and Jinja2 checks its own version mark inside. Any
other template (a changed one, an office's own) is compiled as before, and only code beside
the package's own templates is ever read (a code file is Python, outside the sandbox that a
template's text is held in). Nothing is written at
run time: ``tools/compile_templates.py`` makes the files, and ``tests/test_template_code.py``
fails until it is run after a template changes.
"""
from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache


def code_path(template: Path, checksum: str) -> Path:
    """Where the compiled code of the template file ``template`` is kept, for the source whose
    Jinja2 checksum is ``checksum``."""
    mark = f"{checksum}|jinja2 {jinja2.__version__}|python {sys.version_info[0]}.{sys.version_info[1]}"
    return template.with_name(f"{template.name}.{hashlib.sha256(mark.encode()).hexdigest()[:16]}.code")


def _placed(code: types.CodeType, filename: str) -> types.CodeType:
    """``code`` and the code objects inside it as if compiled from ``filename`` (where the
    template is installed, not where its code was made)."""
    consts = tuple(_placed(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


class ShippedTemplateCode(BytecodeCache):
    """A read-only bytecode cache: the code made by ``tools/compile_templates.py`` for a
    template file in ``folder`` (the package's templates), when there is code for its current
    source."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The template's file (the code is kept beside it); its name when it has none."""
        return filename or name

    def load_bytecode(self, bucket: Bucket) -> None:
        """The bucket's code from the file beside the template, if there is one for this source."""
        template = Path(bucket.key)
        try:
            if not template.resolve().is_relative_to(self.folder):
                return
            data = code_path(template, bucket.checksum).read_bytes()
        except (OSError, ValueError):
            return
        bucket.bytecode_from_string(data)  # another Jinja2's or Python's mark: no code
        if bucket.code is not None:
            bucket.code = _placed(bucket.code, bucket.key)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Nothing: the shipped code is made by the tool, never at run time."""


def compiled_code(environment: jinja2.Environment, folder: Path, name: str) -> tuple[Path, bytes]:
    """Where the code of the template ``name`` in ``folder`` (as ``environment`` loads it) is
    kept, and its bytes: for the tool that writes them and the test that checks them."""
    template = folder / name
    source = template.read_text(encoding="utf-8")
    bucket = Bucket(environment, str(template), ShippedTemplateCode(folder).get_source_checksum(source))
    bucket.code = environment.compile(source, name, str(template))
    return code_path(template, bucket.checksum), bucket.bytecode_to_string()
