"""The Abstracta benchmark harness: `python -m bench [--quick]` (or `make bench`)."""
