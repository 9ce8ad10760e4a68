#!/usr/bin/env /usr/bin/python3
"""Generate tests/golden/optim_reference.json: the first steps of each optimizer.

What it computes (numpy, in float64 and in float32): for each case below, 5 steps
of one optimizer on the fixed parameter vector P0 with the fixed gradients GRADS
(gradient k is used at step k+1; they do not depend on the parameters), and the
parameters after every step.

The update formulas are Keras 2's (`get_updates` in keras/optimizers.py, the same
code as tensorflow/python/keras/optimizer_v1.py; epsilon placement checked against
the tf.raw_ops docs for ResourceApplyAdagradV2 and ResourceApplyAdam), with the
defaults of tf.keras 2 (adagrad's initial accumulator 0.1, epsilon 1e-7). They are
written here in the same evaluation order as engine/optim (see optimizer.h there):

  sgd, momentum 0   p = p - (lr * g)
  sgd, momentum mu  v = (mu * v) - (lr * g);  p = p + v
    nesterov        p = (p + (mu * v)) - (lr * g)          (with the new v)
  rmsprop           ms = (rho * ms) + ((1 - rho) * (g * g));  p = p - ((lr * g) / (sqrt(ms) + eps))
  adagrad           acc = acc + (g * g) (acc starts at 0.1);  p = p - ((lr * g) / (sqrt(acc) + eps))
  adadelta          ag = (rho * ag) + ((1 - rho) * (g * g))
                    u  = (g * sqrt(ad + eps)) / sqrt(ag + eps);  p = p - (lr * u)
                    ad = (rho * ad) + ((1 - rho) * (u * u))
  adam              b1t = b1t * b1, b2t = b2t * b2 (float64, from 1)
                    lr_t = lr * (sqrt(1 - b2t) / (1 - b1t)) in float64, then cast to the dtype
                    m = (b1 * m) + ((1 - b1) * g);  v = (b2 * v) + ((1 - b2) * (g * g))
                    p = p - ((lr_t * m) / (sqrt(v) + eps))

Hyper-parameters are cast to the dtype once; (1 - rho), (1 - b1), (1 - b2) are
computed in float64 (Python floats, as Keras does) and then cast. Inputs (P0,
GRADS, stored as float64) are cast to the dtype with numpy's round-to-nearest,
as the C++ test casts them with static_cast<float>. Every numpy operation here
is elementwise IEEE + - * / sqrt on arrays of the one dtype, so it is correctly
rounded and the C++ engine, evaluating in the same order, should agree bit for
bit (the tests allow 1e-15 relative in float64, 1e-6 in float32).

Full-batch kinds ("full_batch" in the JSON; float64 only): 8 steps of annealing,
bfgs and lbfgs on a 4-parameter chained Rosenbrock function from X0, each step
given the loss and gradient at the current point as the trainer gives them, and
probing the loss at the points it tries. The formulas are optimizer.h's, written
out below (rosenbrock, anneal, bfgs, lbfgs) with dot products as index-order sums
of Python floats; H @ y and H @ g are numpy's (BLAS), so those tests allow 1e-12
relative. Annealing's random numbers are numpy's legacy RandomState stream
(normal(): the polar gauss, random_sample()), the engine's rng.h.

Run it from the repository root; it writes the JSON to stdout:

    /usr/bin/python3 tests/golden/gen_optim.py > tests/golden/optim_reference.json

Use /usr/bin/python3 (Debian's python3-numpy); the python3 on PATH has no numpy.
Floats are written with json's repr (shortest round-trip), float32 results as the
float64 holding the same value.
"""
import json
import math
import sys

import numpy as np

P0 = [0.5, -1.25, 2.0, -0.1, 3.0, 0.0]
GRADS = [
    [0.3, -0.8, 1.5, 0.0, -2.0, 1e-4],
    [0.25, -0.5, 1.0, 0.2, -1.5, -1e-4],
    [-0.1, 0.4, 0.7, -0.3, 2.5, 0.0],
    [0.05, -0.9, 0.3, 0.1, -0.75, 3e-3],
    [0.2, 0.1, -0.6, 0.05, 1.25, -2e-3],
]

