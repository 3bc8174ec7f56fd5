"""Supernode test suite."""
