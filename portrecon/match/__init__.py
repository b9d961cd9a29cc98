"""Matching LOAs to CSR accounts and judging each compared field."""
