"""The Jinja2 environment: sandboxed, with gettext from the catalogs and Babel formatting."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.exceptions import SecurityError, TemplateError as JinjaTemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import Location, TemplateError
from .i18n import Localizer
from .resources import templates_dir


def capfirst(text: str | None) -> str:
    """The text with its first letter in upper case and the rest untouched."""
    return text[:1].upper() + text[1:] if text else ""


def make_environment(loc: Localizer, search_path: list[Path] | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment whose ``_``/``ngettext`` use ``loc``'s catalog.

    Filters: ``t`` (a record field in the document language), ``date``, ``number`` and
    ``percent`` (CLDR forms of the document language), ``capfirst``.
    """
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in (search_path or [templates_dir()])]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(loc.gettext, loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["t"] = loc.text
    env.filters["capfirst"] = capfirst
    env.filters["date"] = loc.date
    env.filters["number"] = loc.number
    env.filters["percent"] = loc.percent
    env.globals["lang"] = loc.lang
    return env


@contextmanager
def _reported(where: Location) -> Iterator[None]:
    """Turn Jinja2's exceptions into :class:`TemplateError` at ``where``."""
    try:
        yield
    except TemplateSyntaxError as exc:
        line = exc.lineno if exc.filename else where.line
        raise TemplateError(f"template syntax: {exc.message}",
                            Location(exc.filename or where.file, line, field=where.field)) from None
    except SecurityError as exc:
        raise TemplateError(f"template not allowed: {exc}", where) from None
    except JinjaTemplateError as exc:
        raise TemplateError(f"template failed: {exc}", where) from None
    except RecursionError:
        raise TemplateError("template recursion too deep", where) from None


def render(env: ImmutableSandboxedEnvironment, name: str, **context: Any) -> str:
    """Render the template file ``name``; a broken template becomes a :class:`TemplateError`."""
    with _reported(Location(name)):
        return env.get_template(name).render(**context)
    raise AssertionError("unreachable")


def render_string(env: ImmutableSandboxedEnvironment, source: str, where: Location, **context: Any) -> str:
    """Render a template given as a string (e.g. a text in an award definition)."""
    return render_compiled(compile_string(env, source, where), where, **context)


def compile_string(env: ImmutableSandboxedEnvironment, source: str, where: Location) -> Template:
    """Compile a template string once, to render it many times with :func:`render_compiled`."""
    with _reported(where):
        return env.from_string(source)
    raise AssertionError("unreachable")


def render_compiled(template: Template, where: Location, **context: Any) -> str:
    """Render a compiled template; failures become a :class:`TemplateError` at ``where``."""
    with _reported(where):
        return template.render(**context)
    raise AssertionError("unreachable")
