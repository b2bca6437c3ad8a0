"""PyTorch reference for the lab's benchmark workloads (bench/run.ts).

Runs as a long-lived process: reads one JSON request per line on stdin,
answers one JSON line on stdout, so the harness can alternate lab and
reference runs without paying Python's start-up each time.

Same workload as the lab: the MNIST training images the lab uses (exported by
the harness to a binary file), the same architecture, batch 128, Adam 1e-3, one
shuffled epoch; the loss and the batch accuracy are read back every step, as
the lab's training loop does. Inputs stay bytes and are scaled per batch, as
the lab's batching does. With a device argument ("cuda"), the images, labels
and model live on that device; the per-step .item() reads synchronise it, as
the lab's per-step readback does.

Request:  {"workload": "mnist-mlp" | "mnist-cnn", "seed": 1, "warmupSteps": 0}
Answer:   {"ok": true, "seconds": wall, "cpuSeconds": process CPU, "steps": n, "finalLoss": x}
"""
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load(path):
    with open(path, "rb") as f:
        magic, n, h, w = struct.unpack("<4sIII", f.read(16))
        if magic != b"ULBM":
            raise ValueError(f"{path}: not a benchmark data file")
        x = np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, 1, h, w)
        y = np.frombuffer(f.read(n * 4), dtype="<i4")
    return torch.from_numpy(x.copy()), torch.from_numpy(y.astype(np.int64))


def mlp(d):
    # 784-256-128-10; the 128-wide feature layer is ReLU'd, as the lab's.
    return nn.Sequential(nn.Flatten(), nn.Linear(d, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn(h, w):
    flat = 32 * (h // 4) * (w // 4)
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(flat, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def train_epoch(model, x, y, seed, batch_size=128, max_steps=None):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(x.shape[0], generator=g).to(x.device)
    steps, loss_value = 0, float("nan")
    for i in range(0, x.shape[0], batch_size):
        if max_steps is not None and steps >= max_steps:
            break
        idx = order[i:i + batch_size]
        xb = x[idx].float().div_(255)
        yb = y[idx]
        opt.zero_grad(set_to_none=True)
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        loss.backward()
        opt.step()
        loss_value = loss.item()
        _correct = (logits.argmax(1) == yb).sum().item()
        steps += 1
    return steps, loss_value


def run(req, x, y):
    name = req["workload"]
    seed = int(req.get("seed", 1))
    torch.manual_seed(seed)
    build = {"mnist-mlp": lambda: mlp(x.shape[2] * x.shape[3]), "mnist-cnn": lambda: cnn(x.shape[2], x.shape[3])}.get(name)
    if build is None:
        return {"ok": False, "error": f"unknown workload {name}"}

    def make():
        return build().to(x.device)
    warmup = int(req.get("warmupSteps", 0))
    if warmup > 0:
        train_epoch(make(), x, y, seed, max_steps=warmup)
    model = make()
    t0, c0 = time.perf_counter(), time.process_time()
    steps, loss = train_epoch(model, x, y, seed)
    return {"ok": True, "seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0, "steps": steps, "finalLoss": loss}


def blas_in_use():
    """Which BLAS library this process mapped: Debian's python3-torch links libblas.so.3, whose
    provider (netlib reference BLAS, OpenBLAS, BLIS, MKL) decides nn.Linear's speed ~10-fold."""
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
    except OSError:
        return "unknown"
    for key, name in (("openblas", "OpenBLAS"), ("mkl", "MKL"), ("blis", "BLIS")):
        if key in maps.lower():
            return name
    if "/blas/libblas.so" in maps or "libblas.so" in maps:
        return "netlib reference BLAS (slow)"
    return "unknown"


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: reference.py DATA_FILE [cpu|cuda]")
    device = torch.device(sys.argv[2] if len(sys.argv) == 3 else "cpu")
    x, y = load(sys.argv[1])
    x, y = x.to(device), y.to(device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    hello = {"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_in_use(), "n": int(x.shape[0]),
             "device": name}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            answer = run(json.loads(line), x, y)
        except Exception as e:  # the harness reports it; the process stays up
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
