#!/usr/bin/env python3
"""Exactly-once restart tests: crash a checkpointed query, restart it until
it finishes, and compare what its sink holds with an uninterrupted run,
byte for byte.

    run_restart.py SLUICE CASE [--step STEP] [--kill-loop N]

A case is a query shape (below) written to a per_batch or an append sink.
For every fault step (SLUICE_FAULT=<step>:<n>, a SIGKILL at a named point
of the batch protocol) and a few hit counts n, the query is run with the
fault, then run again without it until it exits 0 (at most a few times);
the sink's files must equal those of the uninterrupted run. --kill-loop N
kills the process at random moments N times instead. TAP output: one line
per (step, n)."""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

STEPS = ["mid-batch", "after-offsets", "after-sink-write", "after-sink-commit",
         "mid-state-write", "mid-compaction", "before-commit"]
HITS = [1, 2, 5]


def events_csv(n, seed, keys=7, disorder=8):
    """ts (epoch seconds, mostly increasing, some late rows), key, value."""
    rnd = random.Random(seed)
    rows, t = [], 1_700_000_000
    for i in range(n):
        t += rnd.choice([0, 1, 1, 2])
        ts = t - (rnd.randint(0, disorder) if rnd.random() < 0.2 else 0)
        rows.append(f"{ts},k{rnd.randint(0, keys - 1)},{rnd.randint(-50, 1000)}\n")
    return "".join(rows)


STREAM = """CREATE STREAM {name} (ts TIMESTAMP, key TEXT, v BIGINT,
    WATERMARK FOR ts AS ts - INTERVAL '{delay}' SECOND)
  WITH (connector = 'file', path = '{data}/{name}.csv', timestamp_format = 'epoch_s',
        header = false, max_batch_rows = {rows});
"""

QUERIES = {
    # windowed aggregation, APPEND: windows emitted once the watermark passes
    "window_append": (["events"], """
INSERT INTO out SELECT window_start, window_end, key, count(*) AS n, sum(v) AS total, max(v) AS top
FROM TUMBLE(events, ts, INTERVAL '10' SECOND) GROUP BY window_start, window_end, key;"""),
    # running aggregate without a window, UPDATE: changed groups every batch
    "running_update": (["events"], """
INSERT INTO out SELECT key, count(*) AS n, sum(v) AS total, min(v) AS low, avg(v) AS mean,
  count(DISTINCT v % 10) AS kinds
FROM events GROUP BY key EMIT UPDATE;"""),
    # session windows, APPEND
    "sessions": (["events"], """
INSERT INTO out SELECT key, session_window.start AS s, session_window.end AS e, count(*) AS n, sum(v) AS total
FROM events GROUP BY session_window(ts, '3 seconds'), key;"""),
    # stream-stream full outer join on key and time range
    "outer_join": (["left", "right"], """
INSERT INTO out SELECT l.key, l.ts, l.v, r.key AS rkey, r.ts AS rts, r.v AS rv
FROM left l FULL OUTER JOIN right r
  ON l.key = r.key AND r.ts BETWEEN l.ts - INTERVAL '2' SECOND AND l.ts + INTERVAL '2' SECOND;"""),
}

SINKS = {
    "per_batch": "CREATE SINK out WITH (connector = 'file', path = '{out}', format = 'csv', per_batch = true);\n",
    "append": "CREATE SINK out WITH (connector = 'file', path = '{out}/out.csv', format = 'csv');\n",
}


def write_case(work, case):
    shape, sink = case.rsplit("/", 1)
    inputs, insert = QUERIES[shape]
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    sql = "SET checkpoint_dir = '{ckpt}';\n"
    for i, name in enumerate(inputs):
        with open(os.path.join(data, name + ".csv"), "w") as f:
            f.write(events_csv(1500, seed=17 + i, keys=5 if shape == "outer_join" else 7))
        sql += STREAM.format(name=name, data=data, delay=5, rows=97 + 20 * i)
    sql += SINKS[sink] + insert + "\n"
    with open(os.path.join(work, "job.sql.in"), "w") as f:
        f.write(sql)


def sink_files(out):
    """Every file of the sink directory: name -> bytes (hidden temporaries too)."""
    got = {}
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name), "rb") as f:
            got[name] = f.read()
    return got


