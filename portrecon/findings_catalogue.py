"""The finding catalogue (data/findings.yaml): severity, title and fix of every finding code.

One checked-in file serves the findings table, the reports and precheck, so a code's severity
and its plain-words fix are written once; loading validates that every code exists exactly once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FIELDS = ("NAME", "ADDRESS", "ACCOUNT", "PIN", "BTN")
FIELD_VERDICTS = ("EQUIVALENT", "SIMILAR", "DIFFERENT", "MISSING_LOA", "MISSING_CSR")
ORDER_CODES = (
    "CSR_NOT_FOUND",
    "TN_NOT_ON_CSR",
    "TN_INVALID",
    "TN_NOT_PORTABLE",
    "TN_IN_OTHER_ORDER",
    "PARTIAL_PORT_BTN",
    "LOA_UNSIGNED_TOLLFREE",
    "LOA_STALE",
    "INVOICE_STALE",
    "PORT_DATE_TOO_SOON",
    "PORT_DATE_NOT_BUSINESS_DAY",
    "PORT_DATE_NOT_FEASIBLE",
    "PORT_DATE_TOO_FAR",
    "PROJECT_MIXED_ACCOUNTS",
    "CARRIER_MISMATCH",
    "CARRIER_UNKNOWN",
)
ALL_CODES = (*(f"{f}_{v}" for f in FIELDS for v in FIELD_VERDICTS), *ORDER_CODES)


class FindingKind(BaseModel):
    """What one finding code means and what to do about it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Literal["block", "warn", "info"]
    title: str = Field(min_length=1)
    fix: str = Field(min_length=1)
    # The fix in a few words, beside the code where a manager scans reasons (issue 20).
    short_fix: str = Field(min_length=1, max_length=40)


class FindingCatalogue(BaseModel):
    """Every finding code of PRODUCT.md section 5, each exactly once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    findings: dict[str, FindingKind]

    @model_validator(mode="after")
    def _every_code_once(self) -> FindingCatalogue:
        missing = [c for c in ALL_CODES if c not in self.findings]
        unknown = sorted(set(self.findings) - set(ALL_CODES))
        if missing or unknown:
            raise ValueError(f"missing codes {missing}, unknown codes {unknown}")
        return self

    def frame(self) -> pd.DataFrame:
        """code, severity, title, fix: one row per code, in catalogue order (for SQL joins)."""
        return pd.DataFrame(
            [(code, k.severity, k.title, k.fix) for code, k in self.findings.items()],
            columns=["code", "severity", "title", "fix"],
        )


class FindingCatalogueError(ValueError):
    """The finding catalogue file is missing or invalid; the message says where and why."""


def load_catalogue(path: Path | None = None) -> FindingCatalogue:
    """Read and validate a catalogue file (default: the bundled data/findings.yaml)."""
    source = path or resources.files("portrecon.data").joinpath("findings.yaml")
    try:
        return FindingCatalogue.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise FindingCatalogueError(f"finding catalogue not found: {source}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise FindingCatalogueError(f"invalid finding catalogue {source}: {exc}") from exc


@cache
def default_catalogue() -> FindingCatalogue:
    """The bundled catalogue, loaded once per process."""
    return load_catalogue()
