#!/usr/bin/env python3
"""Golden SQL tests: run sluice on a script and diff what it prints.

A case is tests/sql/cases/<name>.sql plus expectations next to it:

  <name>.out    expected stdout (required; a case without it is "pending"
                and fails until --rewrite creates it)
  <name>.err    expected stderr (absent = stderr must be empty)
  <name>.exit   expected exit status (absent = 0)
  <name>.args   extra command-line arguments, shell-quoted (e.g. --format csv);
                lines starting with '#' are comments
  <name>.stdin  piped to sluice's stdin (absent = stdin is /dev/null)
  <name>.batches  explicit micro-batches for directory streams (see below)

Each case runs as `sluice <args> -f <name>.sql` with the working directory
tests/sql/cases, so data paths in scripts are relative (data/logs.csv).
stdout, stderr and the exit status must match exactly (bytes). On a
mismatch the runner prints a unified diff and leaves what sluice actually
printed in tests/sql/out/ (gitignored).

Usage:
  run_golden.py SLUICE [CASE...]            run cases (default: all), print TAP
  run_golden.py --rewrite SLUICE [CASE...]  overwrite expectations with what
                                            sluice prints now (review the
                                            result with `git diff`!)
  run_golden.py --check-list                cases.txt lists exactly the *.sql
  run_golden.py --update-list               rewrite cases.txt from the *.sql

Explicit micro-batches (the conformance suites, tests/conformance/): a
<name>.batches file lists the rows each input gets in each micro-batch:

  # a comment
  === batch                 starts the next micro-batch
  left: 1,2024-01-01 00:00:10   one record (a CSV line) for input `left`

The runner makes a temporary directory holding the case's .sql and one
subdirectory per input name, with one file per batch (empty when that input
gets nothing in the batch), and runs the case there. The script reads each
input as a directory stream with max_files_per_batch = 1 and
available_now = true, so micro-batch N takes exactly file N of every input,
like a test's AddData, and the query ends after the last one.

Progress lines on stderr (--progress) are compared without the figures that
depend on timing: the rates, the duration and the state bytes.

Options: --cases DIR runs the cases of DIR (its list is DIR/cases.txt and
failures go to DIR/out) instead of tests/sql/cases.

CASE is a case name, `<name>.sql` or a path to it. The exit status is 0 when
every case passed (or was rewritten), 1 otherwise.
"""

import argparse
import difflib
import os
import shlex
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
OUT = HERE / "out"
LIST = HERE / "cases.txt"

# Per-case time limit in seconds; generous because CI runs under ASan.
DEFAULT_TIMEOUT = float(os.environ.get("SLUICE_TEST_TIMEOUT", "60"))


PROGRESS = re.compile(
    rb"^(progress: query \d+ batch \d+: \d+ input rows) \([^)]*\), (\d+ output rows), "
    rb"[0-9.]+ ms, (watermark [^,]*), (state \d+ rows) / \d+ bytes, (.*)$", re.M)


def normalize_progress(err):
    """Progress lines without their timing-dependent figures."""
    return PROGRESS.sub(rb"\1, \2, \3, \4, \5", err)


def set_cases_dir(path):
    global CASES, OUT, LIST
    CASES = Path(path).resolve()
    OUT = CASES / "out"
    LIST = CASES / "cases.txt"


class BatchError(Exception):
    pass


def parse_batches(path):
    """[{input: [line, ...]}, ...] from a .batches file; inputs in order seen."""
    batches, inputs = [], []
    for no, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.strip() == "=== batch":
            batches.append({})
            continue
        name, sep, row = line.partition(":")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise BatchError(f"{path.name}:{no}: expected '=== batch' or 'input: row'")
        if not batches:
            raise BatchError(f"{path.name}:{no}: a row before the first '=== batch'")
        if name not in inputs:
            inputs.append(name)
        batches[-1].setdefault(name, []).append(row.strip())
    for i, b in enumerate(batches):
        if not b:
            raise BatchError(f"{path.name}: batch {i} has no rows (sluice runs no batch for it)")
    return batches, inputs


