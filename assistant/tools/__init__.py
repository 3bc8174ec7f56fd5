"""The deterministic tools of TOOLS.md: every numeric verdict the assistant states comes from here."""

from assistant.tools.base import Reason
from assistant.tools.defaults import ToolDefaults, load_tool_defaults
from assistant.tools.lc import langchain_tools
from assistant.tools.negotiation import counter_offer, incentive_tier, performance_bet
from assistant.tools.partner import assess_partner, audience_match
from assistant.tools.portfolio import allocate_leads, rank_partners
from assistant.tools.registry import FIELDS, TOOLS, ToolInputError, get_spec, run_tool, validate_input
from assistant.tools.risk import risk_check
from assistant.tools.spec import FieldSpec, ToolSpec

__all__ = [
    "FIELDS",
    "TOOLS",
    "FieldSpec",
    "Reason",
    "ToolDefaults",
    "ToolInputError",
    "ToolSpec",
    "allocate_leads",
    "assess_partner",
    "audience_match",
    "counter_offer",
    "get_spec",
    "incentive_tier",
    "langchain_tools",
    "load_tool_defaults",
    "performance_bet",
    "rank_partners",
    "risk_check",
    "run_tool",
    "validate_input",
]
