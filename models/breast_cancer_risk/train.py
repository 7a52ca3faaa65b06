#!/usr/bin/python3
"""breast_cancer_risk: a small MLP that gates an agent's action on a risk score.

Run with Debian's python (apt-get install python3-sklearn python3-onnx python3-numpy):
    /usr/bin/python3 models/breast_cancer_risk/train.py
Deterministic: fixed seeds, single-threaded BLAS; re-running writes the same bytes (the sha256 in
manifest.json does not change).
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.datasets import load_breast_cancer  # noqa: E402
from sklearn.metrics import accuracy_score, roc_auc_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import export  # noqa: E402

SEED = 20240607
HIDDEN = 16

data = load_breast_cancer()
# sklearn's target: 0 = malignant, 1 = benign. The agent wants "risk" as the positive class, so flip it:
# label 1 = malignant (high risk, do not act), label 0 = benign.
x = data.data.astype(np.float64)
y = (data.target == 0).astype(np.int64)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=SEED, stratify=y)

scaler = StandardScaler().fit(x_train)
mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="lbfgs", alpha=1e-2,
                    max_iter=2000, random_state=SEED)
mlp.fit(scaler.transform(x_train), y_train)

# A binary MLPClassifier ends in one logistic unit z. Softmax over [0, z] is exactly [1 - sigmoid(z), sigmoid(z)],
# so a zero column in front of the output weights gives a two-class softmax with only the allowed ops.
w0, w1 = mlp.coefs_
b0, b1 = mlp.intercepts_
w1_two = np.concatenate([np.zeros_like(w1), w1], axis=1)
b1_two = np.concatenate([np.zeros_like(b1), b1])
layers = [(w0, b0, "relu"), (w1_two, b1_two, None)]
mean, scale = scaler.mean_, scaler.scale_

model = export.build_graph("breast_cancer_risk", x.shape[1], mean, scale, layers, "classifier", 2,
                           "Risk score (P[malignant]) from 30 FNA nuclear features; standardisation folded in.")

# Check the exported graph against sklearn on the whole held-out split.
graph_out = export.run_graph_numpy(x_test, mean, scale, layers, "classifier")
sk_proba = mlp.predict_proba(scaler.transform(x_test))
max_diff = float(np.abs(graph_out["probabilities"] - sk_proba).max())
assert max_diff < 1e-4, f"exported graph differs from sklearn by {max_diff}"
assert (graph_out["label"] == mlp.predict(scaler.transform(x_test))).all(), "labels differ from sklearn"

accuracy = float(accuracy_score(y_test, graph_out["label"]))
auc = float(roc_auc_score(y_test, graph_out["probabilities"][:, 1]))

fixed = x_test[:8]
samples = export.samples_record(fixed, export.run_graph_numpy(fixed, mean, scale, layers, "classifier"),
                                {"probabilities": 1e-5, "label": 0})

manifest = {
    "name": "breast_cancer_risk",
    "task": "binary classification (risk score)",
    "model": f"MLP 30 -> {HIDDEN} (ReLU) -> 2 (softmax), standardisation as Sub/Div in the graph",
    "intended_use": ("Agent action gate: the agent host reads probabilities[:,1] (risk) and label; it only "
                     "submits the action when label == 0 and risk is below its configured threshold. A stand-in for "
                     "a fraud/risk classifier with real data; not for medical use."),
    "labels": {"0": "benign (low risk)", "1": "malignant (high risk)"},
    "dataset": {
        "name": "Breast Cancer Wisconsin (Diagnostic)",
        "loader": "sklearn.datasets.load_breast_cancer (bundled with Debian's python3-sklearn)",
        "creators": "W.H. Wolberg, W.N. Street, O.L. Mangasarian (University of Wisconsin); donor N. Street",
        "licence": ("Redistributed inside scikit-learn (BSD-3-Clause). The UCI Machine Learning Repository lists "
                    "the dataset under CC BY 4.0 (attribution to the creators above)."),
        "samples": int(x.shape[0]),
        "features": int(x.shape[1]),
    },
    "split": {"test_size": 0.25, "random_state": SEED, "stratified": True, "train": int(len(y_train)),
              "test": int(len(y_test))},
    "metrics": {"test_accuracy": round(accuracy, 4), "test_roc_auc": round(auc, 4),
                "max_abs_diff_vs_sklearn_predict_proba": max_diff},
    "training": {"script": "models/breast_cancer_risk/train.py", "seed": SEED, "versions": export.versions(),
                 "reproducible": "re-running train.py writes byte-identical model.onnx (same sha256)"},
}
sha = export.save(HERE, "model.onnx", model, manifest, samples)
print(f"breast_cancer_risk: accuracy={accuracy:.4f} auc={auc:.4f} max_diff={max_diff:.2e} sha256={sha}")
