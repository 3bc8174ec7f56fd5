"""The command line: `python -m assistant ingest|search|tool|validate|ask|eval`.

Exit codes: 0 done, 1 the environment failed (no index, a read-only folder, a busy ingest), 2 bad input (a wrong
number, a malformed file, an input over a stated limit). Every failure is one line on stderr naming the input,
what is wrong and how to fix it; an unexpected error's details go to the log file, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from assistant.config import get_settings
from assistant.limits import InputLimitError, check_history, echo, load_json

EXIT_ENVIRONMENT, EXIT_BAD_INPUT = 1, 2
log = logging.getLogger("assistant.cli")

# Sub-commands that live next to the code they drive; each module has register(subparsers).
_PLUGGED = ("assistant.tools.cli",)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.index.ingest import IngestBusy, ingest
    from assistant.index.store import IndexUnavailable

    try:
        settings = get_settings()
        report = ingest(settings, rebuild=args.rebuild)
    except (IngestBusy, IndexUnavailable) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    from assistant.engine import prepare_router

    prepare_router(settings)  # the intent examples' vectors, cached: the first answer need not embed them
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.index.retrieval import IndexReader
    from assistant.index.store import IndexUnavailable

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
    from assistant.answering.safe import terminal_text

    for rank, h in enumerate(hits, 1):
        snippet = " ".join(terminal_text(h.text).split())[:120]
        title = terminal_text(f"{h.id}  {h.title}")  # data text never moves the cursor or clears the screen
        print(f"{rank:>2}. [{h.kind}/{h.language}] {title}  (score {h.score:.4f})\n    {snippet}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from assistant.kb.validate import validate_knowledge

    report = validate_knowledge(get_settings().knowledge_dir)
    print(report.summary())
    for problem in report.problems:
        print(f"  - {problem}")
    return 0 if report.ok else 1


def _load_history(path: str | None) -> list[dict[str, str]]:
    """Read a --history file: a JSON list of {"role": "user"|"assistant", "content": str}, within the stated
    size, depth, turn and character limits (checked before the turns are read)."""
    if not path:
        return []
    what = f"--history {echo(path)}"
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ValueError(f"{what}: cannot read the file ({exc.strerror or exc})") from exc
    if not os.path.isfile(path):
        raise ValueError(f"{what}: not a regular file; give a JSON file")
    limit = get_settings().max_json_bytes
    if info.st_size > limit:
        raise InputLimitError(
            f"{what} is {info.st_size:,} bytes; at most {limit:,} are read (pass only the recent turns)"
        )
    with open(path, "rb") as fh:
        data = load_json(fh.read(limit + 1), what)
    if not isinstance(data, list) or not all(
        isinstance(m, dict) and m.get("role") in ("user", "assistant") and isinstance(m.get("content"), str)
        for m in data
    ):
        raise ValueError(f'{what}: expected a JSON list of {{"role": "user"|"assistant", "content": "..."}}')
    check_history(data, what)
    return data


def _cmd_ask(args: argparse.Namespace) -> int:
    from assistant.backends import make_engine
    from assistant.index.store import IndexUnavailable

    history = _load_history(args.history)  # bad input: the boundary in main() names it, exit 2
    try:
        answer = make_engine(get_settings()).answer(args.question, history, args.lang)
    except IndexUnavailable as exc:
        print(f"ask: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(answer.contract(), ensure_ascii=False))
    else:
        from assistant.answering.safe import terminal_text

        print(terminal_text(answer.answer))
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluation import run_eval

    return run_eval(get_settings(), args.files, k=args.k, verbose=args.verbose)


def _cmd_import(args: argparse.Namespace) -> int:
    from assistant.index.ingest import IngestBusy, ingest
    from assistant.index.store import IndexUnavailable
    from assistant.kb.deal_store import DealStoreError, check_import, plan_upsert, upsert
    from assistant.kb.deals import read_deal_file
    from assistant.kb.market import BenchmarkDataError, knowledge_benchmarks

    settings = get_settings()
    try:
        benchmarks = knowledge_benchmarks(settings.knowledge_dir)
    except (BenchmarkDataError, OSError) as exc:
        print(f"import-deals: {exc}", file=sys.stderr)
        return 1
    try:
        report = read_deal_file(args.file, benchmarks=benchmarks)
    except OSError as exc:
        print(f"import-deals: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for warning in report.warnings:  # columns and sheets left out: said, never dropped in silence
        print(f"import-deals: note: {warning}", file=sys.stderr)
    errors = report.errors + check_import(settings, report)
    if errors:
        print(f"import-deals: {len(errors)} problem(s) in {args.file}; nothing was changed:", file=sys.stderr)
        for e in errors:
            where = ", ".join(
                x for x in (f"row {e.row}" if e.row else "", f"column {e.column}" if e.column else "") if x
            )
            print(f"  - {where or 'file'}: {e.reason}", file=sys.stderr)
        return 1
    if not report.valid:
        print(f"import-deals: {args.file} has no deal rows; nothing was changed", file=sys.stderr)
        return 1
    if args.dry_run:
        print(
            f"import-deals: {len(report.valid)} valid rows; would do {plan_upsert(settings, report.valid).summary()}"
        )
        return 0
    try:
        change = upsert(settings, report.valid)
    except DealStoreError as exc:
        print(f"import-deals: {exc}", file=sys.stderr)
        return 1
    print(f"import-deals: {change.summary()} (undo keeps version {change.version})")
    try:
        print(ingest(settings).summary())
    except (IngestBusy, IndexUnavailable) as exc:
        print(
            f"import-deals: deals saved; the index will catch up on the next ingest ({exc})", file=sys.stderr
        )
    return 0


def _cmd_hash_password(args: argparse.Namespace) -> int:
    import getpass

    from assistant.auth import hash_password

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("password: ")
    try:
        print(hash_password(password))
    except ValueError as exc:
        print(f"hash-password: {exc}", file=sys.stderr)
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Supernode command line.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or refresh the index from knowledge/")
    p.add_argument("--rebuild", action="store_true", help="start over instead of reusing unchanged vectors")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("search", help="hybrid search over the index (hit testing)")
    p.add_argument("query")
    p.add_argument("--k", type=_positive_int, default=5, help="number of hits (default 5)")
    p.add_argument("--kind", choices=["playbook", "deal"], help="only cards or only deals")
    p.add_argument("--lang", choices=["zh", "en"], help="only documents in this language")
    p.add_argument("--category", help="only deals of this category (e.g. beauty)")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("validate", help="check cards, deals, benchmarks and settings against their schemas")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("ask", help="one answer from the configured back-end")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    p.add_argument("--history", help="JSON file with the earlier turns of the conversation")
    p.add_argument("--lang", choices=["zh", "en"], help="answer language (default: the question's)")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("import-deals", help="validate and import a CSV/XLSX deal table")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("hash-password", help="print a salted hash for [supernode_auth.users] in secrets.toml")
    p.set_defaults(func=_cmd_hash_password)

    p = sub.add_parser("eval", help="run question sets and print accuracy, hit@k and latency")
    p.add_argument(
        "files", nargs="*", help="JSONL question sets (default: the shared set and tests/data sets)"
    )
    p.add_argument("--k", type=int, default=3, help="k of retrieval hit@k (default 3)")
    p.add_argument("--verbose", action="store_true", help="print every failing case")
    p.set_defaults(func=_cmd_eval)

    for name in _PLUGGED:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{echo(text)!r} is not a whole number") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{value} is out of range: give 1 to 1000")
    return value


def _log_path() -> Path:
    """Where the command line writes the details of an unexpected error: data/logs, or the temp folder when
    the data folder is not writable."""
    for folder in (get_settings().data_dir / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "supernode-cli.log"
            with open(path, "a", encoding="utf-8"):
                return path
        except OSError:
            continue
    return Path(os.devnull)


def _report_unexpected(command: str, exc: BaseException) -> int:
    path = _log_path()
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {command}: {type(exc).__name__}\n{''.join(traceback.format_exception(exc))}\n")
    except OSError:
        pass
    print(
        f"{command}: unexpected error ({type(exc).__name__}: {echo(str(exc))}); details in {path}",
        file=sys.stderr,
    )
    return EXIT_ENVIRONMENT


def _quiet_closed_pipe() -> int:
    """The reader of our output went away (`| head`): stop quietly, as Unix tools do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command inside the error boundary (see the module docstring for the exit codes)."""
    args = build_parser().parse_args(argv)
    command = args.command
    try:
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _quiet_closed_pipe()
    except KeyboardInterrupt:
        print(f"{command}: interrupted", file=sys.stderr)
        return 130
    except (InputLimitError, ValueError, RecursionError) as exc:
        reason = "the input nests too deep to read" if isinstance(exc, RecursionError) else str(exc)
        print(f"{command}: {echo(reason, 600)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PermissionError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"{command}: permission denied on{where}: make it writable (chmod u+w) "
            "or set SUPERNODE_DATA_DIR to a writable folder",
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as exc:  # the boundary: details to the log, one line to the user
        return _report_unexpected(command, exc)
