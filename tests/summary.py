#!/usr/bin/env python3
"""Count test cases of a `meson test` run and print `N passed, N failed`.

Usage: tests/summary.py [--expect SUITE,SUITE...] [--step NAME:ok|fail]...
                        BUILDDIR [BUILDDIR...]

Meson counts a TAP binary (a Criterion suite, the oracle) as one test, so
this script reads BUILDDIR/meson-logs/testlog.json (one JSON object per
test) and counts cases instead:

- a test that printed TAP (protocol 'tap', or a plan `1..N` and
  `ok`/`not ok` lines on stdout) counts each `ok` line as passed and each `not ok` line as failed
  (`# SKIP` lines are skipped, `# TODO` failures are not failures); cases
  promised by the plan `1..N` but never reported (the binary crashed) are
  failed; if the test as a whole failed (crash, timeout, sanitizer report
  after the last case) while every reported case passed, one more failure
  is counted under the test's name;
- any other test is one case: passed when meson says OK (or EXPECTEDFAIL).

With several build directories (./dev test adds build-fuzz, whose
fuzz targets are one test each) the counts are summed.

--step counts a step that is no meson test (a build with another
compiler) as one case. --expect names the suites that must have run: one that passed no case
(its tests were dropped from the build, or all skipped) is a failure, so a
suite cannot vanish while the total still says "0 failed".

Prints the names of failed cases, then the final line exactly
`N passed, N failed`. Exits 1 if anything failed or no test ran at all.
"""

import json
import re
import sys
from pathlib import Path

TAP_PLAN = re.compile(r"^1\.\.(\d+)")
TAP_CASE = re.compile(r"^(not ok|ok)\b[ \t]*(\d+)?[ \t-]*([^#]*)(?:#\s*(\w+))?", re.I)
PASSING = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}


def protocols(builddir):
    """Map 'project:suite / name' (as in testlog.json) to the protocol."""
    intro = builddir / "meson-info" / "intro-tests.json"
    result = {}
    try:
        for t in json.loads(intro.read_text()):
            for suite in t.get("suite") or []:
                result[f"{suite} / {t['name']}"] = t.get("protocol", "exitcode")
    except (OSError, ValueError):
        pass
    return result


def tap_cases(stdout):
    """(plan or None, [(passed, label, directive)]) from a TAP stream."""
    plan, cases = None, []
    for line in stdout.splitlines():
        m = TAP_PLAN.match(line)
        if m and plan is None:
            plan = int(m.group(1))
            continue
        m = TAP_CASE.match(line)
        if m:
            passed = m.group(1).lower() == "ok"
            label = re.sub(r"\s*\(\d+(\.\d+)?s\)$", "", m.group(3).strip())
            label = label or m.group(2) or "?"
            cases.append((passed, label, (m.group(4) or "").upper()))
    return plan, cases


def count(builddir, log, failures, per_suite):
    """(passed, failed, skipped) of one build directory's test log; the
    names of failed cases are appended to failures, the passed cases of
    each suite added to per_suite."""
    proto = protocols(builddir)
    bare = {key.split(" / ", 1)[1]: key.split(" / ", 1)[0].split(":", 1)[-1] for key in proto}
    passed = failed = skipped = 0
    for line in log.read_text().splitlines():
        if not line.strip():
            continue
        t = json.loads(line)
        name, result = t["name"], t.get("result", "ERROR")
        # "project:suite / name"; meson drops the prefix when --suite
        # picks one suite, so look the bare name up then.
        suite = name.split(" / ", 1)[0].split(":", 1)[-1] if " / " in name else bare.get(name, "")
        before = passed
        stdout = t.get("stdout") or ""
        plan, cases = tap_cases(stdout)
        # An exitcode test counts as TAP only if it printed a plan too.
        is_tap = proto.get(name) == "tap" or (plan is not None and bool(cases))
        if not is_tap:
            if result in PASSING:
                passed += 1
            elif result in SKIPPED:
                skipped += 1
            else:
                failures.append(f"{name} ({result.lower()})")
                failed += 1
            per_suite[suite] = per_suite.get(suite, 0) + passed - before
            continue
        if not cases and result in SKIPPED:
            skipped += 1
            continue
        test_failed = 0
        for ok, label, directive in cases:
            if directive == "SKIP":
                skipped += 1
            elif ok or directive == "TODO":
                passed += 1
            else:
                # The golden runner names its one case after the test.
                same = label == name.rsplit(" / ", 1)[-1]
                failures.append(name if same else f"{name}: {label}")
                test_failed += 1
        if plan is not None and plan > len(cases):
            missing = plan - len(cases)
            failures.append(f"{name}: {missing} case(s) never reported ({result.lower()})")
            test_failed += missing
        if result not in PASSING and result not in SKIPPED and test_failed == 0:
            # Crashed, timed out, or exited non-zero after reporting success
            # (e.g. a sanitizer report at exit): one failure for the test.
            failures.append(f"{name} ({result.lower()}, returncode {t.get('returncode')})")
            test_failed = 1
        failed += test_failed
        per_suite[suite] = per_suite.get(suite, 0) + passed - before
    return passed, failed, skipped


def main():
    args = sys.argv[1:]
    expect, steps = [], []
    while len(args) >= 2 and args[0] in ("--expect", "--step"):
        if args[0] == "--expect":
            expect += [x for x in args[1].split(",") if x]
        else:
            steps.append(args[1].rsplit(":", 1))
        args = args[2:]
    if not args:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    failures = []                      # names to print
    per_suite = {}                     # suite -> cases passed
    for arg in args:
        builddir = Path(arg)
        log = builddir / "meson-logs" / "testlog.json"
        if not log.exists():
            print(f"summary: {log} not found (did `meson test` run?)")
            failures.append(f"{arg}: no test log")
            failed += 1
            continue
        p, f, k = count(builddir, log, failures, per_suite)
        passed, failed, skipped = passed + p, failed + f, skipped + k
    for name, result in steps:
        if result == "ok":
            passed += 1
        else:
            failures.append(f"{name} ({result})")
            failed += 1
    for suite in expect:
        if per_suite.get(suite, 0) == 0:
            failures.append(f"suite {suite} ran no case")
            failed += 1

    if failures:
        print("Failed:")
        for f in failures:
            print(f"  {f}")
    if skipped:
        print(f"({skipped} skipped)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
