"""Small-cell suppression: each rule by example, then properties checked against an LP oracle.

The oracle is deliberately independent of the module's graph reasoning: for every hidden
cell it asks scipy's linear programming for the smallest and largest value the cell can
take given everything published. Equal bounds mean a reader could work the cell out.
"""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from carecircle.reports.suppression import (
    SMALL_CELL_MAX,
    Suppressed,
    percentage,
    suppress,
    suppress_linked,
)

Grid = list[list[int]]
Shown = list[list[int | None]]


def _truth(counts: Grid) -> Grid:
    """The table with its true row totals and a true totals row."""
    rows = [[*row, sum(row)] for row in counts]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def _shown(table: Suppressed) -> Shown:
    """The published table in the same shape as `_truth`."""
    rows = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [*table.column_totals, table.total]]


def _lines(grid: list[list]) -> list[list]:
    """Every row with its total and every column with its total, margins included."""
    return [list(row) for row in grid] + [list(column) for column in zip(*grid, strict=True)]


def _pinned(truths: list[Grid], shown: list[Shown]) -> list[tuple]:
    """Hidden cells whose value the published tables determine exactly.

    Cells in the totals column (row totals and the grand total) are one shared unknown
    across linked tables, which is how a reader would combine them.
    """
    index: dict[tuple, int] = {}
    for k, grid in enumerate(shown):
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if value is None:
                    index.setdefault(("total", i) if j == len(row) - 1 else (k, i, j), len(index))
    if not index:
        return []
    true = np.zeros(len(index))
    equations, constants = [], []
    for k, (truth, grid) in enumerate(zip(truths, shown, strict=True)):
        last_row, last_col = len(grid) - 1, len(grid[0]) - 1
        cells = [[(i, j) for j in range(last_col + 1)] for i in range(last_row + 1)]
        # Each line: the cells add up to its total, which is the line's last entry.
        for line in [*cells, *map(list, zip(*cells, strict=True))]:
            coefficients, constant = np.zeros(len(index)), 0
            for (i, j), sign in zip(line, [1] * (len(line) - 1) + [-1], strict=True):
                if grid[i][j] is None:
                    key = ("total", i) if j == last_col else (k, i, j)
                    coefficients[index[key]] += sign
                    true[index[key]] = truth[i][j]
                else:
                    constant -= sign * grid[i][j]
            if coefficients.any():
                equations.append(coefficients)
                constants.append(constant)

    def solve(objective: np.ndarray):
        return linprog(objective, A_eq=np.array(equations), b_eq=constants, bounds=(0, None))

    # A few random objectives certify most cells at once: any solution that differs from
    # the truth in a cell proves the cell is not determined. The rest get min and max.
    moved = np.zeros(len(index), dtype=bool)
    rng = np.random.default_rng(0)
    for _ in range(3):
        result = solve(rng.choice([-1.0, 1.0], len(index)))
        if result.status == 0:
            moved |= np.abs(result.x - true) > 1e-6
    pinned = []
    for key, n in index.items():
        if moved[n]:
            continue
        unit = np.eye(len(index))[n]
        low, high = solve(unit), solve(-unit)
        assert low.status == 0  # the truth is feasible and cells are non-negative
        if high.status == 0 and -high.fun - low.fun < 1e-6:
            pinned.append(key)
    return pinned


def test_it_hides_counts_from_one_to_ten_and_shows_zero_and_eleven():
    table = suppress([[0, 1, 10, 11]])

    assert table.cells == [[0, None, None, 11]]
    assert table.column_totals == [0, None, None, 11]
    assert (table.row_totals, table.total) == ([22], 22)
    assert table.hidden_count() == 4


def test_it_gives_a_lone_hidden_cell_a_complement():
    # 5 alone in its row would be 55 - 20 - 30; the smallest other count goes with it,
    # and the columns then need a partner each, which closes a rectangle.
    table = suppress([[5, 20, 30], [40, 50, 60]])

    assert table.cells == [[None, None, 30], [None, None, 60]]
    assert table.row_totals == [55, 150]
    assert table.column_totals == [45, 70, 90]


