"""The Jinja2 environment: sandboxed, with gettext from the catalogs and Babel formatting."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from pathlib import Path
from typing import Any, cast

from jinja2 import FileSystemLoader, StrictUndefined, Template, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from qujat.errors import Location, TemplateError
from qujat.i18n.grammar import genitive_first, kk_post, name_sex, vote_outcome
from qujat.i18n.localizer import Localizer
from qujat.i18n.template_code import ShippedTemplateCode
from qujat.messages import M_
from qujat.resources import templates_dir
from qujat.settings import current as current_settings


def unbroken(text: str) -> str:
    """The text with no-break spaces, so that a line never parts it («№ A20-0007»)."""
    return text.replace(" ", "\u00a0")


def capfirst(text: str | None) -> str:
    """The text with its first letter in upper case and the rest untouched."""
    return text[:1].upper() + text[1:] if text else ""


def name_map_sex(name: dict[str, str] | str | None) -> str | None:
    """``m`` or ``f`` as a name's patronymic tells, in any of its languages' texts (of a text such
    as «Иванов Иван Иванович, председатель …», the part before the first comma); else None."""
    texts = [text.split(",")[0] for text in ([name] if isinstance(name, str) else list((name or {}).values()))]
    return next((sex for sex in map(name_sex, texts) if sex), None)


#: The longest string or list a template may build, by any means (and the largest power with **).
MAX_PRODUCT = 100_000
#: The largest whole number a template may make, in bits (about 100,000 decimal digits).
MAX_INT_BITS = 332_200
#: Methods and filters whose result grows with a number or a text they are given.
_GROWING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map", "join",
                              "replace", "translate", "__mul__", "__rmul__", "__add__", "__mod__"})
_GROWING_FILTERS = ("center", "format", "join", "replace", "wordwrap", "indent", "truncate", "tojson")
#: Filters whose result is their value written out as text (so as long as that, or a few times it).
_TEXT_FILTERS = frozenset({"string", "e", "escape", "forceescape", "safe", "pprint", "tojson", "urlencode",
                           "xmlattr", "striptags", "urlize", "title", "upper", "lower", "capitalize", "trim",
                           "wordcount", "unbroken", "capfirst"})
_WIDTH = re.compile(r"\d{6,}")
_DIGITS = re.compile(r"\d+")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")
_SEQUENCES = (str, bytes, bytearray, list, tuple, dict)


def _too_big(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() > MAX_INT_BITS
    return isinstance(value, _SEQUENCES) and len(value) > MAX_PRODUCT


def _refused(name: str) -> SecurityError:
    return SecurityError(f"{name}: a template may not build a value longer than {MAX_PRODUCT}")


def text_size(value: Any, budget: int = MAX_PRODUCT) -> int:
    """About how long ``value`` is once written out as text (``str(value)``), counted without
    writing it, and only until the count passes ``budget``: a list holding one long text many
    times over is as long as all of them.

    >>> text_size("abc"), text_size(["abc"] * 3) > 9, text_size(["x" * 60_000] * 60_000) > 100_000
    (3, True, True)
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (bytes, bytearray)):
            total += 4 * len(item) + 3  # as repr() writes them
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 30103 // 100000 + 2
        elif isinstance(item, float):
            total += 24
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        else:  # a date, a loop, a namespace …: a short text of its own
            total += 32
        if total > budget:
            return total
    return total


