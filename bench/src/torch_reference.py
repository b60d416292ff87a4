#!/usr/bin/env python3
"""PyTorch on CPU as the outside reference of Strata's benchmark.

The same two models as bench/src/strata-subjects.ts (the seed CNN and the MLP 784-256-128-10), the
same MNIST batches (the first 16 x 64 training images, the first 4 x 256 test images), cross-entropy
from logits, Adam 1e-3, torch.set_num_threads(2) (the harness also runs 1 thread: on a shared machine
two OpenMP threads can be many times slower than one when another process holds a core).

Two modes:
  --serve     (what `pnpm bench` uses) read one JSON request per line on stdin, answer one JSON line
              on stdout, so the TypeScript harness can alternate PyTorch's timed chunks with its own:
              {"op": "setup", "id": ..., "model": "cnn"|"mlp"|"imdb-lstm"|"imdb-gru", "task": "train"|"infer"}
              {"op": "chunk", "id": ..., "seconds": 2.5, "min_steps": 1, "threads": 2}
              {"op": "teardown", "id": ...}   {"op": "quit"}
  (default)   measure the four subjects once for --seconds each and print one JSON object.

Run it with Debian's Python (/usr/bin/python3 with python3-torch), not a version manager's python3.
"""

import argparse
import gzip
import json
import os
import platform
import resource
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

TRAIN_BATCH, TRAIN_BATCHES = 64, 16
INFER_BATCH, INFER_BATCHES = 256, 4


def read_idx(directory, name):
    for path in (os.path.join(directory, name), os.path.join(directory, name + ".gz")):
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                raw = f.read()
            ndim = raw[3]
            dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    raise FileNotFoundError(f"{name} (or .gz) not found in {directory}")


def load_batches(directory):
    """The benchmark's batches as NCHW float tensors in [0, 1] and int64 labels."""

    def part(images, labels, size, count):
        x = read_idx(directory, images)[: size * count].astype(np.float32) / 255.0
        y = read_idx(directory, labels)[: size * count].astype(np.int64)
        return [
            (
                torch.from_numpy(x[i * size : (i + 1) * size].reshape(size, 1, 28, 28).copy()),
                torch.from_numpy(y[i * size : (i + 1) * size].copy()),
            )
            for i in range(count)
        ]

    return {
        "train": part("train-images-idx3-ubyte", "train-labels-idx1-ubyte", TRAIN_BATCH, TRAIN_BATCHES),
        "test": part("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", INFER_BATCH, INFER_BATCHES),
    }


def build(name):
    torch.manual_seed(0)
    if name == "cnn":
        # VALID padding throughout: 28 -> 26 -> 13 -> 11 -> 5 -> 3; 3*3*64 = 576 features; 93,322 params.
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
        )  # fmt: skip
    if name == "mlp":
        return nn.Sequential(
            nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
        )  # fmt: skip
    if name in ("imdb-lstm", "imdb-gru"):
        return ImdbNet(name[len("imdb-"):])
    raise ValueError(f"unknown model {name!r}: use cnn, mlp, imdb-lstm or imdb-gru")


# Keras' imdb_lstm example: 20,000-word vocabulary, 128-wide embedding and state, 80 steps, batch 64.
IMDB_VOCABULARY, IMDB_WIDTH, IMDB_STEPS, IMDB_BATCH = 20_000, 128, 80, 64


class ImdbNet(nn.Module):
    """nn.Embedding -> nn.LSTM (or nn.GRU), last step -> nn.Linear(128, 1), a logit."""

    def __init__(self, cell):
        super().__init__()
        self.embedding = nn.Embedding(IMDB_VOCABULARY, IMDB_WIDTH)
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(IMDB_WIDTH, IMDB_WIDTH, batch_first=True)
        self.head = nn.Linear(IMDB_WIDTH, 1)

    def forward(self, ids):
        out, _ = self.rnn(self.embedding(ids))
        return self.head(out[:, -1, :])


