#!/usr/bin/env python3
"""Deterministic data for the oracle test: a header-less CSV of

    k1 TEXT     a few values, ~3% NULL
    k2 INT      0..49
    x  INT      -1000..1000, ~10% NULL
    y  DOUBLE   0..1000 with 3 decimals, ~8% NULL
    s  TEXT     lower-case words, ~7% NULL
    ts TIMESTAMP epoch seconds from 2023-04-16 09:00:00, 0-3 s apart
                 (slightly out of order), for the window queries

NULL is an empty field (sluice's CSV default; the oracle loads it into
SQLite as NULL). Same seed, same bytes, on every machine.

Usage: gen_data.py OUT.csv [ROWS]
"""

import random
import sys

COLUMNS = [("k1", "TEXT"), ("k2", "INT"), ("x", "INT"), ("y", "DOUBLE"), ("s", "TEXT"),
           ("ts", "TIMESTAMP")]
TS_START = 1681635600           # 2023-04-16 09:00:00 UTC
K1 = ["alpha", "beta", "gamma", "delta"]
WORDS = ["apple", "kiwi", "fig", "banana", "cherry", "date", "lime", "mango",
         "pear", "plum", "grape", "melon"]


def rows(n, seed=20240415):
    rnd = random.Random(seed)
    ts = TS_START
    for _ in range(n):
        k1 = None if rnd.random() < 0.03 else rnd.choice(K1)
        k2 = rnd.randrange(50)
        x = None if rnd.random() < 0.10 else rnd.randint(-1000, 1000)
        y = None if rnd.random() < 0.08 else rnd.randint(0, 1_000_000) / 1000
        s = None if rnd.random() < 0.07 else rnd.choice(WORDS)
        ts += rnd.randint(0, 3)
        yield k1, k2, x, y, s, ts - rnd.randint(0, 2)


# A second relation for the join queries: several rows for most k2 values,
# none for some (so outer joins have unmatched rows), none beyond 49.
COLUMNS_U = [("k2", "INT"), ("label", "TEXT"), ("w", "INT"), ("uts", "TIMESTAMP")]


def dims(seed=777):
    rnd = random.Random(seed)
    out = []
    for k2 in range(50):
        if k2 % 7 == 3:
            continue
        for _ in range(rnd.randint(1, 3)):
            out.append((k2, rnd.choice(WORDS), rnd.randint(0, 99),
                        TS_START + rnd.randint(0, 40000)))
    out.sort(key=lambda r: r[3])          # a stream arrives in time order
    return out


def write_dims(path):
    with open(path, "w", newline="") as f:
        for r in dims():
            f.write(",".join(field(v) for v in r) + "\n")


def field(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)          # shortest text that reads back to the same double
    return str(v)


def write_csv(path, n):
    with open(path, "w", newline="") as f:
        for r in rows(n):
            f.write(",".join(field(v) for v in r) + "\n")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[-1])
    write_csv(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 20000)


if __name__ == "__main__":
    main()