def make_batch_dir(name):
    """Temporary directory with the case's script and its inputs' files."""
    batches, inputs = parse_batches(CASES / f"{name}.batches")
    tmp = Path(tempfile.mkdtemp(prefix=f"sluice-{name}-"))
    shutil.copy(CASES / f"{name}.sql", tmp / f"{name}.sql")
    for inp in inputs:
        (tmp / inp).mkdir()
        for i, b in enumerate(batches):
            rows = b.get(inp, [])
            (tmp / inp / f"{i:06d}.csv").write_text("".join(r + "\n" for r in rows))
    return tmp


def all_cases():
    return sorted(p.stem for p in CASES.glob("*.sql"))


def case_name(arg):
    p = Path(arg)
    return p.stem if p.suffix == ".sql" else p.name


def read_list():
    names = []
    for line in LIST.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line)
    return names


def write_list():
    if CASES == HERE / "cases":
        header = ("# Golden SQL cases, one per line: each is a meson test (suite 'sql').\n"
                  "# Regenerate with: tests/sql/run_golden.py --update-list\n")
    else:
        header = ("# Conformance cases, one per line: each is a meson test (suite 'conformance').\n"
                  "# Regenerate with: tests/sql/run_golden.py --cases DIR --update-list\n")
    LIST.write_text(header + "".join(n + "\n" for n in all_cases()))


def run_case(sluice, name, timeout):
    """Run one case; return (stdout bytes, stderr bytes, exit status).

    A timeout kills the whole process group and reports status 'timeout'."""
    args_file = CASES / f"{name}.args"
    extra = []
    if args_file.exists():
        for line in args_file.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                extra += shlex.split(line)
    stdin_file = CASES / f"{name}.stdin"
    stdin = open(stdin_file, "rb") if stdin_file.exists() else subprocess.DEVNULL
    env = dict(os.environ, NO_COLOR="1", TERM="dumb")
    cwd = CASES
    if (CASES / f"{name}.batches").exists():
        try:
            cwd = make_batch_dir(name)
        except BatchError as e:
            return b"", str(e).encode() + b"\n", "bad .batches file"
    try:
        proc = subprocess.Popen([sluice, *extra, "-f", f"{name}.sql"], cwd=cwd,
                                stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            return out, normalize_progress(err), proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return out, err, f"timeout after {timeout:g}s"
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
        if cwd is not CASES:
            shutil.rmtree(cwd, ignore_errors=True)


def expected(name):
    """Expected (stdout, stderr, exit) or None when the case is pending."""
    out_file = CASES / f"{name}.out"
    if not out_file.exists():
        return None
    err_file = CASES / f"{name}.err"
    exit_file = CASES / f"{name}.exit"
    err = err_file.read_bytes() if err_file.exists() else b""
    code = int(exit_file.read_text().strip()) if exit_file.exists() else 0
    return out_file.read_bytes(), err, code


def diff(label, want, got):
    a = want.decode("utf-8", "replace").splitlines(keepends=True)
    b = got.decode("utf-8", "replace").splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, f"expected/{label}", f"actual/{label}"):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


def tap_comment(text):
    """Print diagnostics as TAP comments so meson's TAP parser ignores them."""
    for line in text.rstrip("\n").split("\n"):
        print(f"# {line}" if line else "#")


def save_actual(name, out, err, code):
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.out").write_bytes(out)
    (OUT / f"{name}.err").write_bytes(err)
    (OUT / f"{name}.exit").write_text(f"{code}\n")


