"""The rows an Excel 97-2003 workbook (.xls) hides, which python-calamine reads without saying so.

An .xls file is a compound file (CFB: a small FAT file system in one file) whose ``Workbook``
stream holds BIFF8 records. Each sheet's ``ROW`` records carry the row's flags; ``fDyZero``
(0x20) marks a row hidden by hand, collapsed in an outline or filtered out by an autofilter.
Only what finding those flags needs is read: the CFB header, its FAT (and mini FAT, for a
stream under 4,096 bytes), the directory, then the ``BOUNDSHEET`` records (each sheet's name and
the offset of its records) and the chosen sheet's ``ROW`` records, up to its ``EOF``. Anything
this reader does not understand is a :class:`BiffError`: the caller refuses the list rather
than print rows that may be hidden.

>>> xls_hidden_rows_from(b"not a compound file", "Sheet1")
Traceback (most recent call last):
...
qujat.lists.biff.BiffError: not a compound file (no CFB signature)
"""
from __future__ import annotations

import struct
from collections.abc import Callable

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_END_OF_CHAIN, _FREE = 0xFFFFFFFE, 0xFFFFFFFF
_BOF, _EOF, _BOUNDSHEET, _ROW, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x0208, 0x002F
_ROW_HIDDEN = 0x0020  # ROW.grbit fDyZero
_MAX_SECTORS = 1 << 22  # 2 GB of 512-byte sectors: a chain longer than this loops


class BiffError(ValueError):
    """The file is not an .xls workbook this reader can walk: ``kind`` is ``old`` (Excel 5.0/95
    or older), ``encrypted`` or ``damaged``; the message says more, for a developer."""

    def __init__(self, message: str, kind: str = "damaged") -> None:
        super().__init__(message)
        self.kind = kind


class _CompoundFile:
    """The streams of a CFB container, read from its bytes."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != _SIGNATURE:
            raise BiffError("not a compound file (no CFB signature)")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise BiffError(f"unexpected CFB sector sizes (2^{shift}, 2^{mini_shift})")
        self.size, self.mini_size = 1 << shift, 1 << mini_shift
        (fat_count, self.directory_start, _, self.mini_cutoff, mini_fat_start, mini_fat_count,
         difat_start, difat_count) = struct.unpack_from("<IIIIIIII", data, 0x2C)
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        sector, seen = difat_start, 0
        while sector not in (_END_OF_CHAIN, _FREE) and seen < difat_count:  # the DIFAT's own chain
            entries = struct.unpack_from(f"<{self.size // 4}I", self._sector(sector))
            fat_sectors.extend(entries[:-1])
            sector, seen = entries[-1], seen + 1
        fat_sectors = [s for s in fat_sectors[:fat_count] if s not in (_END_OF_CHAIN, _FREE)]
        self.fat = [n for s in fat_sectors for n in struct.unpack_from(f"<{self.size // 4}I", self._sector(s))]
        mini_fat = self._chain_bytes(mini_fat_start, self.fat, self._sector) if mini_fat_count else b""
        self.mini_fat = list(struct.unpack_from(f"<{len(mini_fat) // 4}I", mini_fat))
        self.directory = self._chain_bytes(self.directory_start, self.fat, self._sector)
        root = self._entry(0)
        if root[1] != 5:
            raise BiffError("the compound file has no root entry")
        self.mini_stream = self._chain_bytes(root[2], self.fat, self._sector)[:root[3]]

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if start >= len(self.data):
            raise BiffError(f"sector {number} lies outside the file")
        return self.data[start:start + self.size]

    def _mini_sector(self, number: int) -> bytes:
        start = number * self.mini_size
        if start >= len(self.mini_stream):
            raise BiffError(f"mini sector {number} lies outside the mini stream")
        return self.mini_stream[start:start + self.mini_size]

    @staticmethod
    def _chain_bytes(start: int, table: list[int], read: Callable[[int], bytes]) -> bytes:
        pieces, sector, steps = [], start, 0
        while sector not in (_END_OF_CHAIN, _FREE):
            if sector >= len(table) or steps > _MAX_SECTORS:
                raise BiffError("a sector chain of the compound file is broken")
            pieces.append(read(sector))
            sector, steps = table[sector], steps + 1
        return b"".join(pieces)

    def _entry(self, index: int) -> tuple[str, int, int, int]:
        """Directory entry ``index``: name, type (1 storage, 2 stream, 5 root), first sector, size."""
        offset = index * 128
        if offset + 128 > len(self.directory):
            raise BiffError("the compound file's directory is cut short")
        length, kind = struct.unpack_from("<HB", self.directory, offset + 0x40)
        name = self.directory[offset:offset + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
        start, size = struct.unpack_from("<IQ", self.directory, offset + 0x74)
        if self.size == 512:
            size &= 0xFFFFFFFF  # version 3 files keep only the low 32 bits
        return name, kind, start, size

    def stream(self, *names: str) -> bytes:
        """The first stream called one of ``names`` (case-insensitive, as CFB names compare)."""
        wanted = {n.casefold() for n in names}
        for index in range(len(self.directory) // 128):
            name, kind, start, size = self._entry(index)
            if kind == 2 and name.casefold() in wanted:
                if size < self.mini_cutoff:
                    return self._chain_bytes(start, self.mini_fat, self._mini_sector)[:size]
                return self._chain_bytes(start, self.fat, self._sector)[:size]
        raise BiffError(f"the compound file has no {' or '.join(names)} stream")


def _records(stream: bytes, offset: int) -> list[tuple[int, bytes]] | None:
    """The records from ``offset`` to the substream's EOF, or None when they run off the end."""
    found = []
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4:offset + 4 + length]
        if len(body) < length:
            return None
        found.append((kind, body))
        offset += 4 + length
        if kind == _EOF:
            return found
    return None


