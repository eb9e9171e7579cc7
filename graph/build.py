"""``geokg build``: ingest, then write the snapshot, the report, the map and its picture."""
from __future__ import annotations

from pathlib import Path

from geokg.errors import InputError
from geokg.graph.maps import write_map
from geokg.graph.plots import plot_map
from geokg.graph.report import markdown_report
from geokg.progress import Stages, enabled
from geokg.graph.snapshots import write_snapshot
from geokg.graph.store import KnowledgeGraph, atomic_write
from geokg.loaders.ingest import ingest_paths

__all__ = ["build_outputs"]


def build_outputs(kg: KnowledgeGraph, sources: list[Path], out: Path, title: str | None = None, top: int = 10,
                  progress: bool = False) -> list[str]:
    """Run the main job; returns one line per thing done (for the CLI to print)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; -o names a folder")
    with enabled(progress), Stages(["ingest", "graph.trig", "report.md", "map.html", "map.png"],
                                   desc="build") as stages:
        stages.next("ingest")
        report = ingest_paths(kg, sources, progress=progress)
        out.mkdir(parents=True, exist_ok=True)
        if title is None:
            docs = [d for d in kg.documents() if d.get("title")]
            title = docs[0]["title"] if len(docs) == 1 else f"geokg: {len(kg.documents())} documents"
        lines = [f"ingested {report.documents} document(s), {report.claims} claim(s)"
                 + (f"; skipped {report.skipped}" if report.skipped else "")]
        stages.next("graph.trig")
        write_snapshot(kg, "trig", out / "graph.trig")
        lines.append(f"wrote {out / 'graph.trig'}")
        stages.next("report.md")
        atomic_write(out / "report.md", markdown_report(kg, title=title, top=top).encode("utf-8"))
        lines.append(f"wrote {out / 'report.md'}")
        stages.next("map.html")
        write_map(kg, out / "map.html", title=title)
        lines.append(f"wrote {out / 'map.html'}")
        stages.next("map.png")
        plot_map(kg.to_networkx(), out / "map.png", title=title)
        lines.append(f"wrote {out / 'map.png'}")
    return lines
