"""Normalisers over distinct values: names, addresses and account numbers, each mapped once."""
