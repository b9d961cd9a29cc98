"""Reading the inbox: discovery, decoding, header matching, value parsing and quarantine."""

from portrecon.ingest.inbox import InboxTables, load_inbox

__all__ = ["InboxTables", "load_inbox"]
