"""Performance and scale benchmarks of Supernode (`make bench` runs benchmarks/run.py)."""
