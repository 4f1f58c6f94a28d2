"""A Babel extractor for award definitions: the Jinja2 strings inside their YAML values."""
from __future__ import annotations

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
