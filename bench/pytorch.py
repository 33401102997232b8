"""PyTorch reference for the training bench: the MNIST MLP (784-128-64-10 relu, softmax cross-entropy,
Adam 1e-3, batch 64) and the tfjs example CNN (batch 32) on the same 8000 digits simdnn trains on,
for each thread count given. A reference only: Debian's python3-torch 1.13 with libopenblas0-pthread
(`apt-get install python3-torch libopenblas0-pthread`; without OpenBLAS the reference BLAS makes the
MLP ~3x slower); simdnn's own rows come from bench/train.mjs.

Usage: node bench/export-digits.mjs /tmp/digits.bin && /usr/bin/python3 bench/pytorch.py /tmp/digits.bin 1,2 [--json out.json]
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

path, threads = sys.argv[1], [int(t) for t in sys.argv[2].split(",")]
raw = np.fromfile(path, dtype=np.float32)
n = raw.size // 794
x = torch.from_numpy(raw[: n * 784].reshape(n, 784).copy())
y = torch.from_numpy(raw[n * 784 :].reshape(n, 10).argmax(1).astype(np.int64))


def mlp():
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))


def cnn():
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(256, 10),
    )


def epoch(model, batch):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for i in range(0, n, batch):
        opt.zero_grad()
        loss = loss_fn(model(x[i : i + batch]), y[i : i + batch])
        loss.backward()
        opt.step()


def predict_ms(model, b, repeats):
    xb = x[:b]
    with torch.no_grad():
        model(xb)
        t0 = time.perf_counter()
        for _ in range(repeats):
            model(xb)
    return (time.perf_counter() - t0) / repeats * 1e3


rows = []
for t in threads:
    torch.set_num_threads(t)
    for name, make, batch in (("mlp", mlp, 64), ("cnn", cnn, 32)):
        torch.manual_seed(1)
        epoch(make(), batch)  # warm-up
        model = make()
        t0 = time.perf_counter()
        epoch(model, batch)
        rate = n / (time.perf_counter() - t0)
        rows.append({"model": name, "threads": t, "samplesPerSec": round(rate), "predictB256Ms": round(predict_ms(model, 256, 50), 3)})
        print(f"pytorch {torch.__version__} {name} threads={t}: {rate:,.0f} samples/s, predict b=256 {rows[-1]['predictB256Ms']} ms", flush=True)
if "--json" in sys.argv:
    with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
        json.dump({"torch": torch.__version__, "n": n, "rows": rows}, f, indent=2)
