#!/usr/bin/env python3
"""OpenBLAS single-thread sgemm through numpy, on the shapes of `cargo xtask bench-gemm`.

Run (one thread, and without this machine's OpenBLAS tuning overrides, which slow it):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        python3 xtask/scripts/bench_numpy_gemm.py

Needs `pip install numpy threadpoolctl` (numpy's wheel bundles OpenBLAS). Time is the
thread's CPU time (time.thread_time_ns), as in bench-gemm, median of interleaved rounds.
Transposed operands are passed as transposed views, so OpenBLAS gets the trans flags
and copies nothing. The network's weight-update shape is timed as a plain product
into a preallocated output (β = 0; bench-gemm uses the network's β = 1).
"""

import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
MAX_SQUARE = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
MIN_SAMPLE_S = 0.02


def shapes():
    s = 32
    while s <= MAX_SQUARE:
        yield (f"{s}×{s}·{s}×{s}", s, s, s, False, False)
        s *= 2
    yield ("10×784·784×30ᵀ", 10, 30, 784, False, True)
    yield ("10×30·30×10ᵀ", 10, 10, 30, False, True)
    yield ("30×10ᵀ·10×784", 30, 784, 10, True, False)
    yield ("100×784·784×100ᵀ", 100, 100, 784, False, True)
    yield ("1000×784·784×100ᵀ", 1000, 100, 784, False, True)


def main():
    rng = np.random.default_rng(42)
    info = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    if not info:
        sys.exit("numpy is not linked to OpenBLAS here")
    i = info[0]
    print(f"numpy {np.__version__}, OpenBLAS {i.get('version')}, kernel "
          f"{i.get('architecture')}, threads {i.get('num_threads')}")
    if i.get("num_threads") != 1:
        print("warning: set OPENBLAS_NUM_THREADS=1 for a single-thread figure")
    print(f"GFLOP/s = 2·m·n·k / thread CPU time, median of {ROUNDS} samples ≥ {MIN_SAMPLE_S * 1e3:.0f} ms\n")
    print("| product (m×k · k×n) | OpenBLAS (numpy) |")
    print("|---|---:|")
    for label, m, n, k, ta, tb in shapes():
        a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32)
        opa = a.T if ta else a
        opb = b.T if tb else b
        out = np.empty((m, n), dtype=np.float32)
        np.matmul(opa, opb, out=out)
        reps = 1
        while True:
            t = time.thread_time_ns()
            for _ in range(reps):
                np.matmul(opa, opb, out=out)
            dt = (time.thread_time_ns() - t) / 1e9
            if dt >= MIN_SAMPLE_S / 4:
                break
            reps *= 4
        reps = max(1, int(reps * MIN_SAMPLE_S / max(dt, 1e-9)))
        gflops = []
        for _ in range(ROUNDS):
            t = time.thread_time_ns()
            for _ in range(reps):
                np.matmul(opa, opb, out=out)
            dt = (time.thread_time_ns() - t) / 1e9
            gflops.append(2 * m * n * k * reps / dt / 1e9)
        print(f"| {label} | {statistics.median(gflops):.1f} |")


if __name__ == "__main__":
    main()