def test_it_hides_one_more_when_the_hidden_values_add_up_to_under_eleven():
    # 2 and 3 hidden: the reader still knows the pair sums to 5. 40 goes too.
    table = suppress([[2, 3, 40], [30, 30, 30]])

    assert table.cells[0] == [None, None, None]
    assert table.row_totals[0] == 45


def test_it_hides_one_more_when_every_hidden_value_is_three_or_less():
    # Four 3s add up to 12, but each is known to be tiny; the 50 joins them.
    table = suppress([[3, 3, 3, 3, 50], [20, 20, 20, 20, 20]])

    assert table.cells[0] == [None] * 5
    assert table.row_totals[0] == 62


def test_it_hides_margins_from_one_to_ten():
    table = suppress([[3, 4], [20, 30]])

    assert table.row_totals[0] is None
    assert table.column_totals == [23, 34]


def test_it_publishes_the_true_totals():
    counts = [[5, 20, 30], [40, 50, 60]]
    table = suppress(counts)

    assert table.row_totals == [55, 150]  # not the sum of what is shown
    assert table.column_totals == [45, 70, 90]
    assert table.total == 205


def test_it_suppresses_a_one_column_table():
    # A list of categories: 5 needs a second category hidden with it, the smallest.
    table = suppress([[5], [40], [60], [70]])

    assert table.cells == [[None], [None], [60], [70]]
    assert table.row_totals == [None, None, 60, 70]
    assert (table.column_totals, table.total) == ([175], 175)


def test_it_handles_empty_tables():
    assert suppress([]) == Suppressed(cells=[], row_totals=[], column_totals=[], total=0)
    assert suppress([[], []]) == Suppressed(
        cells=[[], []], row_totals=[0, 0], column_totals=[], total=0
    )


def test_it_hides_forced_totals():
    table = suppress([[40, 50], [60, 70], [80, 90]], force_hidden_row_totals={1})

    assert table.row_totals[1] is None
    assert _pinned([_truth([[40, 50], [60, 70], [80, 90]])], [_shown(table)]) == []
    assert suppress([[40]], force_hidden_total=True).total is None


def test_it_hides_a_percentage_built_on_a_hidden_cell():
    table = suppress([[5, 20, 30], [40, 50, 60]])

    assert percentage(table.cells[0][0], table.row_totals[0]) is None
    assert percentage(table.cells[0][2], None) is None
    assert percentage(table.cells[0][2], table.row_totals[0]) == Decimal("54.5")
    assert percentage(0, 0) is None
    assert percentage(1, 3, digits=2) == Decimal("33.33")
    assert percentage(1, 16) == Decimal("6.3")  # half up, as people round by hand
    assert percentage(2, 3, digits=0) == Decimal("67")


@pytest.mark.parametrize(
    "counts",
    [[[-1]], [[1.5]], [["3"]], [[True]], [[1, 2], [3]], [5]],
    ids=["negative", "float", "text", "bool", "ragged", "not-rows"],
)
def test_it_rejects_bad_counts(counts):
    with pytest.raises(ValueError):
        suppress(counts)


def test_it_rejects_linked_tables_that_do_not_share_their_row_totals():
    with pytest.raises(ValueError):
        suppress_linked([[[20], [30]], [[10, 10], [10, 21]]])
    with pytest.raises(ValueError):
        suppress_linked([[[20], [30]], [[10, 10]]])
    with pytest.raises(ValueError):
        suppress([[20]], force_hidden_row_totals={1})


def test_it_hides_linked_row_totals_in_every_table():
    # Alone, the one-column table shows its first row total of 12; the other table hides
    # it (four 3s), so 12 could be read off the first. Linked, both hide it.
    by_county = [[12], [80], [100]]
    by_age = [[3, 3, 3, 3], [20, 20, 20, 20], [10, 20, 30, 40]]
    assert suppress(by_county).row_totals[0] == 12

    tables = suppress_linked([by_county, by_age])

    assert [t.row_totals for t in tables] == [[None, None, 100]] * 2
    assert _pinned([_truth(by_county), _truth(by_age)], [_shown(t) for t in tables]) == []


