"""Reconciliation stage: every LOA against its CSR account, field by field and order-wide.

`findings` fans out by losing carrier: one step per group of carriers (the settings' partitions),
each judging its LOAs against all CSRs and all open orders, then one step merging them in the
order of a whole reconciliation (docs/scaling.md). The rest of the stage are single steps.
"""

import pandas as pd
from dagster import DynamicOut, DynamicOutput, In, Out, Output, graph_asset, op

from portrecon import schema
from portrecon.assets.metadata import definition_metadata, frame_metadata
from portrecon.assets.scheduling import LONGEST_CHAIN
from portrecon.carriers import default_carrier_book
from portrecon.duck import frames_connection
from portrecon.pipelines.io_manager import STAGE_PATHS, STAGE_PICKLES, staged_input
from portrecon.pipelines.resources import PortreconSettings
from portrecon.reconcile import build_findings, carrier_partitions, merge_findings

_FINDINGS_INPUTS = ["csr_records", "loa_records", "loa_numbers", "orders"]
_STAGED = {name: In(input_manager_key=STAGE_PATHS) for name in _FINDINGS_INPUTS}


@op(
    ins={name: _STAGED[name] for name in ("csr_records", "loa_records")},
    out=DynamicOut(list, io_manager_key=STAGE_PICKLES),
    tags=LONGEST_CHAIN,
)
def losing_carrier_groups(settings: PortreconSettings, csr_records: str, loa_records: str):
    """The losing carriers of tonight's LOAs in `partitions` groups of about equal size (the
    CSRs' carrier spellings count: an LOA may spell its carrier as only a CSR does)."""
    with frames_connection(csr_records=csr_records, loa_records=loa_records) as con:
        groups = carrier_partitions(con, default_carrier_book(), settings.partitions)
    for number, carriers in enumerate(groups, start=1):
        yield DynamicOutput(carriers, mapping_key=f"carriers_{number}_of_{len(groups)}")


@op(ins={"carriers": In(list, input_manager_key=STAGE_PICKLES), **_STAGED}, tags=LONGEST_CHAIN)
def reconcile_carriers(
    settings: PortreconSettings, carriers: list[str], **tables: str
) -> pd.DataFrame:
    """The findings of the LOAs of these losing carriers."""
    with frames_connection(**tables) as con:
        return build_findings(con, settings.as_of_date(), default_carrier_book(), carriers)


@op(out=Out(pd.DataFrame), tags=LONGEST_CHAIN)
def merged_findings(parts: list[pd.DataFrame]) -> Output[pd.DataFrame]:
    """All groups' findings as one table, as a whole reconciliation orders them."""
    frame = merge_findings(parts).reindex(columns=schema.FINDINGS.column_names)
    return Output(frame, metadata=frame_metadata(frame, schema.FINDINGS))


@graph_asset(
    name="findings",
    group_name="reconcile",
    description=f"{schema.FINDINGS.doc} Grain: {schema.FINDINGS.grain}.",
    ins={name: staged_input(name) for name in _FINDINGS_INPUTS},
    metadata=definition_metadata(schema.FINDINGS),
)
def findings(csr_records, loa_records, loa_numbers, orders):
    groups = losing_carrier_groups(csr_records, loa_records)
    parts = groups.map(
        lambda carriers: reconcile_carriers(
            carriers,
            csr_records=csr_records,
            loa_records=loa_records,
            loa_numbers=loa_numbers,
            orders=orders,
        )
    )
    return merged_findings(parts.collect())
