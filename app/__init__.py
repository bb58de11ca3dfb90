"""Airlock: write and review code with a local model, against the project's threat model."""

__version__ = "0.1.0"
