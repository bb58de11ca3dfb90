"""Airlock's own rule pack: Dockerfile, Terraform, GitHub Actions and SQL schema checks.

Written by us and shipped with the app (no third-party rule collection). Each language has a
module with a `check(file) -> StageResult` function and a tuple of `Rule`s; `registry` ties
them into the `RulePackStage`. This package init stays empty so that importing the shared
helpers in `common` does not load every parser library.
"""
