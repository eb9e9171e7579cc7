"""The graph depends on the input alone: the same articles give the same N-Quads under any hash seed.

Python randomises the order of sets of strings per process (PYTHONHASHSEED); a
name minted from "the first" element of a set (the UN's uppercase alias: UN,
U.N. or UNO) then changes from run to run. Each run here is a fresh process,
as a user's would be.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS, copy_store

ARTICLES = {
    "un-summit.en.txt": (
        "UN summit opens in New York\n\n"
        "NEW YORK, 20 September 2023 - Kazakhstan's President Kassym-Jomart Tokayev attended the UN summit in "
        "New York on Tuesday. He met Turkish President Recep Tayyip Erdogan on the sidelines of the summit. "
        "Germany called for a ceasefire in Ukraine. Russia attacked Ukraine again overnight.\n"),
    "un-gipfel.de.txt": (
        "UN-Gipfel in New York\n\n"
        "New York, 21.09.2023 - Bundeskanzler Olaf Scholz hat am UN-Gipfel in New York teilgenommen. "
        "Frankreich und Deutschland unterstützen die Ukraine. Kasachstan vermittelt zwischen Russland und der "
        "Türkei.\n"),
}

_RUN = """
import sys
from pathlib import Path
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.ingest import ingest_paths
with KnowledgeGraph.open(sys.argv[1]) as kg:
    ingest_paths(kg, [Path(p) for p in sys.argv[3:]])
    kg.export("nquads", sys.argv[2])
"""

_SNAPSHOT = re.compile(rb"<https://w3id\.org/geokg/id/graph/snapshot> \.$")
_BLANK = re.compile(rb"_:[A-Za-z0-9]+")


def _export(tmp_path: Path, seed: str, inputs: list[Path], kb_template: Path) -> list[bytes]:
    out = tmp_path / f"out-{seed}.nq"
    # a new store with the ontology and KB in it (their N-Triples come from the user cache in any process)
    copy_store(kb_template, tmp_path / f"store-{seed}")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", _RUN, str(tmp_path / f"store-{seed}"), str(out), *map(str, inputs)],
                   env=env, check=True, capture_output=True, timeout=600)
    # the export's snapshot record (its time) and blank node labels are not the input's
    return sorted(_BLANK.sub(b"_:b", line) for line in out.read_bytes().splitlines() if not _SNAPSHOT.search(line))


def test_ingest_same_articles_same_nquads_under_any_hash_seed(tmp_path: Path, kb_template: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    inputs = [SEEDS / "cica-summit-astana.de.txt", folder]
    # two seeds whose set orders differ: {"UN", "U.N.", "UNO"} starts with UNO under 0 and with U.N. under 1
    runs = {seed: _export(tmp_path, seed, inputs, kb_template) for seed in ("0", "1")}
    assert runs["0"] == runs["1"]
    text = b"\n".join(runs["0"])
    assert b"/id/event/un-summit" in text and b"/id/event/cica-summit-2022" in text
    assert not re.search(rb"/id/event/(u-n|uno)-summit", text)
