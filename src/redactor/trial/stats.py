"""Small, exact statistics for selection rates: Wilson intervals, the rate ratio and Fisher's exact test.

Standard library only (the report needs a handful of formulas, not a statistics package).
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson(selected: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (95 % by default); None when n is 0."""
    if n <= 0:
        return None
    p = selected / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def ratio_interval(a: int, n1: int, c: int, n2: int, z: float = Z95) -> tuple[float, float] | None:
    """The 95 % interval of the rate ratio (a/n1) / (c/n2) by the Katz log method.

    None when either group selected nobody (the ratio's logarithm is then unbounded).
    """
    if a <= 0 or c <= 0 or n1 <= 0 or n2 <= 0:
        return None
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    return ratio * math.exp(-z * se), ratio * math.exp(z * se)


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the 2x2 table [[a, b], [c, d]].

    The p-value sums the hypergeometric probabilities of every table with the observed margins that is no
    more likely than the observed one (the usual definition, as in R's ``fisher.test``).
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts must not be negative")
    row1, col1, n = a + b, a + c, a + b + c + d
    if n == 0:
        return 1.0
    lo, hi = max(0, col1 - (n - row1)), min(row1, col1)
    denom = _log_comb(n, col1)

    def logp(x: int) -> float:
        return _log_comb(row1, x) + _log_comb(n - row1, col1 - x) - denom

    observed = logp(a)
    total = 0.0
    for x in range(lo, hi + 1):
        lp = logp(x)
        if lp <= observed + 1e-7:
            total += math.exp(lp)
    return min(1.0, total)
