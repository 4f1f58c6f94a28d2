"""Plane geometry for pictures of a page: the homography between the award layout (mm) and a
photo (pixels), found from the four corners of the QR code.

>>> h = homography([(0, 0), (1, 0), (1, 1), (0, 1)], [(10, 10), (30, 10), (30, 30), (10, 30)])
>>> [round(v, 6) for v in h.apply(0.5, 0.5)]
[20.0, 20.0]
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Homography:
    """A projective map of the plane: ``(x, y) -> ((a x + b y + c) / (g x + h y + 1), ...)``."""

    coefficients: tuple[float, float, float, float, float, float, float, float]

    def apply(self, x: float, y: float) -> Point:
        """The image of the point ``(x, y)``."""
        a, b, c, d, e, f, g, h = self.coefficients
        w = g * x + h * y + 1.0
        return (a * x + b * y + c) / w, (d * x + e * y + f) / w


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """``matrix · x = vector`` by Gaussian elimination with partial pivoting."""
    n = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < 1e-12:
            raise ValueError("the points are degenerate (three on a line)")
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                if factor:
                    rows[r] = [v - factor * p for v, p in zip(rows[r], rows[col])]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def homography(source: Sequence[Point], target: Sequence[Point]) -> Homography:
    """The homography that takes each of four ``source`` points to its ``target`` point."""
    matrix: list[list[float]] = []
    vector: list[float] = []
    for (x, y), (u, v) in zip(source, target):
        matrix.append([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y])
        vector.append(u)
        matrix.append([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y])
        vector.append(v)
    a, b, c, d, e, f, g, h = _solve(matrix, vector)
    return Homography((a, b, c, d, e, f, g, h))


def affine(source: Sequence[Point], target: Sequence[Point]) -> Homography:
    """The affine map (no perspective) that takes ``source`` points nearest to ``target`` ones
    (least squares): steadier than :func:`homography` far from a small quadrilateral whose
    corners are known to a pixel or two."""
    normal = [[0.0] * 3 for _ in range(3)]
    rhs_u, rhs_v = [0.0] * 3, [0.0] * 3
    for (x, y), (u, v) in zip(source, target):
        row = (x, y, 1.0)
        for i in range(3):
            for j in range(3):
                normal[i][j] += row[i] * row[j]
            rhs_u[i] += row[i] * u
            rhs_v[i] += row[i] * v
    a, b, c = _solve([r[:] for r in normal], rhs_u)
    d, e, f = _solve([r[:] for r in normal], rhs_v)
    return Homography((a, b, c, d, e, f, 0.0, 0.0))
