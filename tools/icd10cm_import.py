#!/usr/bin/env python3
"""Turn one ICD-10-CM release into a release file, which tools/icd10cm_merge.py merges into reference/icd10cm/codes.tsv.

Usage:
    python3 tools/icd10cm_import.py SOURCE OUTPUT.tsv [--from-xml]

SOURCE is one of:
  * a CMS/CDC order file (``icd10cm-order-*.txt`` / ``icd10cm_order_*.txt``);
  * a directory (e.g. an unpacked ``simple-icd-10-cm`` wheel) that holds either
    an order file, or a tabular XML (``*tabular*.xml``) plus a code list
    (``code-list-*.txt``).  An order file is preferred when both are there,
    unless ``--from-xml`` is given.

Output: one line per code, sorted by code, ``CODE<TAB>B<TAB>TITLE`` with the
code upper-case and without its dot, B = 1 billable (valid for HIPAA) or 0
header, TITLE = the official long description.  Line ends are ``\\n``, the
file is UTF-8 and ends with a newline.  A summary (codes, billable) goes to
stderr so it can be copied into manifest.ron.

Plain Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

CODE_RE = re.compile(r"^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$")


class ImportError_(Exception):
    """A source file that does not look like what we expect."""


def parse_order_file(path: Path) -> dict[str, tuple[bool, str]]:
    """Reads the fixed-column CMS order file.

    Columns (1-based): 1-5 order number, 7-13 code without dot, 15 billable
    flag (0 header, 1 valid for HIPAA), 17-76 short description, 78- long
    description.
    """
    codes: dict[str, tuple[bool, str]] = {}
    with path.open(encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            if len(line) < 78 or line[5] != " " or line[13] != " " or line[15] != " ":
                raise ImportError_(f"{path}:{lineno}: not in the order-file column layout")
            code = line[6:13].strip()
            flag = line[14]
            long_desc = line[77:].strip()
            if not CODE_RE.match(code):
                raise ImportError_(f"{path}:{lineno}: bad code {code!r}")
            if flag not in "01":
                raise ImportError_(f"{path}:{lineno}: bad billable flag {flag!r}")
            if not long_desc:
                raise ImportError_(f"{path}:{lineno}: empty long description")
            if code in codes:
                raise ImportError_(f"{path}:{lineno}: duplicate code {code}")
            codes[code] = (flag == "1", long_desc)
    return codes


def parse_code_list(path: Path) -> set[str]:
    """The package's list of every valid code (dot-less); chapters and blocks are dropped."""
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        code = line.strip().split(" ")[0].replace(".", "").upper()
        if CODE_RE.match(code):
            out.add(code)
    return out


def ascii_fold(text: str) -> str:
    """Drops accents (Sézary -> Sezary) as the CMS order file does.

    Checked on FY2021, where the package has both files: XML titles folded this
    way equal the order file's long descriptions for all 95,358 codes.
    """
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    if not folded.isascii():
        raise ImportError_(f"title keeps non-ASCII characters after folding: {folded!r}")
    return folded


def parse_tabular_xml(xml_path: Path, code_list: set[str]) -> dict[str, tuple[bool, str]]:
    """Derives every code and its long title from the tabular XML.

    Codes are the ``<diag>`` names; a leaf ``<diag>`` under a ``<sevenChrDef>``
    (its own or an ancestor's) gets one code per 7th character, padded with the
    placeholder X, titled ``desc + ", " + extension`` as in the CMS order file,
    accents folded to ASCII (see ``ascii_fold``).
    Only codes in the package's code list are kept (it removes 7th characters
    that the XML allows but CMS does not).  Billable = no longer code starts
    with it (ICD-10-CM's rule: only leaves are valid for HIPAA).
    """
    root = ET.parse(xml_path).getroot()
    titles: dict[str, str] = {}

    def walk(node: ET.Element, seven: dict[str, str] | None) -> None:
        own = node.find("sevenChrDef")
        if own is not None:
            seven = {e.attrib["char"]: (e.text or "").strip() for e in own.findall("extension")}
        name = node.findtext("name")
        desc = (node.findtext("desc") or "").strip()
        children = node.findall("diag")
        if name is not None:
            code = name.strip().replace(".", "").upper()
            titles.setdefault(code, desc)
            if not children and seven:
                base = code.ljust(6, "X")
                for char, text in seven.items():
                    titles.setdefault(base + char, f"{desc}, {text}")
        for child in children:
            walk(child, seven)

    for chapter in root.findall("chapter"):
        for section in chapter.findall("section"):
            for diag in section.findall("diag"):
                walk(diag, None)

    kept = {c: ascii_fold(t) for c, t in titles.items() if c in code_list}
    missing = sorted(code_list - kept.keys())
    if missing:
        raise ImportError_(
            f"{len(missing)} codes of the code list have no title in {xml_path}: {missing[:10]}"
        )
    ordered = sorted(kept)
    out: dict[str, tuple[bool, str]] = {}
    for i, code in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else ""
        out[code] = (not nxt.startswith(code), kept[code])
    return out


def find_source(src: Path, from_xml: bool) -> dict[str, tuple[bool, str]]:
    """Picks the order file or the XML + code list inside SOURCE."""
    if src.is_file():
        if src.suffix.lower() == ".xml":
            raise ImportError_("an XML file needs its code list: pass the directory instead")
        return parse_order_file(src)
    files = [p for p in src.rglob("*") if p.is_file()]
    orders = [p for p in files if re.search(r"order", p.name, re.I) and p.suffix.lower() == ".txt"]
    xmls = [p for p in files if re.search(r"tabular", p.name, re.I) and p.suffix.lower() == ".xml"]
    lists = [p for p in files if re.search(r"code-list", p.name, re.I) and p.suffix.lower() == ".txt"]
    if orders and not from_xml:
        if len(orders) > 1:
            raise ImportError_(f"several order files: {orders}")
        print(f"source: {orders[0]}", file=sys.stderr)
        return parse_order_file(orders[0])
    if len(xmls) == 1 and len(lists) == 1:
        print(f"source: {xmls[0]} + {lists[0]}", file=sys.stderr)
        return parse_tabular_xml(xmls[0], parse_code_list(lists[0]))
    if len(xmls) == 1 and orders:
        # FY2021 package: no code list, but the order file lists every code.
        print(f"source: {xmls[0]} filtered by {orders[0]}", file=sys.stderr)
        return parse_tabular_xml(xmls[0], set(parse_order_file(orders[0])))
    raise ImportError_(f"no order file, nor one tabular XML + one code list, under {src}")


def write_tsv(codes: dict[str, tuple[bool, str]], out: Path) -> None:
    """Writes the sorted TSV; tabs or line breaks inside a title would break it."""
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for code in sorted(codes):
            billable, title = codes[code]
            if any(ch in title for ch in "\t\r\n"):
                raise ImportError_(f"title of {code} contains a tab or line break")
            f.write(f"{code}\t{1 if billable else 0}\t{title}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("output", type=Path)
    ap.add_argument("--from-xml", action="store_true", help="use the tabular XML even if an order file is there")
    args = ap.parse_args()
    try:
        codes = find_source(args.source, args.from_xml)
        write_tsv(codes, args.output)
    except (ImportError_, OSError, ET.ParseError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    billable = sum(1 for b, _ in codes.values() if b)
    print(f"code_count: {len(codes)}, billable_count: {billable}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
