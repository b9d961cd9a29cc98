"""The model's features of a finding beyond its code: which part of a compared field differs."""

from __future__ import annotations

import pandas as pd

# Carriers check the parts of a field differently: a simple port may be validated on the ZIP alone
# (47 CFR 52.36; Telnyx POSTAL_CODE_MISMATCH, Bandwidth JCode 8D), and a carrier may pass a name
# that differs only by a suffix or punctuation. Each such finding also carries its component, a
# term penalised toward 0, so its effect is shrunk toward its code's effect unless the history
# (a carrier's own, through a carrier x component deviation) says otherwise.
ZIP = "ADDRESS_ZIP"  # the address finding's differing components include the ZIP
COMPONENT_CODES = {
    "ADDRESS_EQUIVALENT": "ADDRESS_REST",
    "ADDRESS_SIMILAR": "ADDRESS_REST",
    "ADDRESS_DIFFERENT": "ADDRESS_REST",
    "NAME_EQUIVALENT": "NAME_FORMAT",  # suffix, punctuation, case or word order only
    "NAME_SIMILAR": "NAME_OTHER",
    "NAME_DIFFERENT": "NAME_OTHER",
}


def with_components(codes: pd.DataFrame) -> pd.DataFrame:
    """order_id, code, component from findings rows (order_id, code, field): the component of an
    address or name finding (ZIP vs the rest of the address; formatting-only vs another name),
    '' for other codes. One row per (order, code)."""
    component = codes["code"].map(COMPONENT_CODES).fillna("")
    zip_differs = codes["field"].fillna("").str.contains("address.zip", regex=False)
    component = component.where(~(zip_differs & (component == "ADDRESS_REST")), ZIP)
    frame = codes[["order_id", "code"]].assign(component=component)
    return frame.drop_duplicates(["order_id", "code"]).reset_index(drop=True)
