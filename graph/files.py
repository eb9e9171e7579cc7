"""Writing files safely: whole or not at all.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> atomic_write(p, b"ok"); p.read_bytes()
b'ok'
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geokg.errors import StoreError

__all__ = ["atomic_write"]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never a half-written file."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", dir=str(path.parent or "."))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
