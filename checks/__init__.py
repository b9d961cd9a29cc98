"""Asset checks and Great Expectations suites (installed as portrecon.checks)."""
