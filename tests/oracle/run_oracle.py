#!/usr/bin/env python3
"""Oracle test: the final COMPLETE-mode snapshot of sluice equals SQLite.

For each query of queries.sql, sluice runs it as a streaming query with
EMIT COMPLETE over a stream on a generated CSV file (connector 'file'),
and SQLite runs it as a batch query over the same rows. The last snapshot
sluice prints must equal SQLite's result after normalisation: rows sorted,
NULL and the empty CSV field the same, doubles equal to 9 significant
digits. Prints TAP, one case per query.

Usage:
  run_oracle.py SLUICE [--workdir DIR] [--rows N] [--format changelog|csv]
                [--timeout S] [QUERY_NAME...]

--format changelog (default) reads `{"batch":N,"op":"=","row":{...}}` lines
and takes the rows of the highest batch: the exact last snapshot.
--format csv reads the CSV (header once, then every snapshot's rows, with
nothing between snapshots) and takes its last R rows, R being the number
of rows SQLite returns; exact when sluice's last snapshot is right, and a
failure (with a diff) otherwise.

SQLite is Python's sqlite3 module (the same library as the sqlite3
command), loaded with typed values and an empty CSV field as NULL.
"""

import argparse
import csv
import io
import json
import math
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True   # keep the source tree clean
import gen_data  # noqa: E402  (same directory)

SQL_TYPES = {"TEXT": "TEXT", "INT": "INTEGER", "DOUBLE": "REAL", "TIMESTAMP": "INTEGER"}
REL_TOL = 1e-9


def load_queries(names=None):
    """[(name, sluice_sql, sqlite_sql)] from queries.sql, in file order.
    A query is one text for both, unless a `-- sqlite:` line splits its
    block: then what follows is SQLite's version of the same query."""
    blocks, name, lines = [], None, []
    for line in (HERE / "queries.sql").read_text().splitlines() + ["-- name: <end>"]:
        m = re.match(r"--\s*name:\s*(\S+)", line)
        if m:
            if name is not None:
                blocks.append((name, lines))
            name, lines = m.group(1), []
        elif name is not None:
            lines.append(line.rstrip())

    def sql_of(ls):
        body = [l for l in ls if l.strip() and not l.strip().startswith("--")]
        return "\n".join(body).rstrip(";").rstrip()

    queries = []
    for name, ls in blocks:
        flags = {m.group(1): m.group(2) for l in ls
                 for m in [re.match(r"--\s*(mode|u):\s*(\S+)", l)] if m}
        split = [i for i, l in enumerate(ls) if re.match(r"--\s*sqlite:", l)]
        if split:
            q = (name, sql_of(ls[:split[0]]), sql_of(ls[split[0] + 1:]))
        else:
            q = (name, sql_of(ls), sql_of(ls))
        queries.append(q + (flags.get("mode") == "append", flags.get("u") == "stream"))
    if names:
        known = {q[0] for q in queries}
        unknown = [n for n in names if n not in known]
        if unknown:
            sys.exit(f"run_oracle: unknown query: {' '.join(unknown)}")
        queries = [q for q in queries if q[0] in names]
    return queries


def load_table(db, name, columns, csv_path):
    cols = ", ".join(f"{n} {SQL_TYPES[t]}" for n, t in columns)
    db.execute(f"CREATE TABLE {name} ({cols})")
    conv = {"TEXT": str, "INT": int, "DOUBLE": float, "TIMESTAMP": int}
    types = [t for _, t in columns]
    with open(csv_path, newline="") as f:
        rows = ([None if v == "" else conv[t](v) for v, t in zip(rec, types)]
                for rec in csv.reader(f))
        db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(types))})", rows)


def load_sqlite(csv_path, dims_path):
    db = sqlite3.connect(":memory:")
    load_table(db, "t", gen_data.COLUMNS, csv_path)
    load_table(db, "u", gen_data.COLUMNS_U, dims_path)
    return db


def run_sqlite(db, sql):
    cur = db.execute(sql)
    return [d[0] for d in cur.description], [list(r) for r in cur.fetchall()]


def sluice_script(csv_path, dims_path, sql, append, u_stream):
    """t is a stream (with a watermark on ts); u a table, or a stream with a
    watermark on uts. COMPLETE queries get EMIT COMPLETE appended."""
    def decl(kind, name, columns, path, wm, batch):
        cols = ", ".join(f"{n} {t}" for n, t in columns)
        if wm:
            cols += f", WATERMARK FOR {wm} AS {wm} - INTERVAL '1' MINUTE"
        path = str(path).replace("'", "''")
        opts = f", max_batch_rows = {batch}" if batch else ""
        return (f"CREATE {kind} {name} ({cols}) WITH (connector = 'file', path = '{path}', "
                f"format = 'csv', timestamp_format = 'epoch_s'{opts});\n")
    # Several micro-batches per query, so that state, watermarks and
    # eviction take part in every answer.
    script = decl("STREAM", "t", gen_data.COLUMNS, csv_path, "ts", 2500)
    script += (decl("STREAM", "u", gen_data.COLUMNS_U, dims_path, "uts", 20) if u_stream
               else decl("TABLE", "u", gen_data.COLUMNS_U, dims_path, None, None))
    return script + sql + ("\n;\n" if append else "\nEMIT COMPLETE;\n")


