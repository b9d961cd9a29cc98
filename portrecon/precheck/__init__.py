"""Bulk project-port precheck (PRODUCT.md section 8): check a spreadsheet, split it into sub-orders.

Pure and Dagster-free; the CLI commands `portrecon precheck` and `portrecon template` call
`run_precheck` and `write_template`.
"""

from portrecon.precheck.errors import PrecheckInputError
from portrecon.precheck.run import PrecheckOutcome, run_precheck
from portrecon.precheck.template import write_template

__all__ = ["PrecheckInputError", "PrecheckOutcome", "run_precheck", "write_template"]
