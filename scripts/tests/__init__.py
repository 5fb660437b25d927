"""Tests of the tools in scripts/ and their helpers (a package, so helpers import as scripts.tests.NAME)."""
