"""Hostile inputs for the reliability and security tests.

Small hostile files are built here in code (so the bytes are exact and
reviewable); big ones (a 2 MB line, a 20 MB paper, 100,000 blank lines) are
generated at test time into ``tmp_path`` by :mod:`hostile.generate`.
"""