def imdb_batches(count):
    """Synthetic token ids and 0/1 labels from the same linear congruential stream as the bench's TS side."""
    state = 12345
    batches = []
    for _ in range(count):
        ids = np.empty(IMDB_BATCH * IMDB_STEPS, dtype=np.int64)
        for i in range(ids.size):
            state = (state * 1664525 + 1013904223) % 2**32
            ids[i] = state % IMDB_VOCABULARY
        labels = np.empty(IMDB_BATCH, dtype=np.float32)
        for i in range(IMDB_BATCH):
            state = (state * 1664525 + 1013904223) % 2**32
            labels[i] = state % 2
        batches.append(
            (torch.from_numpy(ids.reshape(IMDB_BATCH, IMDB_STEPS)), torch.from_numpy(labels.reshape(IMDB_BATCH, 1)))
        )
    return batches


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


class Subject:
    def __init__(self, model, task, batches):
        self.task = task
        self.net = build(model)
        recurrent = model.startswith("imdb-")
        self.batches = imdb_batches(4) if recurrent else batches["train" if task == "train" else "test"]
        self.next = 0
        self.loss = None
        if task == "train":
            self.net.train()
            self.optimizer = torch.optim.Adam(self.net.parameters(), lr=1e-3)
            self.criterion = nn.BCEWithLogitsLoss() if recurrent else nn.CrossEntropyLoss()
        else:
            self.net.eval()

    def step(self):
        x, y = self.batches[self.next % len(self.batches)]
        self.next += 1
        if self.task == "train":
            self.optimizer.zero_grad(set_to_none=True)
            loss = self.criterion(self.net(x), y)
            loss.backward()
            self.optimizer.step()
            self.loss = loss
        else:
            with torch.no_grad():
                self.net(x)
        return x.shape[0]

    def chunk(self, seconds, min_steps=1):
        steps = samples = 0
        cpu = time.process_time()  # all threads of the process
        started = time.perf_counter()
        while steps < min_steps or time.perf_counter() - started < seconds:
            samples += self.step()
            steps += 1
        loss = self.loss.item() if self.loss is not None else None
        elapsed = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
        result = {
            "steps": steps,
            "samples": samples,
            "seconds": elapsed,
            "cpu_seconds": cpu_seconds,
            "rss": peak_rss_bytes(),
        }
        if loss is not None:
            result["loss"] = loss
        return result


def blas():
    """The BLAS library this process loaded (Debian's torch links the system libblas.so.3, which the
    alternatives system points at the reference BLAS unless OpenBLAS is installed)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    real = sorted({os.path.realpath(p) for p in paths if p.startswith("/")})
    for marker, name in (("openblas-openmp", "OpenBLAS (OpenMP)"), ("openblas-pthread", "OpenBLAS (pthreads)"),
                         ("openblas", "OpenBLAS"), ("mkl", "MKL"), ("/blas/", "reference BLAS (slow)")):
        if any(marker in p for p in real):
            return name
    return ", ".join(os.path.basename(p) for p in real) or "none found"


def info(threads):
    return {
        "torch": torch.__version__,
        "blas": blas(),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "requested_threads": threads,
    }


def serve(batches, threads):
    subjects = {}
    print(json.dumps({"ok": True, "ready": True, **info(threads)}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            op = request["op"]
            if op == "quit":
                print(json.dumps({"ok": True}), flush=True)
                return
            if op == "setup":
                subjects[request["id"]] = Subject(request["model"], request["task"], batches)
                answer = {"ok": True}
            elif op == "chunk":
                subject = subjects[request["id"]]
                # Thread counts can change between chunks; each subject runs with its own.
                if torch.get_num_threads() != request.get("threads", threads):
                    torch.set_num_threads(request.get("threads", threads))
                answer = {"ok": True, **subject.chunk(request["seconds"], request.get("min_steps", 1))}
            elif op == "teardown":
                subjects.pop(request["id"], None)
                answer = {"ok": True}
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as error:  # reported to the harness, which marks the subject failed
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


def once(batches, threads, seconds):
    results = {}
    for model in ("cnn", "mlp"):
        for task in ("train", "infer"):
            subject = Subject(model, task, batches)
            subject.chunk(min(seconds, 1.0), 3)  # warm-up
            r = subject.chunk(seconds)
            results[f"{model}/{task}"] = {**r, "samples_per_second": r["samples"] / r["seconds"]}
    print(json.dumps({**info(threads), "results": results}, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with the four MNIST IDX files")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    batches = load_batches(args.data)
    if args.serve:
        serve(batches, args.threads)
    else:
        once(batches, args.threads, args.seconds)


if __name__ == "__main__":
    main()
