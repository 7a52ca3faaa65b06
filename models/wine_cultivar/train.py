#!/usr/bin/python3
"""wine_cultivar: multinomial logistic regression over 13 chemical measurements (3 classes).

Run with Debian's python (apt-get install python3-sklearn python3-onnx python3-numpy):
    /usr/bin/python3 models/wine_cultivar/train.py
Deterministic (lbfgs from a zero start, fixed split seed); re-running writes the same bytes.
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.datasets import load_wine  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, log_loss  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import export  # noqa: E402

SEED = 20240607

data = load_wine()
x = data.data.astype(np.float64)
y = data.target.astype(np.int64)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, random_state=SEED, stratify=y)

scaler = StandardScaler().fit(x_train)
clf = LogisticRegression(C=1.0, solver="lbfgs", max_iter=5000, random_state=SEED)
clf.fit(scaler.transform(x_train), y_train)

# Multinomial logistic regression: softmax(x W^T + b), exactly what the classifier head computes.
layers = [(clf.coef_.T, clf.intercept_, None)]
mean, scale = scaler.mean_, scaler.scale_
model = export.build_graph("wine_cultivar", x.shape[1], mean, scale, layers, "classifier", 3,
                           "Cultivar (0, 1, 2) of an Italian wine from 13 chemical measurements.")

graph_out = export.run_graph_numpy(x_test, mean, scale, layers, "classifier")
sk_proba = clf.predict_proba(scaler.transform(x_test))
max_diff = float(np.abs(graph_out["probabilities"] - sk_proba).max())
assert max_diff < 1e-4, f"exported graph differs from sklearn by {max_diff}"
assert (graph_out["label"] == clf.predict(scaler.transform(x_test))).all(), "labels differ from sklearn"

accuracy = float(accuracy_score(y_test, graph_out["label"]))
loss = float(log_loss(y_test, graph_out["probabilities"].astype(np.float64)))

fixed = x_test[:8]
samples = export.samples_record(fixed, export.run_graph_numpy(fixed, mean, scale, layers, "classifier"),
                                {"probabilities": 1e-5, "label": 0})

manifest = {
    "name": "wine_cultivar",
    "task": "multi-class classification",
    "model": "multinomial logistic regression (C=1.0), standardisation as Sub/Div in the graph",
    "intended_use": ("Second agent/oracle example and conformance model for both backends: a categorical answer "
                     "(label) with its confidence (probabilities)."),
    "labels": {"0": "class_0", "1": "class_1", "2": "class_2"},
    "dataset": {
        "name": "Wine recognition (UCI)",
        "loader": "sklearn.datasets.load_wine (bundled with Debian's python3-sklearn)",
        "creators": "M. Forina et al., PARVUS (Genoa); UCI Machine Learning Repository",
        "licence": ("Redistributed inside scikit-learn (BSD-3-Clause). The UCI Machine Learning Repository lists "
                    "the dataset under CC BY 4.0."),
        "samples": int(x.shape[0]),
        "features": int(x.shape[1]),
    },
    "split": {"test_size": 0.3, "random_state": SEED, "stratified": True, "train": int(len(y_train)),
              "test": int(len(y_test))},
    "metrics": {"test_accuracy": round(accuracy, 4), "test_log_loss": round(loss, 4),
                "max_abs_diff_vs_sklearn_predict_proba": max_diff},
    "training": {"script": "models/wine_cultivar/train.py", "seed": SEED, "versions": export.versions(),
                 "reproducible": "re-running train.py writes byte-identical model.onnx (same sha256)"},
}
sha = export.save(HERE, "model.onnx", model, manifest, samples)
print(f"wine_cultivar: accuracy={accuracy:.4f} log_loss={loss:.4f} max_diff={max_diff:.2e} sha256={sha}")
