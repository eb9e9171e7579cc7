"""Train geokg's small dependency parsers (English, German) from Universal Dependencies.

Why: the extractor takes subject, object and clause from a parse, not from word order
(issue #15, item 1). No official spaCy pipeline can be installed here, so geokg trains
its own small, fast spaCy pipelines (hash-embedding CNN tok2vec + morphologizer + parser)
from UD treebanks and ships them inside the package (loaders/models/{en,de}_parser/).

Inputs are git snapshots of the UD repositories (bare git directories, e.g. fetched into
/work/.mirror/UniversalDependencies+UD_English-EWT/repo). Files of 4 MiB and more may be
missing from such snapshots, so the English training sets are rebuilt from the treebanks'
per-document files (not-to-release/sources/ with the official file lists), which hold
the same sentences as the released train files.

  English  train: EWT train + the GUM train documents whose texts are free for any use
                  (see GUM_GENRES)                            dev: EWT dev
           test:  EWT test, GUM test, PUD (news/wiki; held out; evaluation only)
  German   train: GSD dev + PUD (GSD and HDT train are not reachable)
           dev:   every 10th sentence of that pool            test: GSD test (held out)

Licences: the shipped models are trained only on CC BY-SA / CC BY data. GUM as a whole is
CC BY-NC-SA 4.0 because of its wikiHow and fiction texts; its LICENSE.txt names the genres
under CC BY / public domain (Wikimedia news, interviews, bios, Wikivoyage, OpenStax
textbooks, vlogs, speeches, Santa Barbara conversations) and only those are used.
UD_German-LIT (CC BY-NC-SA) is not used.

Usage:
  python tools/train_parser.py en --mirror /work/.mirror --work /tmp/geokg-parser-en
  python tools/train_parser.py de --mirror /work/.mirror --work /tmp/geokg-parser-de
Then the best model is copied (config, meta, weights) to loaders/models/<lang>_parser/,
evaluated on the held-out test sets, and the scores written to SCORES.json next to it.
Training uses one thread (OMP/OPENBLAS threads = 1); time is bounded by the config's
max_steps/max_epochs/patience (tools/parser/<lang>.cfg).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "tools" / "parser"
MODELS = ROOT / "loaders" / "models"

UD = "UniversalDependencies+UD_{}/repo"
# GUM genres whose texts GUM's LICENSE.txt gives under CC BY or public domain (not NC)
# stage 2 (see continue_config): steps to go on training from stage 1's best model
CONTINUE_STEPS = {"en": 3000, "de": 0}
GUM_GENRES = ("news", "interview", "bio", "voyage", "textbook", "vlog", "speech", "conversation")


def git_show(git_dir: Path, path: str) -> str:
    """The text of one file at HEAD of a bare git snapshot."""
    out = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
                         check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def git_ls(git_dir: Path, path: str) -> list[str]:
    out = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "-r", "--name-only",
                          "HEAD", path], check=True, capture_output=True, text=True)
    return out.stdout.split()


def sentences(conllu: str) -> list[str]:
    """Split CoNLL-U text into sentence blocks, dropping comment lines spaCy does not need."""
    blocks = []
    for block in conllu.replace("\r\n", "\n").split("\n\n"):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if any(not ln.startswith("#") for ln in lines):
            # keep only '# text' style comments; token lines stay as they are
            blocks.append("\n".join(ln for ln in lines
                                    if not ln.startswith("#") or ln.startswith("# text =")))
    return blocks


def per_document(git_dir: Path, split: str, prefix: str, suffix: str,
                 keep=lambda name: True) -> list[str]:
    """A split rebuilt from a treebank's per-document files and its official file list."""
    names = [n for n in git_show(git_dir, f"not-to-release/file-lists/files.{split}").split()
             if keep(n)]
    present = set(git_ls(git_dir, prefix))
    out: list[str] = []
    missing = []
    for name in names:
        if f"{prefix}{name}{suffix}" not in present:
            missing.append(name)  # GUM's Reddit documents are distributed without their text
            continue
        out += sentences(git_show(git_dir, f"{prefix}{name}{suffix}"))
    if missing:
        print(f"{git_dir.parent.name} {split}: {len(missing)} of {len(names)} documents "
              f"not in the snapshot, skipped", file=sys.stderr)
    return out


