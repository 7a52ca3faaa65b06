#!/usr/bin/python3
"""diabetes_progression: a ridge regressor whose output an oracle feed publishes.

Run with Debian's python (apt-get install python3-sklearn python3-onnx python3-numpy):
    /usr/bin/python3 models/diabetes_progression/train.py
Deterministic (closed-form solver, fixed split seed); re-running writes the same bytes.
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.datasets import load_diabetes  # noqa: E402
from sklearn.linear_model import Ridge  # noqa: E402
from sklearn.metrics import mean_absolute_error, r2_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import export  # noqa: E402

SEED = 20240607

# scaled=False: the raw clinical measurements (age in years, BMI, blood pressure, six serum values), so a feed
# operator can pass real numbers; the standardisation lives in the graph.
data = load_diabetes(scaled=False)
x = data.data.astype(np.float64)
y = data.target.astype(np.float64)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=SEED)

scaler = StandardScaler().fit(x_train)
ridge = Ridge(alpha=1.0, solver="cholesky").fit(scaler.transform(x_train), y_train)

layers = [(ridge.coef_.reshape(-1, 1), np.array([ridge.intercept_]), None)]
mean, scale = scaler.mean_, scaler.scale_
model = export.build_graph("diabetes_progression", x.shape[1], mean, scale, layers, "regressor", 1,
                           "Disease progression one year after baseline from 10 baseline measurements.")

graph_out = export.run_graph_numpy(x_test, mean, scale, layers, "regressor")["prediction"][:, 0]
sk_pred = ridge.predict(scaler.transform(x_test))
max_diff = float(np.abs(graph_out - sk_pred).max())
assert max_diff < 1e-3, f"exported graph differs from sklearn by {max_diff}"

r2 = float(r2_score(y_test, graph_out))
mae = float(mean_absolute_error(y_test, graph_out))

fixed = x_test[:8]
samples = export.samples_record(fixed, export.run_graph_numpy(fixed, mean, scale, layers, "regressor"),
                                {"prediction": 1e-3})

manifest = {
    "name": "diabetes_progression",
    "task": "regression",
    "model": "ridge regression (alpha=1.0) on standardised features, as Sub/Div/MatMul/Add",
    "intended_use": ("Oracle feed: an AI feed node runs it on submitted baseline measurements and publishes "
                     "prediction[0,0] (a quantitative progression score, target range 25..346) as the answer; "
                     "aggregation across nodes happens on chain. Demonstration only; not for clinical use."),
    "inputs_meaning": list(data.feature_names),
    "dataset": {
        "name": "Diabetes (Efron, Hastie, Johnstone, Tibshirani 2004, 'Least Angle Regression')",
        "loader": "sklearn.datasets.load_diabetes(scaled=False) (bundled with Debian's python3-sklearn)",
        "source": "https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html",
        "licence": ("Redistributed inside scikit-learn (BSD-3-Clause); published with the LARS paper for free "
                    "research use. No separate licence is stated by the authors."),
        "samples": int(x.shape[0]),
        "features": int(x.shape[1]),
    },
    "split": {"test_size": 0.25, "random_state": SEED, "train": int(len(y_train)), "test": int(len(y_test))},
    "metrics": {"test_r2": round(r2, 4), "test_mae": round(mae, 3),
                "max_abs_diff_vs_sklearn_predict": max_diff},
    "training": {"script": "models/diabetes_progression/train.py", "seed": SEED, "versions": export.versions(),
                 "reproducible": "re-running train.py writes byte-identical model.onnx (same sha256)"},
}
sha = export.save(HERE, "model.onnx", model, manifest, samples)
print(f"diabetes_progression: r2={r2:.4f} mae={mae:.2f} max_diff={max_diff:.2e} sha256={sha}")
