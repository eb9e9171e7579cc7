"""A second process that parses, so that loading spaCy overlaps the rest of an ingest's start-up.

Why: an ingest of one article spends about a second of CPU importing spaCy and loading the
parser model, and about as much again loading the knowledge base, the gazetteer, the
lexicons and the patterns. Both are CPU-bound Python, so a thread gains nothing (the GIL);
a second process on the second core does them at the same time.

:class:`ParserProcess` starts ``python -m geokg.loaders.parse_server``, which imports spaCy at
once and then answers requests on its standard input and output (pickled tuples, one reply
per ``parse`` request):

- ``("load", lang)``: load the model for ``lang`` now (no reply); sent as soon as the
  language of the first article is known, so the model loads while the main process works;
- ``("parse", lang, sentences, batch_size)``: reply ``("ok", raw)`` with the raw parses of
  :func:`geokg.loaders.parse._raw_parse`, or ``("error", message)``.

The main process builds the tokens (and lemmas) from the raw parses with the same code as an
in-process parse, so the result is identical either way. Anything going wrong with the
process (it died, a pipe broke, it reported an error) makes :func:`geokg.loaders.parse.parse`
close it and parse in-process, where a real error (a missing model) is raised as usual.

The process ends when its standard input closes (:meth:`ParserProcess.close`, or the main
process exiting for any reason); it ignores Ctrl-C, which the main process handles.
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
from typing import Any, Sequence

__all__ = ["ParserProcess", "main"]

log = logging.getLogger(__name__)


class ParserProcess:
    """A running parse server (see the module's docstring). Not thread-safe: callers hold a lock."""

    def __init__(self) -> None:
        # -P: the working folder is not put on sys.path (a folder named geokg or spacy there is not imported)
        self._proc: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-P", "-m", "geokg.loaders.parse_server"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=None, close_fds=True)
        self._loading: set[str] = set()
        self._asked = False  # has it been asked to parse? (if not, close() need not wait for it)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _send(self, message: tuple) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.flush()

    def prepare(self, lang: str) -> bool:
        """Ask the process to load ``lang``'s model now; False if the process is gone."""
        if lang in self._loading:
            return self.alive
        if not self.alive:
            return False
        try:
            self._send(("load", lang))
        except (OSError, ValueError, pickle.PicklingError) as e:
            log.info("the parser process is gone (%s)", e)
            self.close()
            return False
        self._loading.add(lang)
        return True

    def parse(self, lang: str, sentences: Sequence[str], batch_size: int) -> list[list[tuple]] | None:
        """The raw parses of ``sentences``, or None when the process cannot give them."""
        if not self.alive:
            return None
        self._asked = True
        try:
            self._send(("parse", lang, list(sentences), batch_size))
            assert self._proc is not None and self._proc.stdout is not None
            status, payload = pickle.load(self._proc.stdout)
        except (OSError, EOFError, ValueError, pickle.PickleError) as e:
            log.info("the parser process is gone (%s); parsing in this process", e)
            self.close()
            return None
        if status != "ok":
            log.info("the parser process could not parse (%s); parsing in this process", payload)
            self.close()
            return None
        return payload

    def close(self, timeout: float = 5.0) -> None:
        """End the process: close its input (it exits on end of file), kill it if it lingers.

        A process that never parsed is killed at once: it may still be importing spaCy, and
        the ingest (no sentence needed a parse) should not wait for that.
        """
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if not self._asked and proc.poll() is None:
            proc.kill()
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:  # pragma: no cover - a broken pipe on close
                pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process stuck in an import
            proc.kill()
            proc.wait()


def main() -> None:  # pragma: no cover - runs in the child process (tested through ParserProcess)
    """The child's loop: import spaCy now, then answer requests until the input closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.fdopen(os.dup(1), "wb")  # the replies; anything printed goes to stderr instead
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    import spacy  # noqa: F401 - the point of this process: the import starts at once

    from geokg.loaders import parse as parse_mod

    while True:
        try:
            message: Any = pickle.load(inp)
        except (EOFError, OSError):
            break
        if message[0] == "load":
            try:
                parse_mod._nlp(message[1])
            except Exception:  # noqa: BLE001 - reported on the first parse, in the main process
                log.debug("loading %s failed", message[1], exc_info=True)
            continue
        try:
            _, lang, sentences, batch_size = message
            reply: tuple = ("ok", parse_mod._raw_parse(parse_mod._nlp(lang), sentences, batch_size))
        except Exception as e:  # noqa: BLE001 - the main process parses again itself and raises
            reply = ("error", f"{type(e).__name__}: {e}")
        try:
            pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
        except OSError:
            break
    # the main process waits for this one to end: skip the interpreter's teardown of spaCy and
    # thinc (0.1-0.5 s); nothing is left to write
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