class Run:
    def __init__(self, sluice, work, tag):
        self.sluice, self.dir = sluice, os.path.join(work, tag)
        self.out, self.ckpt = os.path.join(self.dir, "out"), os.path.join(self.dir, "ckpt")
        os.makedirs(self.out)
        with open(os.path.join(work, "job.sql.in")) as f:
            sql = f.read().replace("{out}", self.out).replace("{ckpt}", self.ckpt)
        self.job = os.path.join(self.dir, "job.sql")
        with open(self.job, "w") as f:
            f.write(sql)

    def start(self, fault=None):
        env = dict(os.environ)
        env.pop("SLUICE_FAULT", None)
        if fault:
            env["SLUICE_FAULT"] = fault
        return subprocess.Popen([self.sluice, "-f", self.job], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=self.dir)

    def run(self, fault=None):
        p = self.start(fault)
        out, err = p.communicate(timeout=300)
        return p.returncode, err.decode(errors="replace")

    def finish(self, restarts=4):
        """Restart without faults until the query completes."""
        for _ in range(restarts):
            rc, err = self.run()
            if rc == 0:
                return None
            if rc != -signal.SIGKILL:
                return f"restart exited {rc}: {err.strip()[-600:]}"
        return "did not finish"


def compare(want, got):
    if want == got:
        return None
    names = sorted(set(want) | set(got))
    for n in names:
        if want.get(n) != got.get(n):
            w, g = want.get(n), got.get(n)
            if w is None:
                return f"extra file {n}"
            if g is None:
                return f"missing file {n}"
            wl, gl = w.decode().splitlines(), g.decode().splitlines()
            for i in range(max(len(wl), len(gl))):
                a = wl[i] if i < len(wl) else "<none>"
                b = gl[i] if i < len(gl) else "<none>"
                if a != b:
                    return f"{n} line {i + 1}: expected {a!r}, got {b!r} ({len(wl)} vs {len(gl)} lines)"
    return "differs"


def main():
    args = sys.argv[1:]
    sluice, case = os.path.abspath(args[0]), args[1]
    steps = STEPS
    kill_loop = 0
    if "--step" in args:
        steps = [args[args.index("--step") + 1]]
    if "--kill-loop" in args:
        kill_loop = int(args[args.index("--kill-loop") + 1])
    work = tempfile.mkdtemp(prefix="sluice-restart-")
    failures = 0
    try:
        write_case(work, case)
        base = Run(sluice, work, "base")
        rc, err = base.run()
        if rc != 0:
            print("1..1\nnot ok 1 - uninterrupted run exited %d: %s" % (rc, err.strip()[-800:]))
            return 1
        want = sink_files(base.out)
        if not want or all(len(v) == 0 for v in want.values()):
            print("1..1\nnot ok 1 - the uninterrupted run wrote nothing")
            return 1
        tests = []
        if kill_loop:
            tests.append(("kill-loop", None))
        else:
            tests = [(s, n) for s in steps for n in HITS]
        print(f"1..{len(tests) + 1}")
        # A second uninterrupted run over a finished checkpoint adds nothing.
        rc, err = base.run()
        again = sink_files(base.out)
        why = f"rerun exited {rc}: {err.strip()[-400:]}" if rc != 0 else compare(want, again)
        print(("ok" if not why else "not ok") + f" 1 - {case}: a finished query run again writes nothing more"
              + ("" if not why else f": {why}"))
        failures += bool(why)
        reached_any = {}
        for i, (step, n) in enumerate(tests, start=2):
            run = Run(sluice, work, f"{step}-{n}")
            if step == "kill-loop":
                why, kills = kill_randomly(run, kill_loop), kill_loop
            else:
                rc, err = run.run(f"{step}:{n}")
                reached = rc == -signal.SIGKILL
                reached_any[step] = reached_any.get(step, False) or reached
                why = None if rc in (0, -signal.SIGKILL) else f"faulty run exited {rc}: {err.strip()[-600:]}"
                if not why and reached:
                    why = run.finish()
            if not why:
                why = compare(want, sink_files(run.out))
            label = f"{case}: crash at {step}" + (f" (hit {n})" if n else f" ({kill_loop} random kills)")
            if step != "kill-loop" and not why and not reached:
                label += " (step not reached: ran to the end)"
            print(("ok" if not why else "not ok") + f" {i} - {label}" + ("" if not why else f": {why}"))
            failures += bool(why)
        for step, r in reached_any.items():
            if not r:
                print(f"# step {step} was never reached", file=sys.stderr)
    finally:
        if failures == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"# work directory kept: {work}")
    return 1 if failures else 0


def kill_randomly(run, kills):
    rnd = random.Random(kills)
    for _ in range(kills):
        p = run.start()
        time.sleep(rnd.uniform(0.01, 0.4))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        p.communicate()
        if p.returncode not in (0, -signal.SIGKILL):
            return f"run exited {p.returncode}"
    return run.finish()


if __name__ == "__main__":
    sys.exit(main())
