"""Progress bars (tqdm, on stderr) for the steps that take more than a few seconds.

The library never decides on its own to draw: the CLI turns bars on for one
command (``--progress``, or by default when stderr is a terminal) with
:func:`enabled`, and the long steps (exporting, reading a store for validation,
the stages of ``geokg build``) wrap their loops in :func:`bar`. When bars are
off, :func:`bar` hands the iterable back unchanged and tqdm is not imported.

>>> list(bar([1, 2, 3], desc="demo"))
[1, 2, 3]
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterable, Iterator, TypeVar

__all__ = ["enabled", "is_enabled", "bar", "Stages"]

T = TypeVar("T")

_ON: ContextVar[bool] = ContextVar("geokg_progress", default=False)


@contextmanager
def enabled(on: bool = True) -> Iterator[None]:
    """Show progress bars inside the ``with`` block (the CLI's ``--progress``)."""
    token = _ON.set(bool(on))
    try:
        yield
    finally:
        _ON.reset(token)


def is_enabled() -> bool:
    """Whether bars are on here."""
    return _ON.get()


def bar(iterable: Iterable[T], *, desc: str, total: int | None = None, unit: str = "it") -> Iterable[T]:
    """``iterable`` with a bar on stderr when bars are on, else ``iterable`` itself."""
    if not _ON.get():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, unit=unit, unit_scale=True, leave=False, mininterval=0.5)


class Stages:
    """A bar over the named stages of a job (``geokg build``: ingest, snapshot, report, map, picture).

    >>> with Stages(["read", "write"], desc="job") as s:
    ...     s.next("read"); s.next("write")
    """

    def __init__(self, names: list[str], desc: str):
        self._bar: Any = None
        if _ON.get():
            from tqdm import tqdm

            self._bar = tqdm(total=len(names), desc=desc, unit="step", leave=False)
        self._started = False

    def next(self, name: str) -> None:
        """Mark the previous stage done and show ``name`` as the current one."""
        if self._bar is None:
            return
        if self._started:
            self._bar.update(1)
        self._started = True
        self._bar.set_postfix_str(name)

    def __enter__(self) -> "Stages":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            if self._started and exc[0] is None:
                self._bar.update(1)
            self._bar.close()