def all_rows_changelog(text):
    """(columns, rows) of every row an APPEND query emitted, all batches."""
    rows = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("op") != "+":
            raise ValueError(f"changelog line {i}: op {rec.get('op')!r} in APPEND mode")
        rows.append(rec["row"])
    if not rows:
        return [], []
    columns = list(rows[0].keys())
    return columns, [[r.get(c) for c in columns] for r in rows]


def run_sluice(sluice, script, fmt, timeout):
    """(stdout, stderr, exit status or a 'timeout ...' string)."""
    proc = subprocess.Popen([sluice, "--format", fmt, "-e", script],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return (out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                f"timeout after {timeout:g}s")


def last_snapshot_changelog(text):
    """(columns, rows) of the highest batch in changelog output."""
    batches = {}
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            raise ValueError(f"changelog line {i} is not JSON ({e}): {line[:200]}")
        if rec.get("op") != "=":
            raise ValueError(f"changelog line {i}: op {rec.get('op')!r} in COMPLETE mode")
        batches.setdefault(rec["batch"], []).append(rec["row"])
    if not batches:
        return [], []
    rows = batches[max(batches)]
    columns = list(rows[0].keys())
    return columns, [[r.get(c) for c in columns] for r in rows]


def last_snapshot_csv(text, n_rows):
    """(header, last n_rows rows) of CSV output."""
    recs = list(csv.reader(io.StringIO(text)))
    if not recs:
        return [], []
    header, body = recs[0], recs[1:]
    return header, body[len(body) - n_rows:] if n_rows else []


def norm(v):
    """Canonical text of a value: NULL and '' -> '', numbers canonical."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt_double(v)
    s = str(v)
    if re.fullmatch(r"-?\d+", s):
        return str(int(s))
    if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", s):
        return fmt_double(float(s))
    return s


def fmt_double(d):
    if math.isnan(d) or math.isinf(d):
        return repr(d)
    t = "%.9g" % d
    return "0" if t == "-0" else t


def cells_equal(a, b):
    if a == b:
        return True
    try:
        fa, fb = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(fa, fb, rel_tol=REL_TOL, abs_tol=1e-12)


def compare(want_cols, want_rows, got_cols, got_rows):
    """List of problems (empty when the results agree)."""
    problems = []
    if [c.lower() for c in got_cols] != [c.lower() for c in want_cols] and got_rows:
        problems.append(f"columns: sluice {got_cols}, sqlite {want_cols}")
    want = sorted(tuple(norm(v) for v in r) for r in want_rows)
    got = sorted(tuple(norm(v) for v in r) for r in got_rows)
    if len(want) != len(got):
        problems.append(f"rows: sluice {len(got)}, sqlite {len(want)}")
    if len(want) == len(got) and all(
            len(w) == len(g) and all(cells_equal(x, y) for x, y in zip(w, g))
            for w, g in zip(want, got)):
        return problems
    only_want = [r for r in want if r not in set(got)]
    only_got = [r for r in got if r not in set(want)]
    def show(r):
        return ",".join(c if c != "" else "NULL" for c in r)
    for r in only_want[:8]:
        problems.append("only in sqlite: " + show(r))
    for r in only_got[:8]:
        problems.append("only in sluice: " + show(r))
    if not problems:
        problems.append("rows differ beyond the tolerance")
    return problems


def tap_comment(text):
    for line in str(text).rstrip("\n").split("\n"):
        print(f"# {line}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sluice")
    ap.add_argument("queries", nargs="*", help="query names (default: all)")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "sluice-oracle"),
                    help="where the data file goes (default: %(default)s)")
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--format", choices=["changelog", "csv"], default="changelog")
    ap.add_argument("--timeout", type=float,
                    default=float(os.environ.get("SLUICE_TEST_TIMEOUT", "120")))
    opts = ap.parse_intermixed_args()

    sluice = str(Path(opts.sluice).resolve())
    workdir = Path(opts.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    csv_path = workdir / f"oracle_{opts.rows}.csv"
    gen_data.write_csv(csv_path, opts.rows)
    dims_path = workdir / "oracle_dims.csv"
    gen_data.write_dims(dims_path)
    db = load_sqlite(csv_path, dims_path)

    queries = load_queries(opts.queries)
    print(f"1..{len(queries)}")
    failed = 0
    for i, (name, sql, sqlite_sql, append, u_stream) in enumerate(queries, 1):
        problems = []
        want_cols, want_rows = run_sqlite(db, sqlite_sql)
        if not want_rows:
            problems.append("sqlite returned no rows: make the query non-empty")
        script = sluice_script(csv_path, dims_path, sql, append, u_stream)
        fmt = "changelog" if append else opts.format
        out, err, code = run_sluice(sluice, script, fmt, opts.timeout)
        if code != 0:
            problems.append(f"sluice exit status {code}")
        if err.strip():
            problems.append("sluice stderr:\n" + err.strip()[:2000])
        if code == 0:
            try:
                if append:
                    got_cols, got_rows = all_rows_changelog(out)
                elif opts.format == "changelog":
                    got_cols, got_rows = last_snapshot_changelog(out)
                else:
                    got_cols, got_rows = last_snapshot_csv(out, len(want_rows))
                problems += compare(want_cols, want_rows, got_cols, got_rows)
            except (ValueError, KeyError, TypeError) as e:
                problems.append(f"cannot read sluice output: {e}")
        if problems:
            failed += 1
            tap_comment(f"query {name}:\n{sql}" + ("" if append else "\nEMIT COMPLETE"))
            for p in problems:
                tap_comment(p)
            print(f"not ok {i} - {name}")
        else:
            print(f"ok {i} - {name}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
