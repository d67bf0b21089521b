"""Small-cell suppression for the tables Care Circle publishes.

The rules follow the California Department of Health Care Services / CalHHS Data
De-identification Guidelines, which every county partner publishing about these youth
has to meet:

* A count from 1 to 10 is never published (primary suppression). Zero is published:
  it describes nobody.
* Totals are the true totals of the true counts, and they are cells like any other: a
  row total, column total or grand total from 1 to 10 is hidden too.
* A hidden count must not be recoverable by subtraction (complementary suppression).
  A "line" is a row with its row total, a column with its column total, the totals row
  with the grand total, or the totals column with the grand total. A line with exactly
  one hidden cell gets a second one; so does a line whose hidden cells are all 3 or
  less, or add up to less than 11, because such a narrow range is nearly a disclosure.
  The second cell is the smallest non-zero count still shown in the line.
* Line by line is not enough: several lines together can still pin a cell. Treat the
  table with its margins as edges between row nodes and column nodes; the equations
  "cells add up to their total" then form a graph, and a hidden cell can be worked out
  exactly when it is a bridge among the hidden cells. A hidden cell on a cycle of hidden
  non-zero cells is safe: adding and subtracting one around the cycle keeps every total
  and every count non-negative. So every bridge gets the cheapest cycle of extra cells.
  Zeros are never hidden as complements, since a hidden zero cannot go down and can pin
  a cycle.
* A rate or percentage built on a hidden count or a hidden total is hidden as well.

Tables about the same youth (by gender, by age band, by race, one row per county) share
their row totals and grand total, so those are hidden in all of them or in none; see
`suppress_linked`.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SMALL_CELL_MAX = 10
# Hidden values this small (all of them) leave a range too narrow to publish around.
_TINY = 3

Cell = tuple[int, int]
Grid = list[list[int]]


@dataclass(frozen=True)
class Suppressed:
    cells: list[list[int | None]]  # None = hidden
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    def hidden_count(self) -> int:
        values = [v for row in self.cells for v in row]
        values += [*self.row_totals, *self.column_totals, self.total]
        return sum(v is None for v in values)


def suppress(
    counts: list[list[int]],
    *,
    force_hidden_row_totals: Collection[int] = frozenset(),
    force_hidden_total: bool = False,
) -> Suppressed:
    """Hide small counts and whatever would give them away.

    The forced totals are those a linked table hides; `suppress_linked` passes them.
    """
    grid = _grid(counts)
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    if any(not 0 <= i < rows for i in force_hidden_row_totals):
        raise ValueError("force_hidden_row_totals names a row the table does not have")
    forced = {(i, cols) for i in force_hidden_row_totals}
    if force_hidden_total:
        forced.add((rows, cols))
    return _publish(grid, _suppress(grid, forced, link_totals=False))


def suppress_linked(tables: list[list[list[int]]]) -> list[Suppressed]:
    """Suppress tables that share their row totals and grand total.

    Hiding the same totals everywhere is not enough on its own: each table gives its own
    range for a hidden total, and a reader can intersect them. So in every table the
    hidden totals are also tied together through hidden non-totals cells (see
    `_link_totals`), which lets all the tables move them up and down in step.
    """
    grids = [_grid(t) for t in tables]
    if len({tuple(row[-1] for row in g) for g in grids}) > 1:
        raise ValueError("linked tables need the same rows and the same row totals")
    link = len(grids) > 1
    shared: set[int] = set()  # rows whose total is hidden; the totals row means the grand total
    while True:
        hidden = [
            _suppress(g, {(i, len(g[0]) - 1) for i in shared}, link_totals=link) for g in grids
        ]
        now = {
            i
            for g, h in zip(grids, hidden, strict=True)
            for i in range(len(g))
            if (i, len(g[0]) - 1) in h
        }
        # Forced totals stay hidden, so this only grows and must settle.
        if now == shared:
            return [_publish(g, h) for g, h in zip(grids, hidden, strict=True)]
        shared = now


def percentage(part: int | None, whole: int | None, *, digits: int = 1) -> Decimal | None:
    """`part` as a percentage of `whole`; None when either is hidden or `whole` is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
    )


def _grid(counts: list[list[int]]) -> Grid:
    """The counts with a row total on each row and a totals row at the bottom."""
    for row in counts:
        if not isinstance(row, list | tuple) or len(row) != len(counts[0]):
            raise ValueError("counts must be a list of rows of equal length")
        for value in row:
            # bool is an int to Python, but True in a count is a bug upstream.
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"counts must be non-negative integers, not {value!r}")
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(column) for column in zip(*grid, strict=True)] if grid else [0])
    return grid


def _publish(grid: Grid, hidden: set[Cell]) -> Suppressed:
    shown = [
        [None if (i, j) in hidden else value for j, value in enumerate(row)]
        for i, row in enumerate(grid)
    ]
    return Suppressed(
        cells=[row[:-1] for row in shown[:-1]],
        row_totals=[row[-1] for row in shown[:-1]],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
    )


