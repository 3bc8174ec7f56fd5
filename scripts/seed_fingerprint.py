"""Write the fingerprint of the methodology source that tests/test_knowledge.py checks the playbook against.

Usage: python scripts/seed_fingerprint.py [--check]

The source (../shared/seed/*.txt beside the project) is not part of the repository, and neither is its text:
the fingerprint holds one blake2b digest (8 bytes, hex) per distinct run of 16 Chinese characters of the
source, sorted, one a line (tests/data/seed_runs.txt). The test hashes every 16-character run of knowledge/
the same way, so it finds a copied sentence without the source at hand. With --check nothing is written and
the exit status is 1 when the file is missing or no longer matches the source. Run it again whenever the
source changes (the test fails when the source is beside the project and the file is stale).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT.parent / "shared" / "seed"
OUT = ROOT / "tests" / "data" / "seed_runs.txt"
RUN = 16  # this many identical Chinese characters in a row are a copy
_CHUNK = re.compile(rf"[\u4e00-\u9fff]{{{RUN},}}")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
HEADER = (
    "# blake2b-64 digests of every distinct 16-Chinese-character run of ../shared/seed/*.txt, one a line.\n"
    "# Written by scripts/seed_fingerprint.py; checked by tests/test_knowledge.py. Do not edit by hand.\n"
)


def digest(run: str) -> str:
    """The fingerprint of one run: blake2b of its UTF-8 bytes, 8 bytes, hex."""
    return hashlib.blake2b(run.encode("utf-8"), digest_size=8).hexdigest()


def source_runs(text: str) -> set[str]:
    """Every RUN-character window of each stretch of at least RUN Chinese characters of the source."""
    return {chunk[i : i + RUN] for chunk in _CHUNK.findall(text) for i in range(len(chunk) - RUN + 1)}


def text_runs(text: str) -> Iterable[str]:
    """Every RUN-character window of a file's Chinese characters taken together (whatever lies between them:
    a copy does not stop being one because of a line break or a markdown mark)."""
    joined = "".join(_CJK.findall(text))
    return (joined[i : i + RUN] for i in range(len(joined) - RUN + 1))


def read_seed(seed_dir: Path = SEED_DIR) -> str:
    """The source's text files, in name order, as one text."""
    return "".join(p.read_text(encoding="utf-8") for p in sorted(seed_dir.glob("*.txt")))


def fingerprint(seed_text: str) -> list[str]:
    """The sorted digests of the source's distinct runs."""
    return sorted({digest(run) for run in source_runs(seed_text)})


def render(digests: list[str]) -> str:
    return HEADER + "".join(f"{d}\n" for d in digests)


def read_fingerprint(path: Path = OUT) -> set[str]:
    """The digests of a fingerprint file (comment lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is current")
    args = parser.parse_args(argv)
    if not any(SEED_DIR.glob("*.txt")):
        print(f"no source text in {SEED_DIR}", file=sys.stderr)
        return 2
    want = render(fingerprint(read_seed()))
    if args.check:
        current = OUT.exists() and OUT.read_text(encoding="utf-8") == want
        print(
            f"{OUT.relative_to(ROOT)} is {'current' if current else 'stale: run scripts/seed_fingerprint.py'}"
        )
        return 0 if current else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(want, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {want.count(chr(10)) - HEADER.count(chr(10))} digests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
