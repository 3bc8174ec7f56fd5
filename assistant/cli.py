"""The command line: `python -m assistant ingest|search|tool|validate|ask|eval`."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence

from assistant.config import get_settings

# Sub-commands that live next to the code they drive; each module has register(subparsers).
_PLUGGED = ("assistant.tools.cli",)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.ingest import IngestBusy, ingest
    from assistant.store import IndexUnavailable

    try:
        report = ingest(get_settings(), rebuild=args.rebuild)
    except (IngestBusy, IndexUnavailable) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.retrieval import IndexReader
    from assistant.store import IndexUnavailable

    try:
        hits = IndexReader(get_settings()).search(
            args.query, k=args.k, kind=args.kind, language=args.lang, category=args.category
        )
    except IndexUnavailable as exc:
        print(f"search: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        return 0
    for rank, h in enumerate(hits, 1):
        snippet = " ".join(h.text.split())[:120]
        print(f"{rank:>2}. [{h.kind}/{h.language}] {h.id}  {h.title}  (score {h.score:.4f})\n    {snippet}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from assistant.validate import validate_knowledge

    report = validate_knowledge(get_settings().knowledge_dir)
    print(report.summary())
    for problem in report.problems:
        print(f"  - {problem}")
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Supernode command line.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or refresh the index from knowledge/")
    p.add_argument("--rebuild", action="store_true", help="start over instead of reusing unchanged vectors")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("search", help="hybrid search over the index (hit testing)")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5, help="number of hits (default 5)")
    p.add_argument("--kind", choices=["playbook", "deal"], help="only cards or only deals")
    p.add_argument("--lang", choices=["zh", "en"], help="only documents in this language")
    p.add_argument("--category", help="only deals of this category (e.g. beauty)")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("validate", help="check cards, deals, benchmarks and settings against their schemas")
    p.set_defaults(func=_cmd_validate)

    for name in _PLUGGED:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
