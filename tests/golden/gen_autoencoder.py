#!/usr/bin/env python3
"""Generate tests/golden/autoencoder_data.json, the golden data of the autoencoder lab.

The lab must reproduce, bit for bit, the data the lecture's notebook draws with
Python's `random` module. This script makes the same draws, in the same order,
with the standard library only:

    random.seed(24601)
    x_i = random.uniform(0, 1)          for the 10,000 training values
    t_i = random.uniform(0, 1)          for the 2,000 test values
    train: [x_i, 2*x_i + noise(0.1) - 1]    on the training x, in order
    test:  [t_i, 2*t_i + noise(0.1) - 1]    on the test x
    noisy: [x_i, 2*x_i + noise(0.3) - 1]    on the training x
    wrong: [x_i, 1.5*x_i + noise(0.1) - 1]  on the training x
    noise(s) = (2 * random.random() - 1) * s

For each set the JSON holds the row count, the first and last rows, and the
math.fsum of all x and of all y values; plus first_random, the first
random.random() after random.seed(24601). Floats are written with json's repr
(shortest round-trip form). Run it from anywhere; it writes the JSON next to
itself:

    python3 tests/golden/gen_autoencoder.py

The C++ side (engine/data/autoencoder_data.cpp) is checked against it in
tests/native/test_autoencoder_data.cpp.
"""

import json
import math
import os
import platform
import random

SEED = 24601
TRAIN = 10000
TEST = 2000
NOISE = 0.1
NOISY_NOISE = 0.3
WRONG_SLOPE = 1.5


def noise(s):
    return (2 * random.random() - 1) * s


def make_sets():
    random.seed(SEED)
    xs = [random.uniform(0, 1) for _ in range(TRAIN)]
    ts = [random.uniform(0, 1) for _ in range(TEST)]
    train = [[x, 2 * x + noise(NOISE) - 1] for x in xs]
    test = [[t, 2 * t + noise(NOISE) - 1] for t in ts]
    noisy = [[x, 2 * x + noise(NOISY_NOISE) - 1] for x in xs]
    wrong = [[x, WRONG_SLOPE * x + noise(NOISE) - 1] for x in xs]
    return {"train": train, "test": test, "noisy": noisy, "wrong": wrong}


def summary(rows):
    return {
        "count": len(rows),
        "first": rows[0],
        "last": rows[-1],
        "sum_x": math.fsum(r[0] for r in rows),
        "sum_y": math.fsum(r[1] for r in rows),
    }


def main():
    random.seed(SEED)
    first_random = random.random()
    sets = make_sets()
    out = {
        "generated_by": "tests/golden/gen_autoencoder.py (python3, standard library only)",
        "python": platform.python_version(),
        "spec": {
            "seed": SEED,
            "train": TRAIN,
            "test": TEST,
            "noise": NOISE,
            "noisy_noise": NOISY_NOISE,
            "wrong_slope": WRONG_SLOPE,
        },
        "first_random": first_random,
        "sets": {name: summary(rows) for name, rows in sets.items()},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "autoencoder_data.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
