"""What an intent is: its names, the tools that answer it, the next steps it ends with and its cue words."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.i18n import Text

Steps = tuple[list[str], list[str]]


@dataclass(frozen=True)
class IntentSpec:
    """One kind of question: its name in both languages, its tools, next steps (by verdict) and cue words."""

    name: str
    title: Text
    tools: tuple[str, ...] = ()  # the tools that answer it, called when the question carries their numbers
    next_steps: dict[str | None, Steps] = field(default_factory=dict)  # verdict (None: any) -> steps
    cues: tuple[tuple[str, float], ...] = ()  # (regex, weight): near 1 strong alone, 0.3-0.5 only with others
    borrows_tools: bool = False  # its tools belong to another intent: their numbers do not point here
