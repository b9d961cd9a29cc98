"""Precheck scores with the night's published model (`risk_model`), not a refit: a sheet row of an
order's carrier and findings scores what `rejection_risk` says for that order."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from run_outputs import AS_OF
from run_outputs import sample_night as run_sample_night

from portrecon.precheck.check import attach_warehouse
from portrecon.precheck.risk import score_rows, warehouse_model
from portrecon.risk.features import with_components
from portrecon.risk.model import DECIMALS, RiskModel
from portrecon.risk.scoring import open_port_ins


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample's night: history enough for a fitted (not prior) model."""
    return run_sample_night(tmp_path_factory.mktemp("night")).warehouse_path()


def _night(warehouse: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The night's scored orders (order_id, carrier_id, probability) and the findings the model
    scored them on (order_id, code, field)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        scored = con.sql(
            "SELECT order_id, carrier_id, probability FROM rejection_risk ORDER BY order_id"
        ).df()
        _, findings = open_port_ins(con, dt.date.fromisoformat(AS_OF))
    finally:
        con.close()
    return scored, findings


def _precheck_model(warehouse: Path) -> tuple[RiskModel, str]:
    con, _ = attach_warehouse(warehouse)
    try:
        return warehouse_model(con, dt.date.fromisoformat(AS_OF))
    finally:
        con.close()


@pytest.mark.slow
def test_precheck_scores_with_the_nights_model_as_the_night_did(warehouse: Path) -> None:
    night, codes = _night(warehouse)
    model, source = _precheck_model(warehouse)
    assert model.kind != "prior" and len(night) > 10
    assert "fitted by the nightly of 2026-11-20" in source
    probability = model.predict(night, with_components(codes))
    np.testing.assert_array_equal(np.round(probability, DECIMALS), night["probability"])
    # Each order as a sheet row (source_line for order_id), scored by precheck itself.
    line = {order: i for i, order in enumerate(night["order_id"], start=2)}
    rows = night.assign(source_line=night["order_id"].map(line))[["source_line", "carrier_id"]]
    sheet_codes = codes.assign(source_line=codes["order_id"].map(line))
    sheet_codes = sheet_codes[["source_line", "code", "field"]]
    risk = score_rows(model, rows, sheet_codes)
    np.testing.assert_array_equal(risk["risk"], np.round(probability, 2))


@pytest.mark.slow
def test_a_warehouse_without_the_model_is_refitted_and_says_so(
    warehouse: Path, tmp_path: Path
) -> None:
    older = shutil.copy(warehouse, tmp_path / "older.duckdb")
    con = duckdb.connect(str(older))
    con.execute("DROP TABLE risk_model")
    con.close()
    night, codes = _night(older)
    model, source = _precheck_model(older)
    assert "learnt now from" in source and "no risk_model table" in source
    probability = model.predict(night, with_components(codes))
    np.testing.assert_array_equal(np.round(probability, DECIMALS), night["probability"])
