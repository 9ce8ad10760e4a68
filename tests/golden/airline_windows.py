#!/usr/bin/env python3
"""The airline series as the lecture prepares it, for tests/native/test_airline.cpp.

Min-max scaling to [0, 1] over the whole series (float64 here), the first
int(len * 0.67) values for training and the rest for testing, then the
lecture's create_dataset(dataset, look_back): windows x[i : i + look_back]
with target x[i + look_back] for i in range(len - look_back - 1).
Prints the counts, the first window and target of each part and the sums.
Run: /usr/bin/python3 tests/golden/airline_windows.py [look_back]
"""
import csv
import sys

import numpy as np

look_back = int(sys.argv[1]) if len(sys.argv) > 1 else 5
with open('datasets/airline-passengers.csv') as f:
    rows = list(csv.reader(f))[1:]
series = np.array([float(r[1]) for r in rows])
scaled = (series - series.min()) / (series.max() - series.min())
train_size = int(len(scaled) * 0.67)
train, test = scaled[:train_size], scaled[train_size:]


def create_dataset(data, k):
    x = [data[i:i + k] for i in range(len(data) - k - 1)]
    y = [data[i + k] for i in range(len(data) - k - 1)]
    return np.array(x), np.array(y)


for name, part in (('train', train), ('test', test)):
    x, y = create_dataset(part, look_back)
    print(f'{name}: {len(y)} windows; first x {x[0].tolist()} y {y[0]!r}; '
          f'sum x {x.sum()!r} sum y {y.sum()!r}')
print(f'min {series.min()} max {series.max()} count {len(series)} train {train_size}')
