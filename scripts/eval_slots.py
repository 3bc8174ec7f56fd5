"""Score the rule-based slot extractor on the labelled question set, train and unseen splits apart.

Usage: python scripts/eval_slots.py [--unused N] [--worst N] [--path FILE]
Prints, per split, a table (field, support, false positives, P, R, F1; worst first), the "none" numbers read
as a field, micro F1 over the slot fields and over every field, and how many labelled numbers went unused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.understanding.labelled import SLOT_FIELDS, evaluate, load
from assistant.understanding.slots import extract_slots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=None, help="the labelled set (default: the bundled one)")
    parser.add_argument("--unused", type=int, default=0, help="show this many questions with unused numbers")
    parser.add_argument("--worst", type=int, default=10, help="list this many worst slot fields")
    args = parser.parse_args(argv)
    rows = load(args.path)
    reports = {}
    for split in ("train", "unseen"):
        part = [r for r in rows if r["split"] == split]
        families = len({r["family"] for r in part})
        report = reports[split] = evaluate(extract_slots, part)
        print(f"== {split}: {len(part)} questions, {families} families")
        print(report.table())
        for u in report.unused[: args.unused]:
            shown = ", ".join(f"{n['text']}->{n['field']}" for n in u["numbers"])
            print(f"  unused in {u['id']}: {shown}   {u['q']!r}")
        print()
    both = evaluate(extract_slots, rows)
    print(f"== worst {args.worst} slot fields over both splits (F1, support)")
    for name, s in both.worst(args.worst, SLOT_FIELDS):
        tr, un = reports["train"].fields.get(name), reports["unseen"].fields.get(name)
        per = f"train {tr.f1:.3f}" if tr and tr.support else "train -"
        per += f", unseen {un.f1:.3f}" if un and un.support else ", unseen -"
        print(f"  {name:<28} F1 {s.f1:.3f}  support {s.support:>4}  ({per})")
    for split, report in reports.items():
        slot, every = report.micro(SLOT_FIELDS), report.micro()
        print(f"micro slot F1 {split}: {slot.f1:.3f} (slot fields), {every.f1:.3f} (all fields incl. tables)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