def test_it_stops_linked_tables_pinning_a_hidden_total_between_them():
    # Every row total is hidden in both, yet with only the columns hidden alongside them,
    # the first table gives rows 0+1 = 11 and the second rows 0+1+2 = 18: row 2 is 7.
    by_gender = [[5, 0], [6, 0], [0, 7], [0, 8], [0, 9]]
    by_age = [[5, 0], [6, 0], [7, 0], [0, 8], [0, 9]]

    tables = suppress_linked([by_gender, by_age])

    assert _pinned([_truth(by_gender), _truth(by_age)], [_shown(t) for t in tables]) == []


def test_it_keeps_a_single_linked_table_as_suppress_does():
    counts = [[5, 20, 30], [40, 50, 60]]
    assert suppress_linked([counts]) == [suppress(counts)]
    assert suppress_linked([]) == []


# Small counts (and zeros) are where every rule bites, so they come up most often.
_counts = st.one_of(st.just(0), st.integers(1, 12), st.integers(1, 12), st.integers(13, 60))


@st.composite
def _tables(draw, rows: int | None = None) -> Grid:
    rows = rows or draw(st.integers(1, 6))
    columns = draw(st.integers(1, 6))
    row = st.lists(_counts, min_size=columns, max_size=columns)
    return draw(st.lists(row, min_size=rows, max_size=rows))


@st.composite
def _linked_tables(draw, tables=(2, 3), columns=(1, 4), rows=(1, 6)) -> list[Grid]:
    """Two or three tables splitting the same row totals (counties) in different ways.

    Mostly each county falls wholly in one category, with few categories and many small
    totals: that is how a reader gets to intersect two tables' ranges for a hidden total,
    and random splits almost never produce it.
    """
    small = st.integers(1, SMALL_CELL_MAX)
    row_count = draw(st.integers(*rows))
    totals = draw(st.lists(st.one_of(small, _counts), min_size=row_count, max_size=row_count))
    found = []
    for _ in range(draw(st.integers(*tables))):
        width = draw(st.integers(*columns))
        table = []
        for total in totals:
            if draw(st.integers(0, 4)):
                at = draw(st.integers(0, width - 1))
                table.append([total if j == at else 0 for j in range(width)])
            else:
                cut = st.integers(0, total)
                cuts = sorted(draw(st.lists(cut, min_size=width - 1, max_size=width - 1)))
                table.append([b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)])
        found.append(table)
    return found


def _assert_publishable(truth: Grid, shown: Shown) -> None:
    for line_truth, line_shown in zip(_lines(truth), _lines(shown), strict=True):
        assert all(v is None or not 1 <= v <= SMALL_CELL_MAX for v in line_shown)
        assert all(v is None or v == t for v, t in zip(line_shown, line_truth, strict=True))
        # A line's hidden values are not all tiny nor add up to under 11, unless nothing
        # non-zero is left in it to hide.
        hidden = [t for v, t in zip(line_shown, line_truth, strict=True) if v is None]
        if hidden and any(line_shown):
            assert max(hidden) > 3 and sum(hidden) > SMALL_CELL_MAX


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_tables())
def test_it_never_publishes_a_recoverable_cell(counts):
    truth, shown = _truth(counts), _shown(suppress(counts))

    _assert_publishable(truth, shown)  # no 1..10, margins are the true totals
    assert _pinned([truth], [shown]) == []
    assert all([v is None for v in line].count(True) != 1 for line in _lines(shown))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_linked_tables())
def test_it_hides_linked_totals_together_and_recoverably_nowhere(tables):
    truths = [_truth(t) for t in tables]
    shown = [_shown(t) for t in suppress_linked(tables)]

    for truth, grid in zip(truths, shown, strict=True):
        _assert_publishable(truth, grid)
    assert len({tuple(row[-1] is None for row in grid) for grid in shown}) == 1
    assert _pinned(truths, shown) == []


@settings(max_examples=100, deadline=None, derandomize=True)
@given(_linked_tables(tables=(4, 4), columns=(5, 9), rows=(2, 8)))
def test_it_protects_linked_tables_shaped_like_the_statewide_ones(tables):
    """Four tables of one population (status, age, gender, race), one row per county."""
    truths = [_truth(t) for t in tables]
    shown = [_shown(t) for t in suppress_linked(tables)]
    for truth, grid in zip(truths, shown, strict=True):
        _assert_publishable(truth, grid)
    assert _pinned(truths, shown) == []
