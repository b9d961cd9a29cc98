"""portrecon: pure domain logic for port reconciliation (parsing, normalisation, rules).

Modules directly in this package never import Dagster, so the precheck CLI, the assets and
the tests share them without orchestration.
"""

__version__ = "0.1.0"
