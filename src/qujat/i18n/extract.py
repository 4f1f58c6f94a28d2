"""Babel extractors: for award definitions (the Jinja2 strings inside their YAML values), and for
the user-interface messages of the Python modules (``M_()`` and the command line's help)."""
from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from typing import Any

import yaml
from jinja2.ext import babel_extract


def _strings(node: yaml.Node) -> Iterator[tuple[int, str]]:
    if isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _strings(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings(item)
    elif isinstance(node, yaml.ScalarNode) and ("{{" in node.value or "{%" in node.value):
        yield node.start_mark.line + 1, str(node.value)


def extract_award_yaml(fileobj: Any, keywords: Any, comment_tags: Any,
                       options: dict[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Yield ``(line, function, message, comments)`` for each ``_()`` in the YAML's Jinja2 strings.

    Registered in babel.cfg's ``[extractors]`` section as ``award_yaml``.
    """
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    if root is None:
        return
    for line, text in _strings(root):
        jinja_options = {**options, "extensions": "jinja2.ext.i18n"}
        found = babel_extract(io.BytesIO(text.encode("utf-8")), keywords, comment_tags, jinja_options)
        for lineno, func, message, comments in found:
            yield line + lineno - 1, func, message, comments


def _click_help(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """The help texts of click commands in a module: each decorated command's or group's
    docstring (cleaned, as click shows it) and every ``help="…"`` given to a decorator."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
            if any(isinstance(d, ast.Attribute) and d.attr in ("command", "group") for d in decorators):
                doc = ast.get_docstring(node, clean=True)
                if doc:
                    yield node.lineno, doc
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant) and \
                        isinstance(keyword.value.value, str):
                    yield keyword.value.lineno, keyword.value.value


def extract_ui_python(fileobj: Any, keywords: Any, comment_tags: Any,
                      options: dict[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """The ``qujat-ui`` messages of a Python module: its ``M_()`` / ``Mn_()`` calls (only these,
    whatever keywords the run was given: a module's ``_()`` and ``N_()`` are the documents'), and
    the help of its click commands (docstrings and ``help=`` texts), which the command line shows
    in the user's language.

    Registered in babel-ui.cfg's ``[extractors]`` section as ``ui_python``.
    """
    from babel.messages.extract import extract_python

    source = fileobj.read()
    own = {"M_": None, "Mn_": (1, 2)}  # never the documents' _() / N_(), whatever keywords the run has
    found: Iterator[Any] = extract_python(io.BytesIO(source), own, comment_tags, options)  # type: ignore[arg-type]
    yield from found
    for line, text in _click_help(ast.parse(source)):
        yield line, "M_", text, []