def check(sluice, name, timeout):
    """Run and compare one case; print diagnostics; return True if it passed."""
    want = expected(name)
    out, err, code = run_case(sluice, name, timeout)
    if not isinstance(code, int):
        tap_comment(f"{name}: {code}")
        if err:
            tap_comment("stderr:\n" + err.decode("utf-8", "replace"))
        save_actual(name, out, err, code)
        return False
    if want is None:
        tap_comment(f"{name}: no expectation yet ({name}.out missing); "
                    f"generate it with --rewrite and review it")
        save_actual(name, out, err, code)
        return False
    w_out, w_err, w_code = want
    ok = True
    if code != w_code:
        tap_comment(f"{name}: exit status {code}, expected {w_code}")
        ok = False
    if out != w_out:
        tap_comment(diff(f"{name}.out", w_out, out))
        ok = False
    if err != w_err:
        tap_comment(diff(f"{name}.err", w_err, err))
        ok = False
    if ok:
        for suffix in (".out", ".err", ".exit"):
            (OUT / f"{name}{suffix}").unlink(missing_ok=True)
    else:
        save_actual(name, out, err, code)
        tap_comment(f"actual output saved in {OUT}/{name}.*")
    return ok


def rewrite(sluice, name, timeout):
    out, err, code = run_case(sluice, name, timeout)
    if not isinstance(code, int):
        print(f"{name}: {code}; expectations left unchanged", file=sys.stderr)
        return False
    before = expected(name)
    (CASES / f"{name}.out").write_bytes(out)
    err_file, exit_file = CASES / f"{name}.err", CASES / f"{name}.exit"
    if err:
        err_file.write_bytes(err)
    else:
        err_file.unlink(missing_ok=True)
    if code != 0:
        exit_file.write_text(f"{code}\n")
    else:
        exit_file.unlink(missing_ok=True)
    state = "new" if before is None else ("unchanged" if before == (out, err, code) else "CHANGED")
    print(f"{name}: {state} (exit {code})")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rewrite", action="store_true",
                    help="overwrite expectations with the actual output")
    ap.add_argument("--check-list", action="store_true",
                    help="check that cases.txt lists every case")
    ap.add_argument("--update-list", action="store_true",
                    help="regenerate cases.txt from cases/*.sql")
    ap.add_argument("--cases", metavar="DIR", dest="cases_dir",
                    help="run the cases of DIR (list: DIR/cases.txt)")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="seconds per case (default %(default)s)")
    ap.add_argument("sluice", nargs="?", help="path to the sluice binary")
    ap.add_argument("cases", nargs="*", help="case names (default: all)")
    opts = ap.parse_intermixed_args()
    if opts.cases_dir:
        set_cases_dir(opts.cases_dir)

    if opts.update_list:
        write_list()
        print(f"{LIST.name}: {len(all_cases())} cases")
        return 0
    if opts.check_list:
        listed, present = read_list(), all_cases()
        print("1..1")
        missing = sorted(set(present) - set(listed))
        stale = sorted(set(listed) - set(present))
        if missing or stale:
            if missing:
                tap_comment("not in cases.txt: " + " ".join(missing))
            if stale:
                tap_comment("in cases.txt without a .sql: " + " ".join(stale))
            tap_comment("fix: tests/sql/run_golden.py --update-list")
            print("not ok 1 - cases.txt lists every case")
            return 1
        print("ok 1 - cases.txt lists every case")
        return 0

    if not opts.sluice:
        ap.error("the path to the sluice binary is required")
    sluice = str(Path(opts.sluice).resolve())
    if not os.access(sluice, os.X_OK):
        print(f"run_golden: {sluice} is not an executable", file=sys.stderr)
        return 1
    names = [case_name(c) for c in opts.cases] or all_cases()
    unknown = [n for n in names if not (CASES / f"{n}.sql").exists()]
    if unknown:
        print("run_golden: no such case: " + " ".join(unknown), file=sys.stderr)
        return 1

    if opts.rewrite:
        ok = [rewrite(sluice, n, opts.timeout) for n in names]
        return 0 if all(ok) else 1

    print(f"1..{len(names)}")
    failed = 0
    for i, name in enumerate(names, 1):
        if check(sluice, name, opts.timeout):
            print(f"ok {i} - {name}")
        else:
            print(f"not ok {i} - {name}")
            failed += 1
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
