"""Writing results safely: atomic replace, no half-written files, safe names from data."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import secrets
import signal
import struct
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qujat.errors import Location, OutputError
from qujat.messages import M_, os_reason

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def _path_key(path: str | Path) -> str:
    """``path`` as one spelling: its folder resolved (links followed), its own name kept, so that
    ``out/../x.pdf``, ``./x.pdf`` and a linked folder's ``x.pdf`` compare equal."""
    p = Path(path).expanduser()
    folder = os.path.realpath(p.parent if str(p.parent) else ".")
    return os.path.normcase(os.path.join(folder, p.name))


@dataclass(frozen=True)
class _Protected:
    key: str
    path: Path
    what: str


#: What :func:`protected` calls a run's input files in its refusal.
INPUT_OF_RUN = M_("an input of this run", code="protected.input")
#: The files no output of the run in this context may replace (see :func:`protected`).
_PROTECTED: ContextVar[tuple[_Protected, ...]] = ContextVar("qujat_protected", default=())


@contextmanager
def protected(paths: Iterable[str | Path], what: str) -> Iterator[None]:
    """Inside the block, refuse any output onto one of ``paths``: the run's inputs, the award
    registry and its write-ahead log, its signing key. ``what`` names them in the message ("an
    input of this run", "the award registry"). A path given through a link is protected under
    both names; nothing is refused for a file that does not exist yet, only for its name."""
    entries = []
    for path in paths:
        p = Path(path).expanduser()
        for spelling in {_path_key(p), _path_key(os.path.realpath(p))}:
            entries.append(_Protected(spelling, p, what))
    token = _PROTECTED.set(_PROTECTED.get() + tuple(entries))
    try:
        yield
    finally:
        _PROTECTED.reset(token)


