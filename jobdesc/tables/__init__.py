"""Helpers shared by the tabular outputs (RACI matrix, staffing table): column widths for
CJK text, xlsx styling and byte-for-byte reproducible workbooks, HTML tables to PDF."""
