#!/usr/bin/python3
"""The lecture's CNN (preset mnist-cnn) trained for one epoch in numpy, written
from Keras' definitions and independently of the engine: a second opinion on
what one epoch of this network reaches on MNIST.

Keras' semantics, float32 throughout: Conv2D 32 5x5 'same' ReLU -> MaxPool 2/2
-> Conv2D 64, 128, 64 5x5 'valid' ReLU -> MaxPool 2/2 -> Flatten -> Dense 1024
ReLU -> Dropout 0.1 (inverted, training only) -> Dense 10 softmax; categorical
cross-entropy (mean over the batch); Adam (lr 0.001, beta 0.9 / 0.999, epsilon
1e-7 added to sqrt(v), bias correction folded into the step as Keras does);
Glorot uniform weights (conv fans over the receptive field), zero biases;
inputs / 255; the training set shuffled, batches of 128, the last one of 96.
The random streams are numpy's, so a seed here is not the engine's seed: what
compares is the spread over seeds, not one run.

Usage (Debian's python3-numpy; with libopenblas0-pthread installed numpy's
products are ~20x faster than with the reference BLAS):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/golden/mnist_cnn_reference.py \
      build/data SEED [SEED...]
prints one line per seed: its test accuracy and loss after one epoch.

What it printed (2026-12-06, seeds 1-10, about 250 s each on one core), and
the engine's `synapse run mnist-cnn --set seed=N` (seeds 1-10, ~100-150 s):
  numpy:  98.18 98.38 98.56 97.87 98.18 98.45 98.72 98.58 98.73 97.55
          median 98.42, mean 98.32, 4 of 10 at 98.5 or above
  engine: 98.37 98.78 98.39 98.11 98.67 98.37 98.66 98.56 98.40 98.22
          median 98.40, mean 98.45, 4 of 10 at 98.5 or above
The same distribution: one epoch of this network lands on either side of 98.5
depending on the seed.
"""
import sys
import time

import numpy as np

HEADER = 56  # datasets/README.md: the SYND header, then pixels, then labels


def load(path, count):
    raw = np.fromfile(path, dtype=np.uint8)
    pixels = raw[HEADER:HEADER + count * 784].reshape(count, 28, 28, 1)
    labels = raw[HEADER + count * 784:HEADER + count * 785]
    assert raw.size == HEADER + count * 785, path
    return pixels.astype(np.float32) / np.float32(255), labels.astype(np.int64)


def glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


class Conv:
    """5x5 (any k) stride 1 convolution, NHWC, kernel (k, k, C, F)."""

    def __init__(self, rng, k, c, f, same):
        self.k, self.same = k, same
        self.w = glorot(rng, (k, k, c, f), k * k * c, k * k * f)
        self.b = np.zeros(f, np.float32)
        self.dw, self.db = np.zeros_like(self.w), np.zeros_like(self.b)

    def forward(self, x):
        k = self.k
        if self.same:
            p = k // 2
            x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
        self.xshape = x.shape
        win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))  # N,Ho,Wo,C,k,k
        n, ho, wo = win.shape[:3]
        self.cols = np.ascontiguousarray(win.transpose(0, 1, 2, 4, 5, 3)).reshape(n * ho * wo, -1)
        out = self.cols @ self.w.reshape(-1, self.w.shape[3]) + self.b
        self.out = np.maximum(out, 0).reshape(n, ho, wo, -1)
        return self.out

    def backward(self, grad):
        grad = grad * (self.out > 0)
        g = grad.reshape(-1, grad.shape[3])
        self.dw = (self.cols.T @ g).reshape(self.w.shape)
        self.db = g.sum(axis=0)
        dcols = (g @ self.w.reshape(-1, self.w.shape[3]).T)
        n, ho, wo = grad.shape[:3]
        k = self.k
        dcols = dcols.reshape(n, ho, wo, k, k, -1)
        dx = np.zeros(self.xshape, np.float32)
        for i in range(k):
            for j in range(k):
                dx[:, i:i + ho, j:j + wo, :] += dcols[:, :, :, i, j, :]
        if self.same:
            p = k // 2
            dx = dx[:, p:-p, p:-p, :]
        return dx

    def params(self):
        return [(self.w, self.dw), (self.b, self.db)]


