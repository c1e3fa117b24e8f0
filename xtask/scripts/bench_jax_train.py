#!/usr/bin/env python3
"""JAX on CPU training the book's network the book's way, for `cargo xtask bench-train`.

784-H-10 sigmoid, quadratic cost, mini-batch SGD with m = 10 and eta = 3.0 on the first
50,000 MNIST training images; one epoch is one jit-compiled `lax.scan` over the
mini-batches, then the 10,000 test images are scored. Prints the median seconds per
epoch over EPOCHS epochs after one warm-up epoch (which compiles).

    pip install "jax[cpu]" numpy
    python3 xtask/scripts/bench_jax_train.py [HIDDEN (30)] [EPOCHS (5)]
"""
import gzip, statistics, sys, time
import jax, jax.numpy as jnp, numpy as np

def idx(name, offset):
    with gzip.open(f"data/mnist/{name}") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)

hidden = int(sys.argv[1]) if len(sys.argv) > 1 else 30
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
x = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:50000].astype(np.float32) / 255
y = np.eye(10, dtype=np.float32)[idx("train-labels-idx1-ubyte.gz", 8)[:50000]]
tx = jnp.asarray(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
ty = jnp.asarray(idx("t10k-labels-idx1-ubyte.gz", 8))

def forward(p, a):
    for w, b in p:
        a = jax.nn.sigmoid(a @ w.T + b)  # eq. (22)
    return a

def step(p, batch):  # eqs. (20)-(21): gradient of the quadratic cost (6) summed over the batch
    g = jax.grad(lambda p: 0.5 * jnp.sum((forward(p, batch[0]) - batch[1]) ** 2))(p)
    return jax.tree.map(lambda w, d: w - 3.0 / 10 * d, p, g), None

@jax.jit
def epoch(p, xs, ys):
    p, _ = jax.lax.scan(step, p, (xs.reshape(-1, 10, 784), ys.reshape(-1, 10, 10)))
    return p, jnp.sum(jnp.argmax(forward(p, tx), axis=1) == ty)

rng = np.random.default_rng(1)
p = [(jnp.asarray(rng.standard_normal((o, i), np.float32)), jnp.asarray(rng.standard_normal(o, np.float32)))
     for i, o in [(784, hidden), (hidden, 10)]]
times = []
for e in range(epochs + 1):
    order = rng.permutation(50000)
    xs, ys = jnp.asarray(x[order]), jnp.asarray(y[order])
    t = time.perf_counter()
    p, right = epoch(p, xs, ys)
    right = int(right)  # waits for the result
    times.append(time.perf_counter() - t)
    print(f"epoch {e}: {right} / 10000, {times[-1]:.4f} s" + (" (compiles)" if e == 0 else ""))
print(f"784-{hidden}-10, m = 10, jax {jax.__version__} on {jax.devices()[0].platform}: "
      f"median {statistics.median(times[1:]):.4f} s/epoch over {epochs} epochs")