def _refuse_growth(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a call that would build a value larger than :data:`MAX_PRODUCT`:
    a width or count over it, or a format with a six-digit width."""
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, bool):
            continue
        if isinstance(arg, (int, float)) and not abs(arg) <= MAX_PRODUCT:
            raise _refused(name)
        if isinstance(arg, str) and (_too_big(arg) or (name in ("format", "format_map", "__mod__")
                                                       and _WIDTH.search(arg))):
            raise _refused(name)


def _items(value: Any, name: str) -> Any:
    """``value`` as a list when it is a one-pass iterable (a ``map()``), so that it can be measured
    and still be used; more than :data:`MAX_PRODUCT` items are refused."""
    if isinstance(value, (str, list, tuple, dict, set, frozenset)) or not hasattr(value, "__iter__"):
        return value
    items = []
    for item in value:
        items.append(item)
        if len(items) > MAX_PRODUCT:
            raise _refused(name)
    return items


def _join_size(separator: Any, items: Any) -> int:
    count = len(items) if hasattr(items, "__len__") else 0
    return text_size(items) + text_size(separator) * max(0, count - 1)


def _format_size(template: str, values: list[Any], spread: str) -> int:
    """How long formatting ``template`` (``str.format`` with ``{``, ``%`` with ``%``) with
    ``values`` can come out: each field as long as the longest value, padded to the widest width."""
    fields = template.count(spread)
    longest = max((text_size(v) for v in values), default=0)
    widths = [int(d) for d in _DIGITS.findall(template)[:1000] if len(d) <= 6]
    if _NESTED_FIELD.search(template) or (spread == "%" and "*" in template):  # widths taken from the values
        widths += [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return len(template) + fields * (longest + max(widths, default=0))


def _spread(values: Any) -> list[Any]:
    if isinstance(values, tuple):
        return list(values)
    if isinstance(values, dict):
        return list(values.values())
    return [values]


def _replace_size(text: str, old: Any, new: Any, count: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(0, len(new) - len(old))


def _result_size(name: str, args: list[Any], kwargs: dict[str, Any]) -> int:
    """About how long the result of the method or filter ``name`` on ``args`` (its object or value
    first) will be, worked out before it runs; 0 for what does not grow."""
    value = args[0] if args else None
    if name == "join":
        return _join_size(value, args[1] if len(args) > 1 else ())
    if name == "join-filter":
        return _join_size(args[1] if len(args) > 1 else kwargs.get("d", ""), value)
    if name == "replace" and isinstance(value, str) and len(args) >= 3:
        return _replace_size(value, args[1], args[2], args[3] if len(args) > 3 else kwargs.get("count"))
    if name in ("format", "format_map") and isinstance(value, str):
        values = [*args[1:], *kwargs.values()]
        if name == "format_map" and len(args) > 1:
            values = _spread(args[1])
        return _format_size(value, values, "{")
    if name in ("__mod__", "format-filter") and isinstance(value, str):
        values = _spread(args[1]) if name == "__mod__" and len(args) > 1 else [*args[1:], *kwargs.values()]
        return _format_size(value, values, "%")
    if name == "expandtabs" and isinstance(value, str):
        size = args[1] if len(args) > 1 else kwargs.get("tabsize", 8)
        return len(value) + value.count("\t") * (size if isinstance(size, int) else 8)
    if name == "translate" and isinstance(value, str) and len(args) > 1 and isinstance(args[1], dict):
        return len(value) * max((text_size(v) for v in args[1].values()), default=1)
    if name == "wordwrap" and isinstance(value, str):
        wrap = args[4] if len(args) > 4 else kwargs.get("wrapstring") or "\n"
        width = args[1] if len(args) > 1 else kwargs.get("width", 79)
        pieces = len(value) // max(1, width if isinstance(width, int) else 1) + len(value.split()) + 1
        return len(value) + pieces * text_size(wrap)
    if name == "indent" and isinstance(value, str):
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        return len(value) + (value.count("\n") + 1) * (width if isinstance(width, int) else text_size(width))
    if name == "sum":
        start = args[2] if len(args) > 2 else kwargs.get("start", 0)
        if isinstance(start, (str, list, tuple)) and isinstance(value, (list, tuple)):
            return len(start) + sum(len(v) if isinstance(v, _SEQUENCES) else 1 for v in value)
        return 0
    if name in _TEXT_FILTERS:
        return text_size(value)
    return 0


def _checked(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    if _result_size(name, args, kwargs) > MAX_PRODUCT:
        raise _refused(name.removesuffix("-filter"))


#: Filters measured under a name of their own (their arguments are in another order than the method's).
_FILTER_MEASURES = {"join": "join-filter", "format": "format-filter"}


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # context, eval_ctx, environment
    measure = _FILTER_MEASURES.get(name, name)

    def limited(*args: Any, **kwargs: Any) -> Any:
        if name in _GROWING_FILTERS:
            _refuse_growth(name, args[passed:], kwargs)
        if len(args) > passed and name in ("join", "sum", "string"):
            args = (*args[:passed], _items(args[passed], name), *args[passed + 1:])
        _checked(measure, list(args[passed:]), kwargs)
        result = function(*args, **kwargs)
        if _too_big(result):
            raise _refused(name)
        return result

    limited.__dict__.update(getattr(function, "__dict__", {}))  # keeps Jinja2's pass_context and similar markers
    return limited


def _bounded_output(value: Any) -> Any:
    """Every ``{{ value }}`` a template writes, measured before it is written out as text."""
    if text_size(value) > MAX_PRODUCT:
        raise SecurityError(f"a template may not write a value longer than {MAX_PRODUCT}")
    return value


def _bounded_concat(parts: Iterable[Any]) -> str:
    """Jinja2's ``concat``: a template's, a macro's or a ``{% set %}`` block's output joined, once
    its length is known to stay within :data:`MAX_PRODUCT`."""
    pieces = []
    total = 0
    for part in parts:
        total += len(part) if isinstance(part, str) else text_size(part)
        if total > MAX_PRODUCT:
            raise SecurityError(f"a template may not write more than {MAX_PRODUCT} characters")
        pieces.append(part)
    return "".join(pieces)


def limited_join(parts: Iterable[Any]) -> str:
    """``a ~ b``: the texts joined, once their length is known to stay within :data:`MAX_PRODUCT`."""
    values = list(parts)
    if sum(text_size(v) for v in values) > MAX_PRODUCT:
        raise _refused("~")
    return "".join(map(str, values))


class OutputBuffer(list[str]):
    """Where a macro, a ``{% set %}`` block or a ``{% filter %}`` block gathers its output: it
    refuses to hold more than :data:`MAX_PRODUCT` characters (a loop writing a long text over and
    over would otherwise fill the memory before the block ends)."""

    size = 0

    def append(self, item: str) -> None:
        self.size += len(item) if isinstance(item, str) else text_size(item)
        if self.size > MAX_PRODUCT:
            raise SecurityError(f"a template may not write more than {MAX_PRODUCT} characters")
        super().append(item)

    def extend(self, items: Iterable[str]) -> None:
        for item in items:
            self.append(item)


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with ``~`` (string concatenation) measured before it joins and
    every block's output gathered in an :class:`OutputBuffer`."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile or frame.eval_ctx.autoescape:  # never in qujat's environments
            super().visit_Concat(node, frame)
            return
        self.write("environment.limited_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past :data:`MAX_PRODUCT` (doubling a string
    in a loop would otherwise take all memory)."""

    def __setitem__(self, name: str, value: Any) -> None:
        if _too_big(value):
            raise SecurityError(f"namespace attribute {name}: a template may not build a value longer than "
                                f"{MAX_PRODUCT}")
        super().__setitem__(name, value)


def _refuse_big_numbers(operator: str, left: Any, right: Any) -> None:
    whole = (isinstance(left, int) and isinstance(right, int)
             and not isinstance(left, bool) and not isinstance(right, bool))
    if operator == "**" and whole and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS:
        raise SecurityError("a template may not make a number of more than 100,000 digits")
    if operator == "*" and whole and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise SecurityError("a template may not make a number of more than 100,000 digits")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox (no attributes such as ``__class__``, no mutation), where
    nothing can build a huge value either: ``*``, ``**``, ``+``, ``%`` and ``~``, string methods
    (``center``, ``format``, ``join`` …), every filter, namespace attributes, each ``{{ value }}``
    written and the whole output (of a template, a macro, a ``{% set %}`` block) are bounded,
    measured before the value is built."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _LimitedCodeGenerator
    concat = staticmethod(_bounded_concat)
    limited_join = staticmethod(limited_join)
    output_buffer = OutputBuffer

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` as Jinja2's sandbox wraps them, measured first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template, name = value.__self__, value.__name__

        def limited(*args: Any, **kwargs: Any) -> str:
            _refuse_growth(name, args, kwargs)
            _checked(name, [template, *args], kwargs)
            result = wrapped(*args, **kwargs)
            if _too_big(result):
                raise _refused(name)
            return result

        return update_wrapper(limited, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and not abs(right) <= 64:
            raise SecurityError("a power larger than 64 is not allowed in a template")
        _refuse_big_numbers(operator, left, right)
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple, bytes)) and isinstance(count, int) and \
                        len(seq) * count > MAX_PRODUCT:
                    raise _refused("*")
        if operator == "%" and isinstance(left, str):
            _refuse_growth("__mod__", (left,), {})
            _checked("__mod__", [left, right], {})
        result = super().call_binop(context, operator, left, right)
        if _too_big(result):
            raise _refused(operator)
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if name in _GROWING_METHODS and isinstance(owner, (str, list, tuple, bytes)):
            _refuse_growth(name, args, kwargs)
            if name == "join" and args:
                args = (_items(args[0], name), *args[1:])
            _checked(name, [owner, *args], kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if _too_big(result):
            raise _refused(name or "a call")
        return result


class _Timeout(Exception):
    pass


class _Alarm:
    """The SIGALRM deadline's state: whether one is armed, and inside how many :func:`deadline`
    blocks (which share one deadline among all their renders)."""

    shared = 0
    armed = False
    previous: Any = None


def _expire(signum: int, frame: Any) -> None:
    raise _Timeout()


def _can_alarm() -> bool:
    import signal
    import threading

    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm(seconds: float) -> None:
    import signal

    _Alarm.previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _Alarm.armed = True


def _disarm() -> None:
    import signal

    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, _Alarm.previous)
    _Alarm.armed, _Alarm.previous = False, None


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` (SIGALRM; in the main thread of a Unix process only).
    Inside a :func:`deadline` block the first render arms one deadline for the whole block
    (four system calls a block instead of four a render)."""
    if _Alarm.armed or not _can_alarm():
        yield
        return
    _arm(seconds)
    if _Alarm.shared:
        yield  # disarmed when the outermost deadline() block ends
        return
    try:
        yield
    finally:
        _disarm()


@contextmanager
def deadline() -> Iterator[None]:
    """The renders in the block (a page's texts) share one deadline of ``template_seconds``,
    counted from the first of them that runs a template; texts that need no template code (a
    plain ``{{ name }}``, a text rendered before for the same values) arm none."""
    _Alarm.shared += 1
    try:
        yield
    except _Timeout:  # the alarm came between two renders (it stops the page all the same)
        raise TemplateError(M_("the templates ran longer than %(seconds)s s and were stopped (a loop that does not "
                               "end?)",
                               code="template.time", seconds=f"{template_seconds():g}")) from None
    finally:
        _Alarm.shared -= 1
        if not _Alarm.shared and _Alarm.armed:
            _disarm()


def template_seconds() -> float:
    """How long a template may run (the settings' ``template_seconds``; $QUJAT_TEMPLATE_SECONDS for the command)."""
    return current_settings().template_seconds


def template_folder() -> Path:
    """The folder the shipped templates are read from (a test may point it elsewhere)."""
    return templates_dir()


@functools.cache
def _shipped_code() -> ShippedTemplateCode:
    """The compiled code of the package's own template files (:mod:`qujat.i18n.template_code`)."""
    return ShippedTemplateCode(templates_dir())


def make_environment(loc: Localizer, search_path: list[Path] | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment whose ``_``/``ngettext`` use ``loc``'s catalog.

    Filters: ``t`` (a record field in the document language), ``name`` (a person's name field),
    ``signature`` (a name as under a signature: «Б.Ж. Абдирайым»), ``date`` and
    ``date_attributive`` (the official date forms: «2018 жылғы 4 шілде», «… 4 шілдедегі»),
    ``number`` and ``percent`` (CLDR forms), ``capfirst`` (the first letter in capitals, as the
    language writes them), ``in_script`` (a text written in a template, such as the inscription
    of a drawn emblem, in the language's script: Latin letters in kk-Latn). Globals: ``lang``,
    ``genitive_first`` (the title block puts the meeting line first: Kazakh),
    ``vote_outcome(for, against, abstained)`` (:func:`qujat.i18n.grammar.vote_outcome`),
    ``kk_post(position, organisation)`` (:func:`qujat.i18n.grammar.kk_post`: the organisation in
    the genitive, then the post) and ``sex(name)`` (m or f as the name's patronymic tells, else
    none: :func:`qujat.i18n.grammar.name_sex`, over every language's text of a name).
    """
    env = LimitedSandbox(
        loader=FileSystemLoader([str(p) for p in (search_path or [templates_dir()])]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=_bounded_output,
        bytecode_cache=_shipped_code(),
    )
    env.globals.pop("lipsum", None)  # a generator of filler text has no use here, only a cost
    env.globals["namespace"] = LimitedNamespace
    env.install_gettext_callables(loc.gettext, loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["t"] = loc.text
    env.filters["capfirst"] = loc.capfirst
    env.filters["in_script"] = loc.in_script
    env.filters["unbroken"] = unbroken
    env.filters["date"] = loc.date
    env.filters["date_attributive"] = loc.date_attributive
    env.filters["name"] = loc.name
    env.filters["signature"] = loc.signature
    env.filters["number"] = loc.number
    env.filters["percent"] = loc.percent
    for name, function in list(env.filters.items()):
        env.filters[name] = _limited_filter(name, function)
    env.globals["lang"] = loc.lang
    env.globals["genitive_first"] = genitive_first(loc.lang)
    env.globals["vote_outcome"] = vote_outcome
    env.globals["kk_post"] = kk_post
    env.globals["sex"] = name_map_sex
    return env


@contextmanager
def _reported(where: Location) -> Iterator[None]:
    """Turn Jinja2's exceptions into :class:`TemplateError` at ``where``; stop a template that
    runs too long."""
    seconds = template_seconds()
    try:
        with _deadline(seconds):
            yield
    except _Timeout:
        raise TemplateError(M_("the template ran longer than %(seconds)s s and was stopped (a loop that does not end?)",
                               code="template.time-one", seconds=f"{seconds:g}"), where) from None
    except TemplateSyntaxError as exc:
        line = exc.lineno if exc.filename else where.line
        raise TemplateError(M_("template syntax: %(detail)s", code="template.syntax", detail=exc.message or ""),
                            Location(exc.filename or where.file, line, field=where.field)) from None
    except SecurityError as exc:
        raise TemplateError(M_("template not allowed: %(detail)s", code="template.not-allowed", detail=str(exc)),
                            where) from None
    except JinjaTemplateError as exc:
        raise TemplateError(M_("template failed: %(detail)s", code="template.failed", detail=str(exc)), where) from None
    except RecursionError:
        raise TemplateError(M_("template recursion too deep", code="template.recursion"), where) from None
    except MemoryError:
        raise TemplateError(M_("the template needs more memory than there is", code="template.memory"), where) from None
    except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError) as exc:
        # a runtime error of the template's own making: 1/0, a missing key, a bad format …
        raise TemplateError(M_("template failed: %(detail)s", code="template.failed",
                               detail=f"{type(exc).__name__}: {exc}"),
                            where) from None


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


#: Texts remembered per compiled text (then the memo starts again).
MEMO_SIZE = 4096
_ABSENT = object()
#: A template expression evaluated without template code: its value for a context, or
#: :data:`_RENDER` when only the template can tell (a value that is not plain text, a missing one).
_Expression = Callable[[dict[str, Any]], Any]
_RENDER = object()
#: Values whose truth in a condition is the same in Python as in a template.
_PLAIN = (str, bool, int, type(None))


class CompiledText:
    """A text template compiled once and rendered for many certificates, as fast as it can be:

    * a text made only of fixed words, context values (``{{ recipient.name }}``, ``{{ number }}``),
      catalog messages (``{{ _('No. %(number)s', number=number) }}``, given ``gettext``) and
      conditions on context values between them (``{{ _('DRAFT') if draft else number }}``,
      ``x if title is none else title``) is put together directly, no template code run (when
      every value it prints is a string and every value it tests plain; otherwise it is rendered);
    * any other template's text is remembered for the values it reads (``recipient.position``
      and ``recipient.organisation``, say), so that a text that repeats down a list (the same
      post, the same organisation, the same date) is rendered once.

    Either way the text is the one :func:`render_compiled` gives.
    """

    def __init__(self, env: ImmutableSandboxedEnvironment, source: str, where: Location,
                 gettext: Callable[[str], str] | None = None) -> None:
        self.template = compile_string(env, source, where)
        self.parts = _direct_parts(env, source, gettext)
        self.reads = None if self.parts is not None else _reads(env, source)
        self.memo: dict[tuple[Any, ...], str] = {}

    def _direct(self, context: dict[str, Any]) -> str | None:
        """The text put together without template code, or None when only the template can tell."""
        assert self.parts is not None
        if "_" in context or "gettext" in context:  # a context's own "_" would be the template's
            return None
        out: list[str] = []
        for part in self.parts:
            value = part(context)
            if not isinstance(value, str):
                return None
            out.append(value)
        return "".join(out)

    def _key(self, context: dict[str, Any]) -> tuple[Any, ...] | None:
        assert self.reads is not None
        key = []
        for path in self.reads:
            value = _lookup(context, path)
            if not (value is None or value is _ABSENT or isinstance(value, (str, int))):
                return None  # a value that is not plain text is rendered every time
            key.append(value)
        return tuple(key)

    def render(self, where: Location, context: dict[str, Any]) -> str:
        """The text for ``context``; failures become a :class:`TemplateError` at ``where``."""
        if self.parts is not None:
            text = self._direct(context)
            return text if text is not None else render_compiled(self.template, where, **context)
        key = self._key(context) if self.reads is not None else None
        if key is not None:
            found = self.memo.get(key)
            if found is not None:
                return found
        text = render_compiled(self.template, where, **context)
        if key is not None:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = text
        return text


def _lookup(context: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = context.get(path[0], _ABSENT)
    for step in path[1:]:
        value = value.get(step, _ABSENT) if isinstance(value, dict) else _ABSENT
    return value


def _path(node: Any) -> tuple[str, ...] | None:
    """``name`` or ``name.key`` (a key that is not also a dict's method, which Jinja2 would read)."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name) and node.ctx == "load":
        return (node.name,)
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and not hasattr(dict, node.attr):
        return (node.node.name, node.attr)
    return None


def _direct_parts(env: ImmutableSandboxedEnvironment, source: str,
                  gettext: Callable[[str], str] | None) -> tuple[_Expression, ...] | None:
    """The outputs of a template made only of fixed text and the expressions :func:`_expression`
    evaluates, each as a function of the context; None for any other template."""
    try:
        tree = env.parse(source)
    except Exception:
        return None
    parts: list[_Expression] = []
    for output in tree.body:
        if not isinstance(output, nodes.Output):
            return None
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                parts.append(_constant(node.data))
                continue
            expression = _expression(node, gettext)
            if expression is None:
                return None
            parts.append(expression)
    return tuple(parts)


def _expression(node: nodes.Node, gettext: Callable[[str], str] | None) -> _Expression | None:
    """``node`` as a function of the context, for the expressions a certificate's texts use: a
    text constant, ``name`` or ``name.key``, ``_('message', key=expression)`` (given
    ``gettext``), ``a if test else b``, and as a test ``name``, ``not test`` or ``name is
    none``; None for any other expression (the template renders it)."""
    path = _path(node)
    if path is not None:
        return lambda context: _plain(_lookup(context, path))
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return _constant(node.value)
    if isinstance(node, nodes.CondExpr) and node.expr2 is not None:
        test, yes, no = _expression(node.test, gettext), _expression(node.expr1, gettext), _expression(node.expr2,
                                                                                                      gettext)
        if test is None or yes is None or no is None:
            return None
        return functools.partial(_chosen, test, yes, no)
    if isinstance(node, nodes.Not):
        operand = _expression(node.node, gettext)
        return None if operand is None else functools.partial(_negated, operand)
    if (isinstance(node, nodes.Test) and node.name == "none" and not node.args and not node.kwargs
            and node.dyn_args is None and node.dyn_kwargs is None):
        operand = _expression(node.node, gettext)
        return None if operand is None else functools.partial(_is_none, operand)
    if (gettext is not None and isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
            and node.node.name in ("_", "gettext") and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)
            and node.dyn_args is None and node.dyn_kwargs is None):
        message = gettext(node.args[0].value)
        keywords = tuple((keyword.key, _expression(keyword.value, gettext)) for keyword in node.kwargs)
        if any(value is None for _, value in keywords):
            return None
        return functools.partial(_formatted, message, keywords)  # type: ignore[arg-type]
    return None


def _constant(value: str) -> _Expression:
    return lambda context: value


def _plain(value: Any) -> Any:
    return value if isinstance(value, _PLAIN) else _RENDER


def _chosen(test: _Expression, yes: _Expression, no: _Expression, context: dict[str, Any]) -> Any:
    truth = test(context)
    if truth is _RENDER:
        return _RENDER
    return yes(context) if truth else no(context)


def _negated(operand: _Expression, context: dict[str, Any]) -> Any:
    value = operand(context)
    return _RENDER if value is _RENDER else not value


def _is_none(operand: _Expression, context: dict[str, Any]) -> Any:
    value = operand(context)
    return _RENDER if value is _RENDER else value is None


def _formatted(message: str, keywords: tuple[tuple[str, _Expression], ...], context: dict[str, Any]) -> Any:
    """``message`` % the keywords' values, as Jinja2's newstyle gettext formats (always, even
    without values); :data:`_RENDER` when a value is not a string or the message does not format."""
    values = {key: value(context) for key, value in keywords}
    if not all(isinstance(value, str) for value in values.values()):
        return _RENDER
    try:
        return message % values
    except (KeyError, ValueError, TypeError):
        return _RENDER  # rendered: the template reports it


def _reads(env: ImmutableSandboxedEnvironment, source: str) -> tuple[tuple[str, ...], ...] | None:
    """The context values a template reads, as paths (``("recipient", "position")``, or
    ``("date",)`` for a name read whole); None when its text may depend on more than those
    (a ``random`` filter, a syntax error: rendered every time)."""
    from jinja2 import meta, nodes

    try:
        tree = env.parse(source)
    except Exception:
        return None
    if any(node.name == "random" for node in tree.find_all(nodes.Filter)):
        return None
    free = meta.find_undeclared_variables(tree)
    attributes: dict[str, set[str]] = {}
    uses: dict[str, int] = {}
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in free:
            attributes.setdefault(node.node.name, set()).add(node.attr)
    for name_node in tree.find_all(nodes.Name):
        if name_node.name in free:
            uses[name_node.name] = uses.get(name_node.name, 0) + 1
    paths: list[tuple[str, ...]] = []
    for name in sorted(free):
        by_attribute = sum(1 for node in tree.find_all(nodes.Getattr)
                           if isinstance(node.node, nodes.Name) and node.node.name == name)
        if name in attributes and by_attribute == uses[name]:  # only ever read as name.key
            paths.extend((name, attr) for attr in sorted(attributes[name]))
        else:
            paths.append((name,))
    return tuple(paths)


def render_for_blocks(env: ImmutableSandboxedEnvironment, name: str, **context: Any) -> None:
    """Render the template file ``name`` for what the functions it calls do (e.g. append typed
    blocks to a list the caller owns); its text output is not used and must be whitespace only.

    Text elsewhere (a plain line added to the template, a ``{{ value }}`` outside the block
    functions) is a :class:`TemplateError` naming the template line; so is a
    :class:`TemplateError` that a function called by the template raises without a location.
    """
    with _reported(Location(name)):
        template = env.get_template(name)
        file = template.filename or name
        chunks = cast(Generator[str, None, None], template.generate(**context))  # a generator function
        try:
            for chunk in chunks:
                if chunk and not chunk.isspace():
                    text = " ".join(chunk.split())
                    line = _suspended_line(chunks)
                    if line is not None:  # the chunk starts on that line; the text may come lines later
                        line += chunk[:len(chunk) - len(chunk.lstrip())].count("\n")
                    raise TemplateError(M_("the template writes the text '%(text)s' outside its block functions (para, "
                                           "table, page_break, footer); every line must call one of them or be a "
                                           "{%% tag %%}", code="template.stray-text", text=text[:60]),
                                        Location(file, line))
        except TemplateError as exc:
            if exc.location != Location():
                raise
            raise TemplateError(exc.problems[0][1], Location(file, _traceback_line(exc, file))) from None
        finally:
            chunks.close()


def _suspended_line(generator: Any) -> int | None:
    """The template line where a suspended template generator (following ``yield from``) stopped."""
    line = None
    while generator is not None and getattr(generator, "gi_frame", None) is not None:
        frame = generator.gi_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(frame.f_lineno)
        generator = getattr(generator, "gi_yieldfrom", None)
    return line


def _traceback_line(exc: BaseException, file: str) -> int | None:
    """The last line of ``file`` in the traceback of ``exc`` (Jinja2 rewrites the traceback of an
    error raised while rendering to show template lines)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
