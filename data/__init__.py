"""Bundled reference data: carrier profiles, finding catalogue and the sample inbox."""
