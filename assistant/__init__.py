"""Supernode: a bilingual partnership-negotiation assistant (engine, tools, index)."""

__version__ = "0.1.0"
