"""Reliability: bad input everywhere, injected faults, concurrency."""
