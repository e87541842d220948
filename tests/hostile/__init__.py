"""Hostile inputs shared by the tests that throw them at the app (see corpus.py)."""
