"""Small-number suppression for published outputs, as DfE applies it to children in need figures.

The rule (DfE, *Children in need* statistics, Explore Education Statistics data guidance,
"Confidentiality": "any number between 1 and 5 inclusive has been suppressed and replaced by
'c'. Secondary suppression has been applied where necessary, to preserve confidentiality";
"0 indicates the original figure submitted was zero"), made precise here:

1. **Primary**: a count from 1 to 5 is shown as ``c``. Zero is shown.
2. **Secondary**: wherever parts and their total are published together (first + repeat =
   plans started; gap bands = repeat plans…), no total may have exactly one hidden member,
   or it could be worked out by subtraction. The smallest other non-zero part is hidden too
   (the total itself when no part is left), repeating until nothing changes. DfE's table D5
   does this (a council with 1–5 plans open 2 years or more also has its "1 to 2 years" count
   suppressed).
3. **Derived figures**: a percentage, rate or confidence interval is hidden when its numerator
   or denominator is hidden, since with the other it would give the count back (DfE table D3:
   Rutland 2022-23, 39 plans started, repeat ``c``, percentage ``c``).

Counts not published in a table but derivable from it (e.g. first plans = started − repeat)
take part as hidden members of their groups. :class:`Disclosure` with ``publish=False``
(restricted reports, for officers) shows every number as it is. One place for this rule: the
report's sections call it (the web app's report download goes through the report; its What
changed page shows officers every number, ``publish=False``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

SUPPRESSED = "c"
SMALLEST_SHOWN = 6  # counts 1..5 are suppressed
SOURCE = (
    "DfE, Children in need statistics, data guidance on Explore Education Statistics "
    "(Confidentiality): numbers from 1 to 5 are replaced by 'c', with secondary suppression "
    "where necessary"
)

K = TypeVar("K", bound=Hashable)
Group = tuple[Sequence[K], K]  # (parts, their total)


def is_small(count: int | None) -> bool:
    """A count that must not be published: 1 to 5 (0 and missing are not small)."""
    return count is not None and 0 < count < SMALLEST_SHOWN


def hidden_cells(
    cells: Mapping[K, int | None],
    groups: Iterable[Group[K]] = (),
    forced: Iterable[K] = (),
) -> set[K]:
    """The cells to hide: small counts, then secondary suppression over ``groups``.

    ``cells``: every count that is published or derivable (``None`` = no figure, never hidden
    and never a part that helps). ``groups``: (parts, total) that add up. ``forced``: cells
    already hidden elsewhere (a total hidden in another table stays hidden here).
    """
    hidden = {key for key, value in cells.items() if is_small(value)}
    hidden |= {key for key in forced if key in cells}
    groups = [(list(parts), total) for parts, total in groups]
    changed = True
    while changed:
        changed = False
        for parts, total in groups:
            members = [*parts, total]
            if sum(m in hidden for m in members) != 1:
                continue
            candidates = [p for p in parts if p not in hidden and (cells.get(p) or 0) > 0]
            if candidates:
                pick = min(candidates, key=lambda p: (cells[p], members.index(p)))
            elif total not in hidden and cells.get(total) is not None:
                pick = total
            else:
                continue
            hidden.add(pick)
            changed = True
    return hidden


@dataclass(frozen=True)
class Disclosure:
    """What a report may show: ``publish=True`` applies the rule above; False shows all."""

    publish: bool = True

    def counts(
        self,
        cells: Mapping[K, int | None],
        groups: Iterable[Group[K]] = (),
        forced: Iterable[K] = (),
    ) -> dict[K, int | str | None]:
        """Every cell as it may be shown: the count, ``"c"``, or ``None`` (no figure)."""
        hidden = hidden_cells(cells, groups, forced) if self.publish else set()
        return {k: (SUPPRESSED if k in hidden else v) for k, v in cells.items()}

    def count(self, value: int | None) -> int | str | None:
        """One count with no parts or total published beside it."""
        return SUPPRESSED if self.publish and is_small(value) else value

    @staticmethod
    def derived(value, *inputs) -> object:
        """A figure derived from counts (percentage, interval): hidden if any input is."""
        return SUPPRESSED if any(i == SUPPRESSED for i in inputs) else value


def table_groups(
    rows: Sequence[Hashable], columns: Sequence[Hashable], row_total: Hashable, col_total: Hashable
) -> list[Group[tuple[Hashable, Hashable]]]:
    """The (parts, total) groups of a two-way table with a total row and a total column.

    Cells are keyed ``(row, column)``; ``row_total``/``col_total`` name the margins.
    """
    groups: list[Group[tuple[Hashable, Hashable]]] = []
    for r in [*rows, row_total]:
        groups.append(([(r, c) for c in columns], (r, col_total)))
    for c in [*columns, col_total]:
        groups.append(([(r, c) for r in rows], (row_total, c)))
    return groups