def _sheet_name(body: bytes) -> str:
    """A BOUNDSHEET record's sheet name (a ShortXLUnicodeString after 6 bytes)."""
    count, high = body[6], body[7] & 1
    raw = body[8:8 + count * (2 if high else 1)]
    return raw.decode("utf-16-le") if high else raw.decode("latin-1")


def xls_hidden_rows_from(data: bytes, sheet: str) -> frozenset[int]:
    """The 1-based numbers of the rows sheet ``sheet`` of the .xls workbook ``data`` hides."""
    try:
        return _hidden_rows(data, sheet)
    except (struct.error, IndexError, UnicodeDecodeError) as exc:  # a structure cut short or garbled
        raise BiffError(f"the workbook's structure is damaged ({exc})") from None


def _hidden_rows(data: bytes, sheet: str) -> frozenset[int]:
    stream = _CompoundFile(data).stream("Workbook", "Book")
    globals_ = _records(stream, 0)
    if not globals_ or globals_[0][0] != _BOF:
        raise BiffError("the Workbook stream does not begin with a BIFF BOF record")
    if struct.unpack_from("<H", globals_[0][1])[0] != 0x0600:
        raise BiffError("an Excel 5.0/95 or older workbook (not BIFF8)", "old")
    if any(kind == _FILEPASS for kind, _ in globals_):
        raise BiffError("the workbook is encrypted", "encrypted")
    offsets = {_sheet_name(body): struct.unpack_from("<I", body)[0]
               for kind, body in globals_ if kind == _BOUNDSHEET and len(body) >= 8}
    if sheet not in offsets:
        raise BiffError(f"the Workbook stream lists no sheet {sheet!r}")
    records = _records(stream, offsets[sheet])
    if not records or records[0][0] != _BOF:
        raise BiffError(f"sheet {sheet!r} has no BIFF records where the workbook says")
    hidden = set()
    for kind, body in records:
        if kind == _ROW and len(body) >= 14:
            row, = struct.unpack_from("<H", body)
            grbit, = struct.unpack_from("<H", body, 12)
            if grbit & _ROW_HIDDEN:
                hidden.add(row + 1)
    return frozenset(hidden)
