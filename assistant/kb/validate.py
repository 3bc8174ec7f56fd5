"""`python -m assistant validate`: every card, deal, benchmark and tool setting against its schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.kb.cards import CardError, card_problems, parse_card


@dataclass
class ValidationReport:
    """Counts of what was checked and every problem found (empty when all is well)."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        checked = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        verdict = "OK" if self.ok else f"{len(self.problems)} problem(s)"
        return f"validate: {verdict} ({checked})"


def validate_knowledge(knowledge_dir: Path) -> ValidationReport:
    """Check the whole knowledge folder; never raises for bad content, it reports it."""
    report = ValidationReport()
    cards = []
    for path in sorted((knowledge_dir / "playbook").glob("*.md")):
        try:
            cards.append(parse_card(path))
        except CardError as exc:
            report.problems.append(str(exc))
    report.counts["cards"] = len(cards)
    report.problems.extend(card_problems(cards))
    if not cards:
        report.problems.append(f"no playbook cards found in {knowledge_dir.name}/playbook")

    from assistant.kb.deals import DealDataError, load_deals
    from assistant.kb.market import knowledge_benchmarks

    benchmarks = None
    try:
        benchmarks = knowledge_benchmarks(knowledge_dir)
        report.counts["benchmarks"] = len(benchmarks)
    except (ValueError, OSError) as exc:
        report.problems.append(f"benchmarks.csv: {exc}")
    try:
        if benchmarks is not None:  # category names come from the benchmarks
            report.counts["deals"] = len(load_deals(knowledge_dir / "deals", benchmarks))
    except DealDataError as exc:
        report.problems.append(str(exc))

    from assistant.tools.defaults import load_tool_defaults

    try:
        load_tool_defaults(knowledge_dir / "settings.toml")
        report.counts["settings files"] = 1
    except (ValueError, OSError) as exc:
        report.problems.append(f"settings.toml: {exc}")
    return report
