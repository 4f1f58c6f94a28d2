"""The shipped templates' compiled code: made for their current source (``tools/compile_templates.py``),
read only for that source and only beside the package's own templates."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qujat.i18n.localizer import Localizer
from qujat.i18n.template_code import ShippedTemplateCode, compiled_code
from qujat.i18n.templating import make_environment, template_folder

SHIPPED = template_folder()
NAMES = sorted(p.relative_to(SHIPPED).as_posix() for p in SHIPPED.rglob("*.j2"))


def _bucket_code(cache: ShippedTemplateCode, folder: Path, name: str):
    env = make_environment(Localizer("ru"), [folder])
    source, filename, _ = env.loader.get_source(env, name)
    return cache.get_bucket(env, name, filename, source).code


def test_there_are_shipped_templates():
    assert "minutes/minutes.j2" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_shipped_template_has_the_code_jinja2_makes_of_it_now(name):
    env = make_environment(Localizer("en"), [SHIPPED])
    path, _ = compiled_code(env, SHIPPED, name)
    assert path.is_file(), f"run `python3 tools/compile_templates.py`: {path.name} is missing"
    shipped = _bucket_code(ShippedTemplateCode(SHIPPED), SHIPPED, name)
    source = (SHIPPED / name).read_text(encoding="utf-8")
    assert shipped == env.compile(source, name, str(SHIPPED / name))
    assert shipped.co_filename == str(SHIPPED / name)  # where it is installed, for messages
    assert sorted(p.name for p in (SHIPPED / name).parent.glob(f"{Path(name).name}.*.code")) == [path.name]


def test_code_is_read_for_the_source_it_was_made_from_only(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(SHIPPED, folder)
    cache = ShippedTemplateCode(folder)
    assert _bucket_code(cache, folder, "minutes/minutes.j2") is not None
    template = folder / "minutes" / "minutes.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{# changed #}\n", encoding="utf-8")
    assert _bucket_code(cache, folder, "minutes/minutes.j2") is None


def test_code_of_another_jinja2_or_python_is_not_read(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(SHIPPED, folder)
    env = make_environment(Localizer("ru"), [folder])
    path, code = compiled_code(env, folder, "minutes/minutes.j2")
    path.write_bytes(b"j2" + b"\x00" * 16 + code[18:])  # the version mark of no Jinja2 or Python
    assert _bucket_code(ShippedTemplateCode(folder), folder, "minutes/minutes.j2") is None


def test_code_beside_an_offices_own_templates_is_never_read(tmp_path):
    """A code file is Python outside the template sandbox: only the package's own are trusted."""
    folder = tmp_path / "office"
    shutil.copytree(SHIPPED, folder)
    assert len(list((folder / "minutes").glob("minutes.j2.*.code"))) == 1  # the code is there, for this source
    assert _bucket_code(ShippedTemplateCode(SHIPPED), folder, "minutes/minutes.j2") is None
