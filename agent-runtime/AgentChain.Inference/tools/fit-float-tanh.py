#!/usr/bin/python3
"""Fits the polynomial of FloatTanh (agent-runtime/AgentChain.Inference/Reproducible/FloatTanh.cs) for |x| < 0.75.

tanh(x) = x + x^3 P(x^2) with P of degree 5, chosen to minimise the largest relative error of tanh on (0, 0.75]
(Lawson's iteratively reweighted least squares, which converges to the weighted minimax fit). The coefficients are
then rounded to float32; FloatTanhTests measures the error that matters (float32 evaluation, every float input).

Run with Debian's python3-numpy: /usr/bin/python3 agent-runtime/AgentChain.Inference/tools/fit-float-tanh.py
"""
import numpy as np

LIMIT = 0.75
DEGREE = 5

x = np.linspace(1e-4, LIMIT, 20000)
s = x * x
target = (np.tanh(x) - x) / x**3          # what P(s) must equal
weight = x**3 / np.tanh(x)                # an error d in P is an error x^3 d in tanh, relative to tanh
basis = np.vander(s, DEGREE + 1, increasing=True)
lawson = np.full_like(x, 1.0 / len(x))
for _ in range(300):
    root = np.sqrt(lawson)
    coefficients, *_ = np.linalg.lstsq(basis * (weight * root)[:, None], target * weight * root, rcond=None)
    error = np.abs((basis @ coefficients - target) * weight)
    lawson = lawson * error
    lawson /= lawson.sum()

print(f"largest relative error of tanh in double: {error.max():.3e}")
for i, c in enumerate(coefficients.astype(np.float32)):
    print(f"    private const float C{i} = {float(c)!r}f;")