# Every case names all the hyper-parameters its formula uses.
CASES = [
    {"name": "sgd", "type": "sgd", "lr": 0.1, "momentum": 0.0, "nesterov": False},
    {"name": "sgd_momentum", "type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": False},
    {"name": "sgd_nesterov", "type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True},
    {"name": "rmsprop", "type": "rmsprop", "lr": 0.001, "rho": 0.9, "epsilon": 1e-7},
    {"name": "rmsprop_custom", "type": "rmsprop", "lr": 0.02, "rho": 0.8, "epsilon": 1e-3},
    {"name": "adagrad", "type": "adagrad", "lr": 0.001, "initial_accumulator": 0.1,
     "epsilon": 1e-7},
    {"name": "adagrad_custom", "type": "adagrad", "lr": 0.5, "initial_accumulator": 0.0,
     "epsilon": 1e-3},
    {"name": "adadelta", "type": "adadelta", "lr": 0.001, "rho": 0.95, "epsilon": 1e-7},
    {"name": "adadelta_custom", "type": "adadelta", "lr": 1.0, "rho": 0.9, "epsilon": 1e-4},
    {"name": "adam", "type": "adam", "lr": 0.001, "beta_1": 0.9, "beta_2": 0.999,
     "epsilon": 1e-7},
    {"name": "adam_custom", "type": "adam", "lr": 0.05, "beta_1": 0.8, "beta_2": 0.99,
     "epsilon": 1e-4},
]


def run(case, dt):
    c = lambda x: dt(x)  # a hyper-parameter cast to the dtype
    p = np.array(P0, dtype=np.float64).astype(dt)
    n = p.size
    lr = c(case["lr"])
    out = []
    kind = case["type"]
    if kind == "sgd":
        mu = c(case["momentum"])
        v = np.zeros(n, dt)
    elif kind in ("rmsprop", "adadelta"):
        rho, one_minus_rho, eps = c(case["rho"]), c(1.0 - case["rho"]), c(case["epsilon"])
        a = np.zeros(n, dt)
        d = np.zeros(n, dt)
    elif kind == "adagrad":
        eps = c(case["epsilon"])
        acc = np.full(n, case["initial_accumulator"], dtype=np.float64).astype(dt)
    elif kind == "adam":
        b1, b2 = c(case["beta_1"]), c(case["beta_2"])
        omb1, omb2 = c(1.0 - case["beta_1"]), c(1.0 - case["beta_2"])
        eps = c(case["epsilon"])
        b1t, b2t = 1.0, 1.0
        m = np.zeros(n, dt)
        v = np.zeros(n, dt)
    for gl in GRADS:
        g = np.array(gl, dtype=np.float64).astype(dt)
        if kind == "sgd":
            if case["momentum"] == 0.0:
                p = p - lr * g
            else:
                v = mu * v - lr * g
                p = (p + mu * v) - lr * g if case["nesterov"] else p + v
        elif kind == "rmsprop":
            a = rho * a + one_minus_rho * (g * g)
            p = p - (lr * g) / (np.sqrt(a) + eps)
        elif kind == "adagrad":
            acc = acc + g * g
            p = p - (lr * g) / (np.sqrt(acc) + eps)
        elif kind == "adadelta":
            a = rho * a + one_minus_rho * (g * g)
            u = (g * np.sqrt(d + eps)) / np.sqrt(a + eps)
            p = p - lr * u
            d = rho * d + one_minus_rho * (u * u)
        elif kind == "adam":
            b1t = b1t * case["beta_1"]
            b2t = b2t * case["beta_2"]
            lr_t = c(case["lr"] * (math.sqrt(1.0 - b2t) / (1.0 - b1t)))
            m = b1 * m + omb1 * g
            v = b2 * v + omb2 * (g * g)
            p = p - (lr_t * m) / (np.sqrt(v) + eps)
        assert p.dtype == dt
        out.append([float(x) for x in p])
    return out


X0 = [-1.2, 1.0, 0.5, -0.3]
FULL_BATCH_STEPS = 8
FULL_BATCH_CASES = [
    {"name": "annealing", "type": "annealing", "lr": 0.1, "temperature": 1.0, "cooling": 0.9, "seed": 5},
    {"name": "bfgs", "type": "bfgs", "lr": 1.0},
    {"name": "lbfgs", "type": "lbfgs", "lr": 1.0, "memory": 3},
]


def dot(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s += x * y
    return s


def rosenbrock(x):
    """Loss and gradient: sum over pairs (x0, x1) of 100 (x1 - x0^2)^2 + (1 - x0)^2."""
    f = 0.0
    g = [0.0] * len(x)
    for i in range(0, len(x), 2):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        f += 100.0 * (a * a) + b * b
        g[i] = (-400.0 * x[i]) * a - 2.0 * b
        g[i + 1] = 200.0 * a
    return f, g


class Probe:
    def __init__(self):
        self.count = 0

    def __call__(self, x):
        self.count += 1
        return rosenbrock(x)[0]


def backtrack(x, d, f, gd, max_step, probe):
    length = math.sqrt(dot(d, d))
    t = max_step / length if length > max_step else 1.0
    for _ in range(41):
        p = [xi + t * di for xi, di in zip(x, d)]
        ft = probe(p)
        if math.isfinite(ft) and ft <= f + 1e-4 * t * gd:
            return t, p
        t = t * 0.5
    return 0.0, list(x)


def anneal(case):
    rs = np.random.RandomState(case["seed"])
    x = list(X0)
    temp = case["temperature"]
    probe = Probe()
    out = []
    for _ in range(FULL_BATCH_STEPS):
        f, _ = rosenbrock(x)
        p = [xi + case["lr"] * rs.normal() for xi in x]
        fp = probe(p)
        u = rs.random_sample()
        if fp <= f or u < math.exp(-(fp - f) / temp):
            x = p
        temp = temp * case["cooling"]
        out.append(list(x))
    return out, probe.count


def bfgs(case):
    n = len(X0)
    x = list(X0)
    H = np.eye(n)
    identity, prev, done = True, None, False
    probe = Probe()
    out = []
    for step in range(1, FULL_BATCH_STEPS + 1):
        f, g = rosenbrock(x)
        if not done:
            if step % n == 0:  # the periodic restart
                H, identity = np.eye(n), True
            if prev is not None:
                s = [a - b for a, b in zip(x, prev[0])]
                y = [a - b for a, b in zip(g, prev[1])]
                sy = dot(s, y)
                if sy > 0:
                    if identity:
                        H = np.eye(n) * (sy / dot(y, y))
                        identity = False
                    r = 1.0 / sy
                    hy = list(H @ np.array(y))
                    c = r * r * dot(y, hy) + r
                    S, HY = np.array(s), np.array(hy)
                    H = (H - r * (np.outer(HY, S) + np.outer(S, HY))) + c * np.outer(S, S)
            d = [-v for v in H @ np.array(g)]
            gd = dot(g, d)
            if not gd < 0:
                H, identity = np.eye(n), True
                d = [-v for v in g]
                gd = -dot(g, g)
            t, p = backtrack(x, d, f, gd, case["lr"], probe)
            if t == 0:
                done = identity
                H, identity, prev = np.eye(n), True, None
            else:
                prev = (x, g)
                x = p
        out.append(list(x))
    return out, probe.count


def lbfgs(case):
    m = case["memory"]
    x = list(X0)
    pairs = []  # (s, y, rho), oldest first
    prev, done = None, False
    probe = Probe()
    out = []
    for _ in range(FULL_BATCH_STEPS):
        f, g = rosenbrock(x)
        if not done:
            if prev is not None:
                s = [a - b for a, b in zip(x, prev[0])]
                y = [a - b for a, b in zip(g, prev[1])]
                sy = dot(s, y)
                if sy > 0:
                    pairs = (pairs + [(s, y, 1.0 / sy)])[-m:]
            q = list(g)
            alphas = []
            for s, y, rho in reversed(pairs):
                a = rho * dot(s, q)
                alphas.append(a)
                q = [qi - a * yi for qi, yi in zip(q, y)]
            if pairs:
                s, y, _ = pairs[-1]
                gamma = dot(s, y) / dot(y, y)
                q = [gamma * qi for qi in q]
            for (s, y, rho), a in zip(pairs, reversed(alphas)):
                beta = rho * dot(y, q)
                q = [qi + si * (a - beta) for qi, si in zip(q, s)]
            d = [-qi for qi in q]
            gd = dot(g, d)
            if not gd < 0:
                pairs = []
                d = [-v for v in g]
                gd = -dot(g, g)
            t, p = backtrack(x, d, f, gd, case["lr"], probe)
            if t == 0:
                done = not pairs
                pairs, prev = [], None
            else:
                prev = (x, g)
                x = p
        out.append(list(x))
    return out, probe.count


def main():
    full_batch = []
    for case in FULL_BATCH_CASES:
        entry = dict(case)
        entry["f64"], entry["probes"] = {"annealing": anneal, "bfgs": bfgs, "lbfgs": lbfgs}[case["type"]](case)
        full_batch.append(entry)
    cases = []
    for case in CASES:
        entry = dict(case)
        entry["f64"] = run(case, np.float64)
        entry["f32"] = run(case, np.float32)
        cases.append(entry)
    doc = {
        "generated_by": "tests/golden/gen_optim.py",
        "numpy": np.__version__,
        "note": "Keras 2 optimizer formulas (get_updates), evaluation order as in "
                "engine/optim/optimizer.h; params after each of the steps",
        "p0": P0,
        "grads": GRADS,
        "cases": cases,
        "x0": X0,
        "full_batch": full_batch,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