def _suppress(grid: Grid, forced: Iterable[Cell], *, link_totals: bool) -> set[Cell]:
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    hidden = {
        (i, j)
        for i, row in enumerate(grid)
        for j, value in enumerate(row)
        if 0 < value <= SMALL_CELL_MAX
    }
    # A zero total is published even when forced: its line is all shown zeros anyway.
    hidden |= {(i, j) for i, j in forced if grid[i][j] > 0}
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
    while (
        _apply_line_rules(grid, hidden, lines)
        | _close_bridges(grid, hidden)
        | (link_totals and _link_totals(grid, hidden))
    ):
        pass
    return hidden


def _apply_line_rules(grid: Grid, hidden: set[Cell], lines: list[list[Cell]]) -> bool:
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    changed = False
    for line in lines:
        while True:
            values = [grid[i][j] for i, j in line if (i, j) in hidden]
            if not values or (
                len(values) > 1 and max(values) > _TINY and sum(values) > SMALL_CELL_MAX
            ):
                break
            shown = [(i, j) for i, j in line if (i, j) not in hidden and grid[i][j] > 0]
            if not shown:
                break
            # Smallest count loses least; a total is worth more to readers than a cell.
            hidden.add(
                min(shown, key=lambda c: (grid[c[0]][c[1]], c[0] == rows or c[1] == cols, c))
            )
            changed = True
    return changed


def _close_bridges(grid: Grid, hidden: set[Cell]) -> bool:
    rows = len(grid) - 1
    changed = False
    for i, j in _bridges(hidden, rows):
        # Never None: the table is a non-negative circulation (row -> column through a
        # cell, column -> totals row, totals row -> totals column, totals column -> row),
        # so every non-zero cell lies on a cycle of non-zero cells.
        path = _cheapest_path(grid, hidden, {i}, {rows + 1 + j}, skip_cell=(i, j)) or []
        new = [c for c in path if c not in hidden]
        hidden.update(new)
        changed |= bool(new)
    return changed


def _link_totals(grid: Grid, hidden: set[Cell]) -> bool:
    """Connect the rows of all hidden totals through hidden cells other than totals.

    Then any two hidden totals can move by +1 and -1 together in every linked table at
    once, so neither they nor a cell whose only cycles run through them can be pinned by
    combining the tables. Such a connection always exists: every row with a non-zero
    total reaches the totals row through a non-zero cell and its non-zero column total.
    """
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    totals_node = rows + 1 + cols
    first, *others = [i for i in range(rows + 1) if (i, cols) in hidden] or [0]
    new: list[Cell] = []
    for end in others:
        # Costs nothing (and hides nothing) once the two are already connected.
        path = _cheapest_path(grid, hidden, {first}, {end}, skip_node=totals_node) or []
        new += [c for c in path if c not in hidden]
        hidden.update(path)
    return bool(new)


def _bridges(hidden: set[Cell], rows: int) -> list[Cell]:
    """Hidden cells whose removal disconnects the hidden-cell graph (Tarjan, iterative)."""
    adjacent: dict[int, list[tuple[int, Cell]]] = defaultdict(list)
    for i, j in sorted(hidden):
        adjacent[i].append((rows + 1 + j, (i, j)))
        adjacent[rows + 1 + j].append((i, (i, j)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found = []
    for root in sorted(adjacent):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, (-1, -1), iter(adjacent[root]))]
        while stack:
            node, via, edges = stack[-1]
            for nxt, cell in edges:
                if cell == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, cell, iter(adjacent[nxt])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
    return sorted(found)


def _cheapest_path(
    grid: Grid,
    hidden: set[Cell],
    sources: set[int],
    targets: set[int],
    *,
    skip_cell: Cell | None = None,
    skip_node: int | None = None,
) -> list[Cell] | None:
    """Dijkstra over cells: a hidden cell costs nothing, a shown one costs its count.

    Returns the cells of the cheapest path from any source to any target. Shown zeros
    are never used: hiding a zero would add a cell that cannot go down.
    """
    distance = dict.fromkeys(sources, 0)
    back: dict[int, tuple[int, Cell]] = {}
    heap = [(0, s) for s in sorted(sources)]
    while heap:
        cost, node = heapq.heappop(heap)
        if cost > distance[node]:
            continue
        if node in targets:
            path = []
            while node in back:
                node, cell = back[node]
                path.append(cell)
            return path
        for nxt, (i, j) in _steps(grid, node):
            if nxt == skip_node or (i, j) == skip_cell:
                continue
            price = 0 if (i, j) in hidden else grid[i][j]
            if price == 0 and (i, j) not in hidden:
                continue
            if cost + price < distance.get(nxt, cost + price + 1):
                distance[nxt] = cost + price
                back[nxt] = (node, (i, j))
                heapq.heappush(heap, (cost + price, nxt))
    return None


def _steps(grid: Grid, node: int) -> list[tuple[int, Cell]]:
    """Neighbours of a node: rows are 0..R (R the totals row), columns R+1..R+1+C."""
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    if node <= rows:
        return [(rows + 1 + j, (node, j)) for j in range(cols + 1)]
    return [(i, (i, node - rows - 1)) for i in range(rows + 1)]
