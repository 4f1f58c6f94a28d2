"""Safe YAML loading that remembers where every value stood in the file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qujat.errors import Location, QujatError, RecordError
from qujat.messages import M_, Number
from qujat.reading import read_limited
from qujat.settings import current as current_settings
from qujat.text import CONTROL_CHARS

Path_ = tuple[str | int, ...]

#: C0/C1 control characters that have no place in a document text (tab and newline are fine).
#: ``QUJAT_MAX_YAML_BYTES`` overrides the size limit of a YAML file.
MAX_BYTES_VARIABLE = "QUJAT_MAX_YAML_BYTES"
#: The next-line control (NEL), which some editors write as a line break, and what it is read as.
NEXT_LINE, LINE_SEPARATOR = "\x85", "\u2028"
#: Halves of UTF-16 pairs, which no text may hold alone (YAML's "\ud800" escape makes one).
SURROGATES = re.compile("[\ud800-\udfff]")
#: The characters :meth:`_Builder.scalar` looks at in a text (control characters, NEL, surrogates).
_LOOK_CLOSER = re.compile(f"{CONTROL_CHARS.pattern}|{SURROGATES.pattern}")
#: Values a file may expand to, aliases counted each time they are used ("billion laughs").
MAX_NODES = 200_000


def _typed_as_written(loader: type[yaml.SafeLoader]) -> None:
    """Give ``loader`` YAML 1.2's core schema for plain values, so a value keeps the text it was
    typed as: ``No`` and ``yes`` are words, ``010`` and ``07-12`` are numbers as written (texts),
    ``1:30`` is a time of day, not 90. Plain ``true``/``false``, whole numbers without a leading
    zero, decimals, ``null`` and dates (YYYY-MM-DD) keep their types."""
    loader.yaml_implicit_resolvers = {}
    rules = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
        ("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?(?:\.inf|\.Inf|\.INF)$"
                  r"|^(?:\.nan|\.NaN|\.NAN)$", "-+0123456789."),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("timestamp", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789"),
    ]
    for tag, pattern, first in rules:
        loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))


class _PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader with values typed as written."""


def _resolve(self: yaml.SafeLoader, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's ``BaseResolver.resolve`` for a loader with implicit resolvers by first character
    only (no path resolvers, no wildcard ones, as :func:`_typed_as_written` makes them): called
    for every value the composer meets, so kept to what such a loader needs."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return str(tag)
        return str(self.DEFAULT_SCALAR_TAG)
    return str(self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG)


_typed_as_written(_PureLoader)
_CSafe: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
#: libyaml's composer (about 20 times faster), when PyYAML was built with it; values typed as written.
FAST_LOADER: type[yaml.SafeLoader] | None = type("_FastLoader", (_CSafe,), {}) if _CSafe else None
if FAST_LOADER is not None:
    _typed_as_written(FAST_LOADER)
    if not FAST_LOADER.yaml_path_resolvers and None not in FAST_LOADER.yaml_implicit_resolvers:
        FAST_LOADER.resolve = _resolve  # type: ignore[assignment,method-assign]
#: Deepest nesting the files may have (the builder refuses deeper ones).
MAX_DEPTH = 100
#: The only tags a file may use, explicitly or implicitly: no Python objects, no custom types.
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null",
                                                           "timestamp"))


def max_yaml_bytes() -> int:
    """The size limit of a YAML file: the settings' (``QUJAT_MAX_YAML_BYTES`` for the command), 5 MB by default."""
    return current_settings().max_yaml_bytes


