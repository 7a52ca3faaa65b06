"""Shared export code for the shipped models.

skl2onnx is not available on these machines, so each model's graph is written by hand with onnx.helper from the
trained coefficients. Only ops that both ONNX Runtime and the reproducible managed backend implement are used
(Sub, Div, MatMul, Add, Relu, Tanh, Softmax, ArgMax), float32 in and out, opset 13, no ZipMap, no strings.

Everything here is deterministic: the same coefficients give the same bytes (fixed producer fields, no
timestamps, initialisers serialised as raw little-endian float32).
"""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
# ONNX 1.12 writes IR version 8 by default; pinned so a newer onnx package cannot silently change the bytes.
IR_VERSION = 8
PRODUCER = "agentchain-models"
PRODUCER_VERSION = "1"


def _init(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name=name)


def build_graph(name, n_features, mean, scale, layers, head, n_outputs, doc):
    """Standardise (Sub mean, Div scale), then dense layers, then a head.

    layers: list of (W [in,out], b [out], activation) with activation in {"relu", "tanh", None}.
    head:   "classifier" -> outputs probabilities (Softmax, float32 [N,C]) and label (ArgMax, int64 [N]);
            "regressor"  -> output prediction (float32 [N,1]).
    """
    nodes = []
    inits = [_init("mean", mean), _init("scale", scale)]
    nodes.append(helper.make_node("Sub", ["features", "mean"], ["centred"], name="centre"))
    nodes.append(helper.make_node("Div", ["centred", "scale"], ["standardised"], name="standardise"))
    current = "standardised"
    for i, (w, b, activation) in enumerate(layers):
        inits.append(_init(f"W{i}", w))
        inits.append(_init(f"b{i}", b))
        nodes.append(helper.make_node("MatMul", [current, f"W{i}"], [f"mm{i}"], name=f"matmul{i}"))
        out = f"z{i}"
        nodes.append(helper.make_node("Add", [f"mm{i}", f"b{i}"], [out], name=f"bias{i}"))
        if activation == "relu":
            nodes.append(helper.make_node("Relu", [out], [f"h{i}"], name=f"relu{i}"))
            out = f"h{i}"
        elif activation == "tanh":
            nodes.append(helper.make_node("Tanh", [out], [f"h{i}"], name=f"tanh{i}"))
            out = f"h{i}"
        elif activation is not None:
            raise ValueError(activation)
        current = out

    features = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", n_features])
    if head == "classifier":
        nodes.append(helper.make_node("Softmax", [current], ["probabilities"], name="softmax", axis=1))
        nodes.append(helper.make_node("ArgMax", ["probabilities"], ["label"], name="argmax", axis=1, keepdims=0))
        outputs = [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", n_outputs]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"]),
        ]
    elif head == "regressor":
        nodes[-1].output[0] = "prediction"
        outputs = [helper.make_tensor_value_info("prediction", TensorProto.FLOAT, ["batch", n_outputs])]
    else:
        raise ValueError(head)

    graph = helper.make_graph(nodes, name, [features], outputs, initializer=inits, doc_string=doc)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name=PRODUCER,
        producer_version=PRODUCER_VERSION,
        ir_version=IR_VERSION,
    )
    onnx.checker.check_model(model, full_check=True)
    return model


def run_graph_numpy(x, mean, scale, layers, head):
    """The exported graph, evaluated op by op in float32 the way the graph states it."""
    h = (x.astype(np.float32) - mean.astype(np.float32)) / scale.astype(np.float32)
    for w, b, activation in layers:
        h = h @ w.astype(np.float32) + b.astype(np.float32)
        if activation == "relu":
            h = np.maximum(h, np.float32(0))
        elif activation == "tanh":
            h = np.tanh(h)
    if head == "classifier":
        e = np.exp(h - h.max(axis=1, keepdims=True))
        p = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return {"probabilities": p, "label": p.argmax(axis=1).astype(np.int64)}
    return {"prediction": h.astype(np.float32)}


def value_info(model):
    def describe(v):
        t = v.type.tensor_type
        dims = [d.dim_param if d.dim_param else d.dim_value for d in t.shape.dim]
        return {"name": v.name, "type": TensorProto.DataType.Name(t.elem_type).lower(), "shape": dims}

    return [describe(v) for v in model.graph.input], [describe(v) for v in model.graph.output]


def save(folder, file_name, model, manifest, samples):
    """Write the .onnx, manifest.json (with the file's sha256) and expected.json (fixed inputs and outputs)."""
    data = model.SerializeToString()
    with open(os.path.join(folder, file_name), "wb") as f:
        f.write(data)
    inputs, outputs = value_info(model)
    manifest = dict(manifest)
    manifest.update({
        "file": file_name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
        "opset": OPSET,
        "ir_version": IR_VERSION,
        "inputs": inputs,
        "outputs": outputs,
        "ops": sorted({n.op_type for n in model.graph.node}),
    })
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=False)
        f.write("\n")
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(samples, f, indent=1)
        f.write("\n")
    return manifest["sha256"]


def samples_record(x, outputs, tolerances):
    """Fixed inputs and the graph's float32 outputs. float32 values are written via float() of the float32,
    which round-trips exactly (a float32 is exactly representable as a double)."""
    return {
        "input": {"name": "features", "shape": list(x.shape), "data": [float(v) for v in x.astype(np.float32).ravel()]},
        "outputs": {
            name: {
                "shape": list(v.shape),
                "type": "int64" if v.dtype == np.int64 else "float32",
                "data": [int(e) for e in v.ravel()] if v.dtype == np.int64 else [float(e) for e in v.ravel()],
            }
            for name, v in outputs.items()
        },
        "tolerance": tolerances,
    }


def versions():
    import sklearn

    return {"python": os.sys.version.split()[0], "numpy": np.__version__, "scikit_learn": sklearn.__version__,
            "onnx": onnx.__version__}
