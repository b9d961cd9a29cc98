"""The nightly reports a porting manager reads each morning (PRODUCT.md section 9).

Pure functions over a read-only connection to the published warehouse; the Dagster assets call
them and add the metadata.
"""

from portrecon.reports.html import write_nightly_html
from portrecon.reports.xlsx import write_nightly_xlsx

__all__ = ["write_nightly_html", "write_nightly_xlsx"]