def _same_file(target: Path, other: Path) -> bool:
    """Whether ``target`` (not followed if it is a link: a link is replaced, not written
    through) is the very file ``other`` is (a hard link, another spelling)."""
    try:
        mine, theirs = os.lstat(target), os.stat(other)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def refuse_protected(path: str | Path) -> None:
    """Raise :class:`OutputError` (exit 2) when ``path`` would replace a protected file (see
    :func:`protected`); every write of :mod:`qujat.output` calls it first, and a command may
    call it before it starts the work."""
    target = Path(path)
    key = _path_key(target)
    for entry in _PROTECTED.get():
        if key == entry.key or _same_file(target, entry.path):
            raise OutputError(M_("is %(what)s; no output may replace it: give the output another name",
                                 code="output.protected", what=entry.what),
                              Location(str(target)))


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` (its folder made, the target checked) to write to;
    removed when the block fails or is interrupted, left for the caller to move when it ends."""
    folder = target.parent if str(target.parent) else Path(".")
    refuse_protected(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(M_("cannot create the folder: %(reason)s", code="output.no-folder", reason=os_reason(exc)),
                          Location(str(folder))) from None
    if target.is_dir() and not target.is_symlink():
        raise OutputError(M_("is a folder; give a file name", code="output.is-folder"), Location(str(target)))
    if target.exists() and not target.is_symlink() and not target.is_file():
        raise OutputError(M_("is a device, pipe or socket, not a file; give a file name", code="output.not-file"),
                          Location(str(target)))
    # A prefix of this call's own, so that an interruption (Ctrl-C) that comes after mkstemp has
    # created the file but before its name is known here still finds the file to remove.
    prefix = f".{cut_to_bytes(target.name, 60)}.{secrets.token_hex(4)}."
    tmp: Path | None = None
    finished = False
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
        tmp = Path(tmp_name)
        os.close(fd)
        yield tmp
        finished = True
    except OSError as exc:
        raise OutputError(M_("cannot write: %(reason)s", code="output.cannot-write", reason=os_reason(exc)),
                          Location(str(target))) from None
    finally:
        if finished:
            pass
        elif tmp is not None:
            tmp.unlink(missing_ok=True)
        else:
            _remove_unnamed(folder, prefix)


def _move_into_place(tmp: Path, target: Path) -> None:
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends
    without an error, removed when it fails or is interrupted (Ctrl-C). A symlink at ``path``
    is replaced, never followed. Raises :class:`OutputError` when the folder is not writable.
    """
    target = Path(path)
    with _temporary_beside(target) as tmp:
        yield tmp
        _move_into_place(tmp, target)


#: The signals that stop a run (Ctrl-C, kill, a closed terminal, Ctrl-\\).
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT})


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold the stop signals inside the block: one that comes meanwhile is delivered when the
    block ends, so that work which must not be cut in two (files moved into place, a registry
    transaction) finishes first. Only SIGKILL or a power cut can still cut it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Outputs:
    """The files of one run, moved into place together: each is written under a temporary name
    beside its target, and :meth:`commit` renames them all only once every one is complete. A
    run that fails or is interrupted before that (``with Outputs() as out:``) leaves the output
    folder exactly as it was."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._sources: dict[str, str] = {}

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    @contextmanager
    def path(self, path: str | Path, source: str = "") -> Iterator[Path]:
        """A temporary path to write ``path``'s content to, moved into place by :meth:`commit`.

        One run never writes one name twice: a second file staged under a name already staged
        is refused (:class:`OutputError`, exit 2), naming ``source`` (what the file is made
        from) of both."""
        target = Path(path)
        self._claim(target, source)
        with _temporary_beside(target) as tmp:
            yield tmp
        self._staged.append((tmp, target))

    def _claim(self, target: Path, source: str) -> None:
        key = _path_key(target)
        if key in self._sources:
            first = self._sources[key]
            if first and source:
                raise OutputError(M_("two outputs of this run have this name (from %(first)s and from %(second)s); "
                                     "one would replace the other: give each its own output name",
                                     code="output.same-name-from", first=first, second=source), Location(str(target)))
            raise OutputError(M_("two outputs of this run have this name; one would replace the other: give each its "
                                 "own output name", code="output.same-name"), Location(str(target)))
        self._sources[key] = source

    def write(self, path: str | Path, data: bytes, source: str = "") -> Path:
        """Stage ``data`` as the content of ``path`` (``source``: see :meth:`path`)."""
        with self.path(path, source) as tmp, open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return Path(path)

    def commit(self) -> list[Path]:
        """Move every staged file into place; returns their paths. Ctrl-C and the other
        termination signals wait until all are moved, so an interrupted run never leaves a new
        file beside an old one (only SIGKILL or a power cut can split the renames)."""
        done = []
        with signals_held():
            try:
                for tmp, target in self._staged:
                    _move_into_place(tmp, target)
                    done.append(target)
            except OSError as exc:
                raise OutputError(M_("cannot write: %(reason)s", code="output.cannot-write", reason=os_reason(exc)),
                          Location(str(target))) from None
            finally:
                self._staged = [(tmp, target) for tmp, target in self._staged if target not in done]
        return done

    def replacing(self) -> list[Path]:
        """The staged files whose target is already there with other content: what :meth:`commit`
        would replace (a file equal to the new one byte for byte is not counted)."""
        found = []
        for tmp, target in self._staged:
            if target.is_file() and not target.is_symlink() and (
                    target.stat().st_size != tmp.stat().st_size or file_sha256(target) != file_sha256(tmp)):
                found.append(target)
        return found

    def discard(self) -> None:
        """Remove every staged file that was not moved into place."""
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged = []


def _remove_unnamed(folder: Path, prefix: str) -> None:
    """Remove the temporary file that mkstemp made with ``prefix`` but did not get to name."""
    try:
        for leftover in [p for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(".part")]:
            leftover.unlink(missing_ok=True)
    except OSError:  # the folder cannot be listed: then mkstemp made nothing in it either
        pass


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A crash or Ctrl-C leaves the old file or the new one, never half of one; a symlink at
    ``path`` is replaced, not followed. Raises :class:`OutputError` when it cannot write.
    """
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(path)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's content, read in 1 MB pieces (as the register records it)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: The longest file name most file systems take, in bytes of UTF-8.
NAME_MAX = 255


def cut_to_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def safe_file_name(name: str, max_bytes: int = 200) -> str:
    """A file name made from data: no path separators, no ``..``, no control characters, at
    most ``max_bytes`` bytes of UTF-8 (cut at a character), so a suffix still fits in 255.

    Letters of any script are kept; runs of dots and replaced characters fold into one ``_``:
    ``safe_file_name("../../etc/passwd")`` -> ``"etc_passwd"``.
    """
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = _UNSAFE.sub("_", cleaned)
    cleaned = re.sub(r"[._]*_[._]*|\.{2,}", "_", cleaned).strip(" ._")
    cleaned = cut_to_bytes(re.sub(r"\s+", " ", cleaned), max_bytes).rstrip(" .")
    return cleaned or "unnamed"


def unique_name(base: str, suffix: str, taken: set[str]) -> str:
    """``base + suffix``, or ``base (2) + suffix`` ... whichever is not yet in ``taken``
    (compared without case, as on Windows and macOS); the name chosen is added to ``taken``."""
    candidate, n = base + suffix, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base} ({n}){suffix}"
    taken.add(candidate.lower())
    return candidate


FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


#: A ZIP member's local header and central directory entry (signatures), and where their times
#: (and the central entry's file attributes) are.
_LOCAL, _CENTRAL, _END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"


def _dos_time(when: tuple[int, int, int, int, int, int]) -> bytes:
    year, month, day, hour, minute, second = when
    return struct.pack("<HH", (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day)


def _stamped_in_place(data: bytes) -> bytes | None:
    """``data`` (a ZIP that Python's zipfile wrote, as python-docx does) with every member's time
    set to :data:`FIXED_ZIP_TIME` and its attributes to rw-r--r--, written over the headers:
    what :func:`stable_zip` would write, without inflating and deflating every member again.
    None for a ZIP it cannot be sure of (then it is rewritten)."""
    end = data.rfind(_END)
    if end < 0 or len(data) - end < 22:
        return None
    count, size, start = struct.unpack("<HII", data[end + 10:end + 20])
    if start + size != end:
        return None
    out = bytearray(data)
    fixed = _dos_time(FIXED_ZIP_TIME)
    at = start
    for _ in range(count):
        if out[at:at + 4] != _CENTRAL:
            return None
        flags, method = struct.unpack("<HH", out[at + 8:at + 12])
        names, extra, comment = struct.unpack("<HHH", out[at + 28:at + 34])
        local = struct.unpack("<I", out[at + 42:at + 46])[0]
        if flags & 0x08 or method != zipfile.ZIP_DEFLATED or extra or comment or out[local:local + 4] != _LOCAL:
            return None  # a data descriptor, another method, extra fields: not zipfile's plain way
        out[at + 12:at + 16] = fixed
        out[at + 38:at + 42] = struct.pack("<I", 0o644 << 16)
        out[local + 10:local + 14] = fixed
        at += 46 + names
    return bytes(out) if at == end else None


def stable_zip(data: bytes, stamp: dt.datetime | None = None) -> bytes:
    """An Office file (DOCX, XLSX) rewritten so that equal content gives equal bytes: fixed ZIP
    timestamps and attributes and, with ``stamp``, that time as the document's created and
    modified times (openpyxl writes the clock's)."""
    if stamp is None:
        stamped = _stamped_in_place(data)
        if stamped is not None:
            return stamped
    out = io.BytesIO()
    _restamped(zipfile.ZipFile(io.BytesIO(data)), out, stamp)
    return out.getvalue()


#: Parts copied in pieces of this size when an Office file is rewritten.
_PIECE = 1 << 20


def _restamped(src: zipfile.ZipFile, target: IO[bytes], stamp: dt.datetime | None) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            if stamp is not None and info.filename == "docProps/core.xml":
                body = _CORE_TIMES.sub(rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                                       src.read(info.filename))
                dst.writestr(fixed, body)
                continue
            with src.open(info) as part, dst.open(fixed, "w") as copy:
                for piece in iter(lambda: part.read(_PIECE), b""):
                    copy.write(piece)
