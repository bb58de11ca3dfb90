"""Deterministic checks: scanners and threat-model policy checks."""