def write(blocks: list[str], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(blocks) + "\n\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:  # keep mtime if same
        path.write_text(text, encoding="utf-8")
    return path


def corpora_en(mirror: Path, work: Path) -> dict[str, list[Path]]:
    ewt, gum, pud = (mirror / UD.format(n) for n in ("English-EWT", "English-GUM", "English-PUD"))
    train = (per_document(ewt, "train", "not-to-release/sources/", "")
              + per_document(gum, "train", "not-to-release/sources/", ".conllu",
                            keep=lambda n: n.split("_")[1] in GUM_GENRES))
    dev = sentences(git_show(ewt, "en_ewt-ud-dev.conllu"))
    c = work / "conllu"
    return {
        "train": [write(train, c / "train.conllu")],
        "dev": [write(dev, c / "dev.conllu")],
        "test": [write(sentences(git_show(ewt, "en_ewt-ud-test.conllu")), c / "test-ewt.conllu"),
                 write(sentences(git_show(gum, "en_gum-ud-test.conllu")), c / "test-gum.conllu"),
                 write(sentences(git_show(pud, "en_pud-ud-test.conllu")), c / "test-pud.conllu")],
    }


def corpora_de(mirror: Path, work: Path) -> dict[str, list[Path]]:
    gsd, pud = (mirror / UD.format(n) for n in ("German-GSD", "German-PUD"))
    pool = (sentences(git_show(gsd, "de_gsd-ud-dev.conllu"))
            + sentences(git_show(pud, "de_pud-ud-test.conllu")))
    dev = pool[::10]
    train = [s for i, s in enumerate(pool) if i % 10]
    c = work / "conllu"
    return {
        "train": [write(train, c / "train.conllu")],
        "dev": [write(dev, c / "dev.conllu")],
        "test": [write(sentences(git_show(gsd, "de_gsd-ud-test.conllu")), c / "test-gsd.conllu")],
    }


def spacy(*args: str) -> None:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    subprocess.run([sys.executable, "-m", "spacy", *args], check=True, env=env)


def convert(paths: list[Path], out: Path, n_sents: int = 10) -> list[Path]:
    """CoNLL-U to spaCy DocBin; ``n_sents`` sentences a document."""
    out.mkdir(parents=True, exist_ok=True)
    for p in paths:
        if (out / (p.stem + ".spacy")).is_file() and (out / (p.stem + ".spacy")).stat().st_mtime > p.stat().st_mtime:
            continue
        # training: 10 sentences a document, so the parser also learns sentence boundaries;
        # tests: one sentence a document, as geokg.loaders.parse parses (sentences pre-split)
        spacy("convert", str(p), str(out), "--converter", "conllu", "--n-sents", str(n_sents),
              "--merge-subtokens")
    return [out / (p.stem + ".spacy") for p in paths]


def continue_config(lang: str, source: Path, steps: int, out: Path) -> Path:
    """A config that goes on training every component of ``source`` for ``steps`` steps.

    Stage 2 of the English recipe: the shared machine cut stage 1 short, and this resumes
    from its best model (fresh optimizer, same data and schedule) instead of starting over.
    """
    from spacy.util import load_config

    cfg = load_config(CONFIGS / f"{lang}.cfg")
    for name in cfg["nlp"]["pipeline"]:
        cfg["components"][name] = {"source": str(source)}
    cfg["training"]["max_steps"] = steps
    cfg["training"]["patience"] = steps
    cfg.to_disk(out)
    return out


def evaluate(model: Path, test: Path, work: Path) -> dict:
    """UAS/LAS and subject/object precision/recall of one model on one test file."""
    out = work / f"eval-{test.stem}.json"
    spacy("evaluate", str(model), str(test), "--output", str(out))
    scores = json.loads(out.read_text())
    per_type = scores.get("dep_las_per_type", {})
    result = {"uas": scores.get("dep_uas"), "las": scores.get("dep_las"),
              "pos": scores.get("pos_acc"), "sents_f": scores.get("sents_f")}
    for rel in ("nsubj", "obj", "nsubj:pass", "iobj"):
        if rel in per_type:
            result[rel] = per_type[rel]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lang", choices=["en", "de"])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"),
                    help="folder holding the fetched UD snapshots")
    ap.add_argument("--work", type=Path, required=True, help="scratch folder")
    ap.add_argument("--skip-train", action="store_true", help="only evaluate/copy an existing run")
    ap.add_argument("--continue-steps", type=int, default=None,
                    help="steps of stage 2 (resume from stage 1's best model); "
                         "default: CONTINUE_STEPS of the language, 0 = none")
    a = ap.parse_args()

    corpora = (corpora_en if a.lang == "en" else corpora_de)(a.mirror, a.work)
    # (an existing .spacy file newer than its .conllu is reused)
    spacy_dir = a.work / "spacy"
    train = convert(corpora["train"], spacy_dir)[0]
    dev = convert(corpora["dev"], spacy_dir)[0]
    tests = convert(corpora["test"], spacy_dir / "test", n_sents=1)
    run = a.work / "run"
    t0 = time.time()
    if not a.skip_train:
        spacy("train", str(CONFIGS / f"{a.lang}.cfg"), "--output", str(run),
              "--paths.train", str(train), "--paths.dev", str(dev), "--nlp.lang", a.lang)
    best = run / "model-best"
    steps = CONTINUE_STEPS[a.lang] if a.continue_steps is None else a.continue_steps
    if steps:
        run2 = a.work / "run2"
        if not a.skip_train:
            cfg2 = continue_config(a.lang, best, steps, a.work / "continue.cfg")
            spacy("train", str(cfg2), "--output", str(run2),
                  "--paths.train", str(train), "--paths.dev", str(dev), "--nlp.lang", a.lang)
        best = run2 / "model-best"
    minutes = (time.time() - t0) / 60
    dest = MODELS / f"{a.lang}_parser"
    for f in dest.glob("*"):
        if f.name not in ("README.md", "LICENSE.md"):
            shutil.rmtree(f) if f.is_dir() else f.unlink()
    shutil.copytree(best, dest, dirs_exist_ok=True)
    scores = {t.stem: evaluate(dest, t, a.work) for t in tests}
    record = {"lang": a.lang, "train_minutes": None if a.skip_train else round(minutes, 1),
              "train_sentences": sum(c.count("\n\n") for c in
                                     (p.read_text() for p in corpora["train"])),
              "test": scores}
    (dest / "SCORES.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
