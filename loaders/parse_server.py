"""A second process that parses, so that loading spaCy overlaps the rest of an ingest's start-up.

Why: an ingest of one article spends about a second of CPU importing spaCy and loading the
parser model, and about as much again loading the knowledge base, the gazetteer, the
lexicons and the patterns. Both are CPU-bound Python, so a thread gains nothing (the GIL);
a second process on the second core does them at the same time.

:class:`geokg.loaders.parse.ParserProcess` starts ``python -P -m geokg.loaders.parse_server``
(this module), which imports spaCy at once and then answers requests on its standard input
and output (pickled tuples, one reply per ``parse`` request):

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
import sys
from typing import Any

__all__ = ["main"]

log = logging.getLogger(__name__)


def main() -> None:  # pragma: no cover - runs in the child process (tested through parse.ParserProcess)
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
