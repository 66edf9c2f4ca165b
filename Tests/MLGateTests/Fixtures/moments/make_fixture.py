"""Writes cases.txt: columns of numbers with their mean, sample standard deviation
(ddof = 1) and sum computed exactly with Python's fractions and rounded once to a double.

Each case is three lines: `case NAME`, the numbers as hex floats separated by spaces,
and `expected MEAN STD SUM` (hex floats, or nan / inf / -inf). The columns are chosen to be
hard for floating-point sums: cancellation, magnitudes 600 orders apart, subnormals,
values whose squares overflow a double, instants in microseconds that differ by a few.

    python3 make_fixture.py   # writes cases.txt next to this script (stdlib only)
"""
import math
import random
from fractions import Fraction
from pathlib import Path


def rounded_sqrt(value: Fraction) -> float:
    """sqrt(value) rounded once to a double (value > 0)."""
    # Scale by 4^k so the integer root has about 64 bits, then keep a sticky bit.
    k = (128 - (value.numerator.bit_length() - value.denominator.bit_length())) // 2
    scaled = value * Fraction(4) ** k
    whole = scaled.numerator // scaled.denominator
    root = math.isqrt(whole)
    sticky = 1 if Fraction(root * root) != scaled else 0
    try:
        return float(Fraction(2 * root + sticky) / Fraction(2) ** (k + 1))
    except OverflowError:  # beyond the largest double
        return math.inf


def expected(values):
    if any(math.isinf(v) for v in values):
        pos = any(v == math.inf for v in values)
        neg = any(v == -math.inf for v in values)
        mean = math.nan if pos and neg else (math.inf if pos else -math.inf)
        return mean, math.nan, mean
    exact = [Fraction(v) for v in values]
    n = len(exact)
    total = sum(exact)
    mean = float(total / n)
    try:
        rounded_total = float(total)
    except OverflowError:  # beyond the largest double
        rounded_total = math.inf if total > 0 else -math.inf
    if n < 2:
        return mean, math.nan, rounded_total
    spread = (n * sum(x * x for x in exact) - total * total) / (n * (n - 1))
    return mean, (0.0 if spread == 0 else rounded_sqrt(spread)), rounded_total


def text(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value.hex()


def cases():
    rng = random.Random(20261205)
    yield "gaussian", [rng.gauss(5, 1000) for _ in range(2000)]
    yield "epoch-microseconds", [float(1_733_400_000_000_000 + rng.randint(0, 9)) for _ in range(3000)]
    yield "tenths", [0.1] * 1000
    yield "cancelling", [1e16, 1.0, -1e16, 3.0, 2.0**-30] * 200
    yield "magnitudes", [rng.choice([1e300, -1e300, 1.0, 1e-300, -2.5, 7e150]) * rng.random() for _ in range(1500)]
    yield "subnormals", [5e-324 * rng.randint(1, 1 << 20) for _ in range(500)] + [-5e-324 * 3]
    yield "huge-squares", [1.5e200 + rng.random() * 1e190 for _ in range(400)]
    yield "largest", [1.7976931348623157e308, 1.7976931348623157e308, -1.7976931348623157e308]
    yield "negative", [-(rng.random() ** 3) * 1e6 for _ in range(777)]
    yield "integers", [float(rng.randint(-10**15, 10**15)) for _ in range(2500)]
    yield "one", [42.125]
    yield "two", [0.1, 0.2]
    yield "zeros", [0.0, -0.0, 0.0]
    yield "infinity", [1.0, math.inf, 3.0]
    yield "both-infinities", [math.inf, 2.0, -math.inf]


def main():
    lines = []
    for name, values in cases():
        mean, std, total = expected(values)
        lines += [f"case {name}", " ".join(text(v) for v in values), f"expected {text(mean)} {text(std)} {text(total)}"]
    Path(__file__).with_name("cases.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
