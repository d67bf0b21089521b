"""The authorisation matrix: its table (``cases``) and its world (``world``), shared by
the page matrix (``tests/test_url_matrix.py``), the API write matrix and the sealed
record matrix."""

from carecircle.tests.matrix.cases import (
    ANON,
    B_COORDINATOR,
    B_PERSONAS,
    CASES,
    LOGIN,
    PERSONAS,
    SEE_WARD,
    STATE,
    on_youth,
)
from carecircle.tests.matrix.world import MatrixWorld

__all__ = [
    "ANON", "B_COORDINATOR", "B_PERSONAS", "CASES", "LOGIN", "PERSONAS", "SEE_WARD",
    "STATE", "MatrixWorld", "on_youth",
]  # fmt: skip