@dataclass
class PositionedData:
    """Plain Python data from a YAML file plus the position of each value, keyed by path."""

    data: Any
    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> Location:
        """The location of ``path``, or of its nearest ancestor the file has."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        line, col = self.positions.get(path, (1, 1))
        return Location(self.file, line, col)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed YAML node tree into Python data, recording positions."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[tuple[Location, str]] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0

    def problem(self, node: yaml.Node, message: str) -> None:
        line, col = _mark(node)
        self.problems.append((Location(self.file, line, col), message))

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise RecordError(M_("the file expands to more than %(count)s values (aliases repeated over and over?); "
                                 "refused", code="yaml.too-many-values", count=Number(MAX_NODES)),
                              Location(self.file, *_mark(node)))
        if depth > MAX_DEPTH:
            raise RecordError(M_("the file is nested more than %(count)s levels deep; refused", code="yaml.too-deep",
                                 count=MAX_DEPTH),
                              Location(self.file, *_mark(node)))
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        kind = type(node)
        if kind is yaml.ScalarNode and node.tag == _STR:  # the usual value: a text (as scalar() takes it)
            value = node.value
            if _LOOK_CLOSER.search(value):  # a character scalar() replaces or refuses
                return self.scalar(node, path)
            return value
        if node.tag not in PLAIN_TAGS:
            self.problem(node, f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed: "
                               "qujat reads plain YAML (texts, numbers, dates, lists, mappings)")
            return None
        if kind is yaml.MappingNode or isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.value == "<<" and isinstance(key_node, yaml.ScalarNode) and not key_node.style:
                    self.problem(key_node, "merge keys (<<) are not supported: write the fields out in full")
                    continue
                key = self.scalar(key_node, path)
                if key in result:
                    self.problem(key_node, f"duplicate key '{key}': each key may appear once")
                    continue
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, "a key must be a plain value, not a list or mapping")
            return None
        try:
            # a text is its node's value (what the constructor would give, without its dispatch)
            value = node.value if node.tag == _STR else self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, yaml.YAMLError) as exc:
            what = "a valid date (YYYY-MM-DD)" if node.tag.endswith(":timestamp") else "a valid value"
            self.problem(node, f"'{node.value}' is not {what}: {exc}")
            return node.value
        if isinstance(value, str):
            # NEL is a line break to some editors (and YAML's "\N"): the line separator U+2028
            value = value.replace(NEXT_LINE, LINE_SEPARATOR)
            half = SURROGATES.search(value)
            if half:
                self.problem(node, M_("the text holds U+%(char)s, half of a character (a broken UTF-16 pair, e.g. "
                                      "a \\ud800 escape): retype the character", code="yaml.surrogate",
                                      char=f"{ord(half.group()):04X}"))
            elif CONTROL_CHARS.search(value):
                bad = CONTROL_CHARS.search(value).group()  # type: ignore[union-attr]
                self.problem(node, f"control character U+{ord(bad):04X} is not allowed in text")
        return value


_STR = "tag:yaml.org,2002:str"
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
#: What may stand before a block collection on its line: the indentation and the indicators of
#: collections started on the same line ("- - a: 1", "? key").
_BLOCK_PREFIX = re.compile(r"^ *(?:[-?:](?: +|$))*", re.MULTILINE)


def _nesting_bound(text: str) -> int:
    """A depth no collection of ``text`` can be nested beyond, found without parsing: a flow
    collection opens with a bracket, and a block collection starts in its line's indentation
    and indicators, one column further in than the collection holding it, or in the same column
    as a sequence that is a mapping's value (so at most two levels a column)."""
    prefix = max((len(m.group()) for m in _BLOCK_PREFIX.finditer(text)), default=0)
    return 2 * (prefix + 1) + text.count("[") + text.count("{") + 1
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _deeper_than(text: str, limit: int, loader: type[yaml.SafeLoader]) -> bool:
    """Whether ``text`` nests collections more than ``limit`` deep (a stream of parse events,
    no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > limit:
                return True
        elif isinstance(event, _CLOSE):
            depth -= 1
    return False


def _compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``; each node keeps its position (``start_mark``).

    libyaml composes when it is available. Its composer recurses in C, where a file nested
    thousands deep would overflow the stack, so a file nested deeper than the builder allows
    goes to PyYAML's pure-Python composer, which fails as before (RecursionError, or the
    builder's limit); so does a file libyaml finds broken, for PyYAML's fuller message.
    """
    fast = FAST_LOADER
    if fast is not None and (len(text) <= MAX_DEPTH or _nesting_bound(text) <= MAX_DEPTH
                             or not _deeper_with_fallback(text, fast)):
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_PureLoader)


def _deeper_with_fallback(text: str, fast: type[yaml.SafeLoader]) -> bool:
    """:func:`_deeper_than` the builder's limit; a file libyaml cannot parse counts as deep (it
    goes to the pure-Python composer, whose message names the problem)."""
    try:
        return _deeper_than(text, MAX_DEPTH, fast)
    except yaml.YAMLError:
        return True


def load_yaml(path: str | Path, max_bytes: int | None = None,
              error: type[QujatError] = RecordError) -> PositionedData:
    """Read a YAML file safely; every error names the file, line and column.

    Raises ``error`` (default :class:`RecordError`) for a missing file, a file over
    ``max_bytes``, broken YAML, duplicate keys, bad dates and control characters.
    """

    name = str(path)
    max_bytes = max_yaml_bytes() if max_bytes is None else max_bytes
    raw = read_limited(path, max_bytes, error, MAX_BYTES_VARIABLE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", Location(name)) from None
    try:
        node = _compose(text)
    except RecursionError:
        raise error("the file is nested too deeply; refused", Location(name)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        msg = " ".join(s for s in (exc.context, exc.problem) if s)
        raise error(f"broken YAML: {msg}", loc) from None
    except yaml.YAMLError as exc:
        raise error(f"broken YAML: {exc}", Location(name)) from None
    if node is None:
        raise error("the file is empty", Location(name, 1, 1))
    builder = _Builder(name)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise error("the file is nested too deeply; refused", Location(name)) from None
    if builder.problems:
        raise error(builder.problems[0][1], problems=builder.problems)
    return PositionedData(data, name, builder.positions)
