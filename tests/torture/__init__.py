"""The hostile campaign of issue 18, kept as part of the project: a torture harness.

``python tests/torture/run.py`` runs it (``--quick`` for the slice CI runs through
``tests/test_torture.py``); docs/torture.md explains each part and records the full run's figures.
"""