class MaxPool2:
    def forward(self, x):
        n, h, w, c = x.shape
        blocks = x.reshape(n, h // 2, 2, w // 2, 2, c).transpose(0, 1, 3, 5, 2, 4).reshape(n, h // 2, w // 2, c, 4)
        self.arg = blocks.argmax(axis=4)  # the first maximum gets the gradient
        self.shape = x.shape
        return blocks.max(axis=4)

    def backward(self, grad):
        n, h, w, c = self.shape
        blocks = np.zeros((n, h // 2, w // 2, c, 4), np.float32)
        np.put_along_axis(blocks, self.arg[..., None], grad[..., None], axis=4)
        return blocks.reshape(n, h // 2, w // 2, c, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(self.shape)

    def params(self):
        return []


class Dense:
    def __init__(self, rng, n_in, n_out, relu):
        self.w = glorot(rng, (n_in, n_out), n_in, n_out)
        self.b = np.zeros(n_out, np.float32)
        self.dw, self.db = np.zeros_like(self.w), np.zeros_like(self.b)
        self.relu = relu

    def forward(self, x):
        self.x = x
        out = x @ self.w + self.b
        if self.relu:
            out = np.maximum(out, 0)
        self.out = out
        return out

    def backward(self, grad):
        if self.relu:
            grad = grad * (self.out > 0)
        self.dw = self.x.T @ grad
        self.db = grad.sum(axis=0)
        return grad @ self.w.T

    def params(self):
        return [(self.w, self.dw), (self.b, self.db)]


class Dropout:
    def __init__(self, rng, rate):
        self.rng, self.rate = rng, rate

    def forward(self, x, training):
        if not training:
            self.mask = None
            return x
        keep = np.float32(1 - self.rate)
        self.mask = (self.rng.random(x.shape) < keep).astype(np.float32) / keep
        return x * self.mask

    def backward(self, grad):
        return grad * self.mask


def run(seed, train, test):
    rng = np.random.default_rng(seed)
    convs = [Conv(rng, 5, 1, 32, True), MaxPool2(), Conv(rng, 5, 32, 64, False), Conv(rng, 5, 64, 128, False),
             Conv(rng, 5, 128, 64, False), MaxPool2()]
    hidden, drop, last = Dense(rng, 64, 1024, True), Dropout(rng, 0.1), Dense(rng, 1024, 10, False)
    layers = convs + [hidden, last]
    params = [p for layer in layers for p, _ in layer.params()]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 0.001, 0.9, 0.999, 1e-7

    def forward(x, training):
        for layer in convs:
            x = layer.forward(x)
        x = drop.forward(hidden.forward(x.reshape(len(x), -1)), training)
        z = last.forward(x)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    x_train, y_train = train
    order = rng.permutation(len(x_train))
    t = 0
    for start in range(0, len(order), 128):
        idx = order[start:start + 128]
        p = forward(x_train[idx], True)
        grad = p.copy()
        grad[np.arange(len(idx)), y_train[idx]] -= 1
        grad /= np.float32(len(idx))
        grad = drop.backward(last.backward(grad))
        grad = hidden.backward(grad).reshape(len(idx), 1, 1, 64)
        for layer in reversed(convs):
            grad = layer.backward(grad)
        t += 1
        step = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        grads = [g for layer in layers for _, g in layer.params()]
        for w, g, mi, vi in zip(params, grads, m, v):
            mi *= np.float32(b1)
            mi += np.float32(1 - b1) * g
            vi *= np.float32(b2)
            vi += np.float32(1 - b2) * g * g
            w -= np.float32(step) * mi / (np.sqrt(vi) + np.float32(eps))
    x_test, y_test = test
    correct, loss = 0, 0.0
    for start in range(0, len(x_test), 500):
        p = forward(x_test[start:start + 500], False)
        y = y_test[start:start + 500]
        correct += int((p.argmax(axis=1) == y).sum())
        loss += float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-7)).sum())
    return correct / len(x_test), loss / len(x_test)


def main():
    data = sys.argv[1]
    train = load(f"{data}/mnist-train.bin", 60000)
    test = load(f"{data}/mnist-test.bin", 10000)
    for seed in sys.argv[2:]:
        began = time.time()
        accuracy, loss = run(int(seed), train, test)
        print(f"seed {seed}: test accuracy {accuracy:.4f}, test loss {loss:.4f}, {time.time() - began:.0f} s",
              flush=True)


if __name__ == "__main__":
    main()
