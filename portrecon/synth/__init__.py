"""Synthetic porting world (issue 3): a messy inbox of CSR, LOA and order-event files of any
size, deterministic per seed, with truth tables saying what a perfect product concludes."""

from portrecon.synth.generate import generate

__all__ = ["generate"]
