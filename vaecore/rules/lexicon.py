"""The lexicon's readings of the posts' words, stated once (CLAIMS.md, "Reading the posts' words").

Each constant or band function encodes one row of the lexicon's table; the comment quotes the row.
Rules import these instead of typing the number again, so that a word reads the same in every post
and a change of reading is one change here (and a row of the README's "Changed after seeing data").

>>> about_band(16.75, step=0.5), share_band(0.98), round(count_band(10), 2), about_count(2, 43_520_000, 43_520_000)
(1.675, 0.01, 6.32, 4)
>>> FLOOR * 0.97, CEILING * 15, WITHIN_ABOUT * 0.01
(0.873, 16.5, 0.015)
"""

from __future__ import annotations

import math

# "almost all, nearly all, almost perfect": >= 0.95
ALMOST_ALL = 0.95
# "the vast majority": >= 0.80
VAST_MAJORITY = 0.80
# "most, mostly, the majority": > 0.5
MOST = 0.5
# "many": >= 0.2; "a few, some (beside 'most')": < 0.2
MANY = 0.2

# "about / around / near / close to / ~ / ≈ X (a magnitude: loss, radius, ratio, time)": within +-10 % of X,
# and at least one bin or grid step of the measurement (about_band)
ABOUT = 0.10
# "about X as a floor or ceiling ('still', 'reaches', 'only', 'a safe choice')": one-sided, >= 0.9 X or <= 1.1 X
FLOOR, CEILING = 0.9, 1.1
# "within about X (a bound)": <= 1.5 X
WITHIN_ABOUT = 1.5
# "comparable, similar, like (a named quantity)": within +-10 %; two 1-d distributions: Wasserstein-1 / mean <= 0.1
COMPARABLE = 0.10
COMPARABLE_W1 = 0.1
# "clearly above / below": beyond 2 SE of the measured spread (CLEARLY_SE) and by >= 1 % (CLEARLY_REL)
CLEARLY_SE = 2.0
CLEARLY_REL = 0.01
# "much larger, much broader": >= 1.5 x
MUCH_LARGER = 1.5
# "all, none (a share read by a judge)": within 2 SE of the judge's rate on real images (all) or on a null
# control (none)
JUDGE_SE = 2.0


def about_band(x: float, step: float = 0.0) -> float:
    """The half-width of "about / near X" (a magnitude): +-10 % of X, and at least one bin or grid
    ``step`` of the measurement.

    >>> about_band(16.0, step=0.5), about_band(2.0, step=0.5), about_band(20.0)
    (1.6, 0.5, 2.0)
    """
    return max(ABOUT * abs(x), step)


def share_band(x: float) -> float:
    """The half-width of "about ~X" for a share, rate or accuracy X in 0..1: max(0.01, 0.1 min(X, 1 - X)),
    so ~98 % is 0.97 - 0.99.

    >>> round(share_band(0.85), 3), round(share_band(0.90), 3), share_band(0.5), share_band(0.03)
    (0.015, 0.01, 0.05, 0.01)
    """
    return max(0.01, 0.1 * min(x, 1 - x))


def count_band(n: float) -> float:
    """The half-width of "about N (a count of items)": max(0.1 N, 2 sqrt(N)).

    >>> round(count_band(10), 3), count_band(400)
    (6.325, 40.0)
    """
    return max(0.1 * n, 2 * math.sqrt(n))


def about_count(count: int, of: int, components: int) -> int:
    """The most items of ``components`` that "about ``count`` of ``of``" allows: the post's count scaled
    to our sample (``count x components / of``), widened by :func:`count_band`, in whole items. In the
    post's own sample "2 of 43.52 million" allows 2 + 2.83, so 4; 1,572 test faces x 256 = 402,432
    components expect 0.018 and allow none.

    >>> about_count(2, 43_520_000, 43_520_000), about_count(5, 43_500_000, 43_500_000), about_count(2, 43_520_000, 402_432)
    (4, 9, 0)
    """
    n = count * components / of
    return int(math.floor(n + count_band(n) + 1e-9))
