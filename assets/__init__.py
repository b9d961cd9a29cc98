"""Dagster asset definitions, one module per pipeline stage (installed as portrecon.assets)."""
