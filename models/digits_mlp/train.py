#!/usr/bin/python3
"""digits_mlp: an MLP over 8x8 handwritten digits; the largest shipped model, used by the benchmarks.

Run with Debian's python (apt-get install python3-sklearn python3-onnx python3-numpy):
    /usr/bin/python3 models/digits_mlp/train.py
Deterministic (fixed seeds, single-threaded BLAS); re-running writes the same bytes.
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import export  # noqa: E402

SEED = 20240607
HIDDEN = (128, 64)

data = load_digits()
x = data.data.astype(np.float64)
y = data.target.astype(np.int64)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=SEED, stratify=y)

scaler = StandardScaler().fit(x_train)
mlp = MLPClassifier(hidden_layer_sizes=HIDDEN, activation="tanh", solver="lbfgs", alpha=1e-1, max_iter=500,
                    random_state=SEED)
mlp.fit(scaler.transform(x_train), y_train)

# MLPClassifier's multi-class output layer is a softmax over the last affine layer.
acts = ["tanh"] * len(HIDDEN) + [None]
layers = [(w, b, a) for w, b, a in zip(mlp.coefs_, mlp.intercepts_, acts)]
mean, scale = scaler.mean_, scaler.scale_
model = export.build_graph("digits_mlp", x.shape[1], mean, scale, layers, "classifier", 10,
                           "Digit 0-9 from an 8x8 grey-level image (64 features, 0..16).")

graph_out = export.run_graph_numpy(x_test, mean, scale, layers, "classifier")
sk_proba = mlp.predict_proba(scaler.transform(x_test))
max_diff = float(np.abs(graph_out["probabilities"] - sk_proba).max())
assert max_diff < 1e-4, f"exported graph differs from sklearn by {max_diff}"
assert (graph_out["label"] == mlp.predict(scaler.transform(x_test))).all(), "labels differ from sklearn"
accuracy = float(accuracy_score(y_test, graph_out["label"]))

fixed = x_test[:8]
samples = export.samples_record(fixed, export.run_graph_numpy(fixed, mean, scale, layers, "classifier"),
                                {"probabilities": 1e-5, "label": 0})

manifest = {
    "name": "digits_mlp",
    "task": "multi-class classification",
    "model": f"MLP 64 -> {HIDDEN[0]} (tanh) -> {HIDDEN[1]} (tanh) -> 10 (softmax), standardisation in the graph",
    "intended_use": ("Benchmark and conformance model (largest shipped graph: two hidden layers). Not wired to an "
                     "agent."),
    "dataset": {
        "name": "Optical Recognition of Handwritten Digits (UCI), test portion as bundled by scikit-learn",
        "loader": "sklearn.datasets.load_digits (bundled with Debian's python3-sklearn)",
        "creators": "E. Alpaydin, C. Kaynak (Bogazici University)",
        "licence": ("Redistributed inside scikit-learn (BSD-3-Clause). The UCI Machine Learning Repository lists "
                    "the dataset under CC BY 4.0."),
        "samples": int(x.shape[0]),
        "features": int(x.shape[1]),
    },
    "split": {"test_size": 0.25, "random_state": SEED, "stratified": True, "train": int(len(y_train)),
              "test": int(len(y_test))},
    "metrics": {"test_accuracy": round(accuracy, 4), "max_abs_diff_vs_sklearn_predict_proba": max_diff},
    "training": {"script": "models/digits_mlp/train.py", "seed": SEED, "versions": export.versions(),
                 "reproducible": "re-running train.py writes byte-identical model.onnx (same sha256)"},
}
sha = export.save(HERE, "model.onnx", model, manifest, samples)
print(f"digits_mlp: accuracy={accuracy:.4f} max_diff={max_diff:.2e} sha256={sha}")
