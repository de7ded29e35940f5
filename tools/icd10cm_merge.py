#!/usr/bin/env python3
"""Merge per-release ICD-10-CM TSVs into the one file bundled in reference/icd10cm/, or split it.

Usage:
    python3 tools/icd10cm_merge.py merge OUTPUT.tsv ID=RELEASE.tsv [ID=RELEASE.tsv ...]
    python3 tools/icd10cm_merge.py split CODES.tsv DIRECTORY

The releases share almost every code and title (98,599 distinct code-title pairs across the
three bundled releases, against 291,108 release lines), so one file with a column saying which
releases hold each line is about a third of the size of three files, in the repository, in the
binary and in the memory of the running program.

The merged file (UTF-8, ``\\n`` line ends, ending with a newline):

    #releases<TAB>ID1<TAB>ID2<TAB>...
    CODE<TAB>MASK<TAB>TITLE

one line per distinct (code, title), sorted by code, then by the first release that has it.
MASK has one character per release, in the order of the first line: ``1`` billable in that
release, ``0`` a header there, ``.`` not in that release (or there with another title, which is
then on another line). The IDs are the ``id`` of the releases in ``manifest.ron``.

A release file (what tools/icd10cm_import.py writes, and what ``split`` gives back byte for
byte) has one line per code, sorted: ``CODE<TAB>B<TAB>TITLE``, B = 1 billable or 0 header.

Plain Python 3.11 standard library only.
"""

from __future__ import annotations

import sys
from pathlib import Path

ABSENT = "."


def read_release(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    previous = ""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code, flag, title = line.split("\t", 2)
        if code <= previous or flag not in ("0", "1") or not title.strip():
            sys.exit(f"{path}:{lineno}: not a sorted CODE<TAB>0|1<TAB>title line")
        previous = code
        rows.append((code, flag, title))
    return rows


def merge(output: Path, pairs: list[str]) -> None:
    ids: list[str] = []
    lines: dict[tuple[str, str], list[str]] = {}
    first: dict[tuple[str, str], int] = {}
    for pair in pairs:
        release_id, sep, path = pair.partition("=")
        if not sep or not release_id or any(c.isspace() for c in release_id):
            sys.exit(f"expected ID=FILE, got {pair!r}")
        if release_id in ids:
            sys.exit(f"release {release_id} given twice")
        ids.append(release_id)
    for index, pair in enumerate(pairs):
        for code, flag, title in read_release(Path(pair.partition("=")[2])):
            key = (code, title)
            if key not in lines:
                lines[key] = [ABSENT] * len(ids)
                first[key] = index
            lines[key][index] = flag
    with output.open("w", encoding="utf-8", newline="\n") as out:
        out.write("#releases\t" + "\t".join(ids) + "\n")
        for key in sorted(lines, key=lambda k: (k[0], first[k])):
            out.write(f"{key[0]}\t{''.join(lines[key])}\t{key[1]}\n")
    print(f"{len(lines)} lines for {len(ids)} releases", file=sys.stderr)


def split(merged: Path, directory: Path) -> None:
    text = merged.read_text(encoding="utf-8").splitlines()
    if not text or not text[0].startswith("#releases\t"):
        sys.exit(f"{merged}:1: expected #releases<TAB>ID...")
    ids = text[0].split("\t")[1:]
    per_release: list[list[str]] = [[] for _ in ids]
    for lineno, line in enumerate(text[1:], 2):
        code, mask, title = line.split("\t", 2)
        if len(mask) != len(ids):
            sys.exit(f"{merged}:{lineno}: the mask has {len(mask)} characters for {len(ids)} releases")
        for index, flag in enumerate(mask):
            if flag != ABSENT:
                per_release[index].append(f"{code}\t{flag}\t{title}\n")
    directory.mkdir(parents=True, exist_ok=True)
    for release_id, rows in zip(ids, per_release):
        rows.sort(key=lambda row: row.split("\t", 1)[0])
        (directory / f"{release_id}.tsv").write_text("".join(rows), encoding="utf-8", newline="\n")
        print(f"{release_id}: {len(rows)} codes", file=sys.stderr)


def main() -> None:
    args = sys.argv[1:]
    if len(args) >= 3 and args[0] == "merge":
        merge(Path(args[1]), args[2:])
    elif len(args) == 3 and args[0] == "split":
        split(Path(args[1]), Path(args[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
