"""Input files as capped streams: a zip bomb or a file of one endless line is refused, not read.

:func:`open_input` opens a plain file or the single member of a ``.zip`` as a
binary stream (a zip is never unpacked into memory or onto disk);
:func:`capped_lines` reads it in blocks and yields its lines, refusing with
one :class:`~geokg.errors.InputError` when

- the uncompressed bytes pass ``limits.max_bytes`` (default 2 GiB, or the
  environment variable ``GEOKG_MAX_INPUT_BYTES``: a number with an optional
  ``K``/``M``/``G`` suffix),
- a zip's uncompressed bytes pass ``limits.max_ratio`` times its compressed
  size, once past ``limits.ratio_floor`` (64 MiB): real exports compress
  about 8 times, a bomb of zeros a thousand times,
- a line is longer than ``limits.max_line`` (64 KiB): a file without line
  breaks would otherwise be read whole into memory.

Memory stays at about one block (1 MiB) plus one line, whatever the file.
Blank blocks (a run of newlines) are counted and skipped without a Python
loop per line.

>>> import io
>>> [n for n, _ in capped_lines(io.BytesIO(b"a\\n\\n\\nb\\n"), "x")]
[1, 4]
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from geokg.errors import InputError

__all__ = ["InputLimits", "open_input", "capped_lines", "parse_size", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 2 * 1024 ** 3
_BLOCK = 1024 * 1024


def parse_size(text: str) -> int:
    """``"2G"`` -> 2147483648; a plain number is bytes.

    >>> parse_size("64M"), parse_size("1000")
    (67108864, 1000)
    """
    m = re.fullmatch(r"\s*(\d+)\s*([KMG]i?B?)?\s*", str(text), re.IGNORECASE)
    if not m:
        raise InputError(f"{text!r} is not a size (a number of bytes, or with K, M or G)")
    unit = (m.group(2) or "")[:1].upper()
    return int(m.group(1)) * {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}[unit]


@dataclass(frozen=True)
class InputLimits:
    """Caps on one input file: uncompressed bytes, compression ratio of a zip, bytes per line."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_ratio: float = 100.0
    ratio_floor: int = 64 * 1024 * 1024
    max_line: int = 64 * 1024

    @classmethod
    def default(cls) -> "InputLimits":
        """The defaults, with ``GEOKG_MAX_INPUT_BYTES`` if set."""
        env = os.environ.get("GEOKG_MAX_INPUT_BYTES")
        return cls(max_bytes=parse_size(env)) if env else cls()


def open_input(path: Path, what: str, limits: InputLimits) -> tuple[IO[bytes], str, int | None]:
    """(binary stream, name without ``.zip``, compressed size or None) of a file or a one-member zip.

    A file, or a zip whose header declares, more than ``limits.max_bytes`` is refused before reading;
    a zip header may lie, so :func:`capped_lines` counts the bytes too.
    """
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if path.suffix.lower() != ".zip":
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputError(f"{path} is {size} bytes, more than the limit of {limits.max_bytes} "
                             f"(GEOKG_MAX_INPUT_BYTES raises it)")
        return path.open("rb"), path.name, None
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not a zip archive") from None
    members = [m for m in zf.infolist() if not m.is_dir()]
    if len(members) != 1:
        zf.close()
        raise InputError(f"{path}: a {what} .zip holds exactly one file; this one holds {len(members)}")
    member = members[0]
    if member.file_size > limits.max_bytes:
        zf.close()
        raise InputError(f"{path}: unpacks to {member.file_size} bytes, more than the limit of {limits.max_bytes} "
                         f"(GEOKG_MAX_INPUT_BYTES raises it)")
    try:
        stream = zf.open(member)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        zf.close()
        raise InputError(f"{path}: cannot read the zip: {exc}") from None
    return stream, path.name[: -len(".zip")], max(1, member.compress_size)


def capped_lines(stream: IO[bytes], name: str, limits: InputLimits | None = None,
                 compressed: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, line without its line break) for every non-blank line of ``stream``, within ``limits``."""
    limits = limits or InputLimits.default()
    total = 0
    n = 0
    rest = b""
    while True:
        try:
            block = stream.read(_BLOCK)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise InputError(f"{name}: cannot read: {exc}") from None
        if not block:
            break
        total += len(block)
        if total > limits.max_bytes:
            raise InputError(f"{name}: more than {limits.max_bytes} bytes uncompressed; refused "
                             f"(GEOKG_MAX_INPUT_BYTES raises the limit)")
        if compressed is not None and total > limits.ratio_floor and total > limits.max_ratio * compressed:
            raise InputError(f"{name}: unpacks to more than {limits.max_ratio:g} times its {compressed} compressed "
                             f"bytes; refused as a zip bomb")
        if not rest and not block.strip():  # a block of blank lines: count them, nothing to yield
            n += block.count(b"\n")
            continue
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        if len(rest) > limits.max_line:
            raise InputError(f"{name}: line {n + len(lines) + 1} is longer than {limits.max_line} bytes; "
                             f"not a line-based table")
        for raw in lines:
            n += 1
            if len(raw) > limits.max_line:
                raise InputError(f"{name}: line {n} is longer than {limits.max_line} bytes; not a line-based table")
            if raw.strip():
                yield n, raw.rstrip(b"\r")
    if rest.strip():
        yield n + 1, rest.rstrip(b"\r")
