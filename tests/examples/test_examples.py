"""The seed examples (examples/*.sql) through the real sluice binary.

Each test runs an example as a user would, from the repository root, and
checks the rows a user would see. Socket versions start their own listener
on 127.0.0.1 with a free port (the port in the example is replaced), the
directory versions use a temporary directory. Nothing is left running:
every process and listener has a timeout and is closed in a finally.

Usage: test_examples.py SLUICE
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SLUICE = None
TIMEOUT = 60

LOG_ROWS = [
    "204.73.140.6|2023-04-15 13:30:00|DELETE|/users|400|66",
    "240.149.115.223|2023-04-15 13:30:04|PATCH|/users|400|90",
    "43.107.118.65|2023-04-15 13:30:07|GET|/users|400|79",
    "167.52.97.90|2023-04-15 13:30:10|GET|/users|400|67",
    "137.188.97.165|2023-04-15 13:30:11|PATCH|/users|400|89",
    "119.102.165.186|2023-04-15 13:30:21|DELETE|/users|400|17",
    "137.245.200.139|2023-04-15 13:30:28|PATCH|/users|400|9",
]

JOIN_ROWS = [
    "0|0|Richard Dawkins|0|The Selfish Gene|2022",
    "1|1|Gary Marcus|1|Kluge|2008",
    "2|2|Charles Robert Darwin|2|On the Origin of Species|2020",
    "3|3|Haruki Murakami|3|1Q84|2019",
    "4|4|Jules|4|Learning Spark 2nd Edition|2021",
    "4|5|Denny Lee|4|Learning Spark 2nd Edition|2021",
    "5|6|Richard H.Thaler|5|Nudge Final Edition|2021",
    "5|7|Cass R. Sunstein|5|Nudge Final Edition|2021",
]


def table_rows(text):
    """The data rows of table-format output, cells stripped, '|'-joined."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append("|".join(c.strip() for c in line.strip("|").split("|")))
    return rows


def data_rows(text):
    """Table rows without header rows (a header repeats column names)."""
    rows = table_rows(text)
    headers = {r for r in rows if not any(ch.isdigit() for ch in r)}
    return [r for r in rows if r not in headers]


class Server:
    """A one-shot TCP listener on 127.0.0.1 that sends `payload` to the
    first client, then closes (like `nc -lk` fed from a file, then ^D)."""

    def __init__(self, payload, delay=0.0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.payload = payload
        self.delay = delay
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            time.sleep(self.delay)
            conn.sendall(self.payload)

    def close(self):
        self.sock.close()
        self.thread.join(timeout=5)


def run(sql_text=None, path=None, args=(), timeout=TIMEOUT):
    # The checks read whole tables: no row or cell caps (.maxrows 0).
    cmd = [SLUICE, *args, "-e", ".maxrows 0\n.maxwidth 0"]
    cmd += ["-f", path] if path else ["-e", sql_text]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def example(name, **subst):
    with open(os.path.join(ROOT, "examples", name)) as f:
        text = f.read()
    for k, v in subst.items():
        text = text.replace(k, v)
    return text


class LogAggregation(unittest.TestCase):
    def test_file(self):
        code, out, err = run(path="examples/log_aggregation.sql")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(data_rows(out), LOG_ROWS)

    def test_socket(self):
        with open(os.path.join(ROOT, "examples/data/streaming_log.csv"), "rb") as f:
            server = Server(f.read())
        try:
            sql = example("log_aggregation_socket.sql", **{"12345": str(server.port)})
            code, out, err = run(sql)
        finally:
            server.close()
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(data_rows(out), LOG_ROWS)

    def test_directory_existing_then_new_file(self):
        tmp = tempfile.mkdtemp(prefix="sluice-ex-")
        try:
            shutil.copy(os.path.join(ROOT, "examples/data/streaming_log.csv"), tmp)
            sql = example("log_aggregation_directory.sql", **{"examples/data/logs": tmp})
            p = subprocess.Popen([SLUICE, "--format", "csv", "-e", sql], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 stdin=subprocess.DEVNULL)
            try:
                time.sleep(1.0)
                # A new file, written under a temporary name and renamed.
                line = "1.2.3.4,2023-04-15 13:31:00,GET,/users,400,5\n"
                with open(os.path.join(tmp, ".new.csv"), "w") as f:
                    f.write(line)
                os.rename(os.path.join(tmp, ".new.csv"), os.path.join(tmp, "new.csv"))
                time.sleep(1.0)
                p.send_signal(signal.SIGINT)
                out, err = p.communicate(timeout=TIMEOUT)
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            lines = out.splitlines()
            self.assertEqual(lines[0], "ip,timestamp,method,endpoint,status_code,latency")
            self.assertEqual([l.replace(",", "|") for l in lines[1:8]], LOG_ROWS)
            self.assertEqual(lines[8:], ["1.2.3.4,2023-04-15 13:31:00,GET,/users,400,5"])
            self.assertEqual(err, "")
            self.assertEqual(p.returncode, 130)
        finally:
            shutil.rmtree(tmp)


class Joins(unittest.TestCase):
    def test_stream_static_and_full_outer_refused(self):
        code, out, err = run(path="examples/stream_static_join.sql")
        self.assertEqual(code, 1)
        self.assertEqual(data_rows(out), JOIN_ROWS)
        self.assertIn("error: FULL OUTER JOIN of a stream with a static table is not supported", err)

    def test_stream_stream_from_two_sockets(self):
        with open(os.path.join(ROOT, "examples/data/books.json"), "rb") as f:
            books = Server(f.read())
        with open(os.path.join(ROOT, "examples/data/authors.json"), "rb") as f:
            authors = Server(f.read() + b"\n", delay=0.3)
        try:
            sql = example("stream_stream_join.sql")
            sql = sql.replace("connector = 'file', path = 'examples/data/books.json'",
                              f"connector = 'socket', port = {books.port}")
            sql = sql.replace("connector = 'file', path = 'examples/data/authors.json'",
                              f"connector = 'socket', port = {authors.port}")
            code, out, err = run(sql, args=["--format", "csv"])
        finally:
            books.close()
            authors.close()
        self.assertEqual((code, err), (0, ""))
        rows = out.splitlines()
        # Output names stay distinct (a CSV header with two "id" loses one).
        self.assertEqual(rows[0], "a.id,a.name,book_id,b.id,b.name,year")
        got = sorted(rows[1:])
        want = sorted(",".join([r.split("|")[1], r.split("|")[2], r.split("|")[0]] + r.split("|")[3:])
                      for r in JOIN_ROWS)
        self.assertEqual(got, want)


class DStream(unittest.TestCase):
    def test_words_from_socket(self):
        server = Server(b"hello spark streaming\nhello sluice\n")
        try:
            sql = example("dstream_words.sql", **{"12345": str(server.port)})
            code, out, err = run(sql, args=["--format", "csv"])
        finally:
            server.close()
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out.splitlines(), ["word", "hello", "spark", "streaming", "hello", "sluice"])

    def test_words_from_new_files_in_a_directory(self):
        tmp = tempfile.mkdtemp(prefix="sluice-ex-")
        try:
            sql = example("dstream_words.sql").replace(
                "connector = 'socket', host = 'localhost', port = 12345",
                f"connector = 'directory', path = '{tmp}'")
            p = subprocess.Popen([SLUICE, "--format", "csv", "-e", sql], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 stdin=subprocess.DEVNULL)
            try:
                time.sleep(0.5)
                for i in range(2):
                    path = os.path.join(tmp, f"{i}.csv")
                    with open(path + ".tmp", "w") as f:
                        f.write("AAPL,2022.4.27,191.4910409\n")
                    os.rename(path + ".tmp", path)
                    time.sleep(0.5)
                p.send_signal(signal.SIGTERM)
                out, err = p.communicate(timeout=TIMEOUT)
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            # RFC 4180: a field holding the delimiter is quoted.
            self.assertEqual(out.splitlines(), ["word", '"AAPL,2022.4.27,191.4910409"',
                                                '"AAPL,2022.4.27,191.4910409"'])
            self.assertEqual((err, p.returncode), ("", 143))
        finally:
            shutil.rmtree(tmp)

    def test_transformations(self):
        tmp = tempfile.mkdtemp(prefix="sluice-ex-")
        try:
            sql = example("dstream_transformations.sql", **{"/tmp/stock_json": tmp})
            code, out, err = run(sql)
            self.assertEqual((code, err), (0, ""))
            rows = data_rows(out)
            self.assertEqual(rows[:5], ["71", "TSLA|69", "AMD|3", "NVDA|1", "NVDA|71"])
            self.assertIn("2023.1.3|325773800", rows)
            files = sorted(os.listdir(tmp))
            self.assertEqual(files, ["batch-000000.json"])
            with open(os.path.join(tmp, files[0])) as f:
                recs = [json.loads(l) for l in f]
            self.assertEqual(len(recs), 284)
            self.assertEqual(recs[0], {"Ticker": "NVDA", "Date": "2023.1.3", "Open": "148.5099945",
                                       "High": "149.9600067", "Low": "140.9600067",
                                       "Close": "143.1499939", "AdjClose": "143.1256866",
                                       "Volume": 40127700})
        finally:
            shutil.rmtree(tmp)


class Time(unittest.TestCase):
    def test_event_time_windows(self):
        code, out, err = run(path="examples/event_time_windows.sql")
        self.assertEqual((code, err), (0, ""))
        rows = data_rows(out)
        totals = [int(r.split("|")[-1]) for r in rows[:24]]
        self.assertEqual(totals, [458, 360, 308, 400, 286, 376, 423, 290, 198, 337, 350, 312,
                                  330, 330, 402, 396, 338, 356, 304, 457, 336, 348, 416, 271])
        sliding = [int(r.split("|")[-1]) for r in rows[24:49]]
        self.assertEqual((len(sliding), sliding[0], sliding[1], sliding[2], sliding[-1]),
                         (25, 458, 818, 668, 271))
        self.assertEqual(rows[49], "2023-04-15 09:00:00|2023-04-15 10:00:00|china.com.cn|27")

    def test_watermark_trace(self):
        code, out, err = run(path="examples/watermark.sql", args=["--progress"])
        self.assertEqual(code, 0)
        dropped = [int(m) for m in re.findall(r"(\d+) dropped by watermark", err)]
        self.assertEqual(sum(dropped), 3)
        # Eleven micro-batches; those without output rows print nothing.
        self.assertEqual(len(re.findall(r"progress: query 1 batch", err)), 11)
        batches = out.split("Batch: ")[1:]
        self.assertEqual([int(b.split("\n")[0]) for b in batches], [0, 2, 5, 6, 8, 9])
        self.assertEqual([len(table_rows(b)) - 1 for b in batches], [1, 1, 1, 1, 1, 1])

    def test_processing_time(self):
        code, out, err = run(path="examples/processing_time_windows.sql")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(data_rows(out)[-2:], ["2023-04-16 09:00:00|2023-04-16 09:00:05|60",
                                               "2023-04-16 09:00:05|2023-04-16 09:00:10|7"])


class BatchSizeInvariance(unittest.TestCase):
    """With no late rows, the final COMPLETE result does not depend on how
    the input is cut into micro-batches."""

    def final_snapshot(self, max_rows):
        opt = f", max_batch_rows = {max_rows}" if max_rows else ""
        sql = ("CREATE STREAM traffic (id TEXT, domain TEXT, count INT, time TIMESTAMP, "
               "WATERMARK FOR time AS time - INTERVAL '1' DAY) "
               f"WITH (connector = 'file', path = 'examples/data/domain_traffic.json', format = 'json'{opt});"
               "SELECT window.start AS ws, sum(count) AS total, count(*) AS n, "
               "count(DISTINCT domain) AS domains, max(domain) AS last_domain "
               "FROM traffic GROUP BY window(time, '2 hours', '30 minutes') EMIT COMPLETE;")
        code, out, err = run(sql, args=["--format", "changelog"])
        self.assertEqual((code, err), (0, ""))
        recs = [json.loads(l) for l in out.splitlines()]
        last = max(r["batch"] for r in recs)
        return last, sorted(json.dumps(r["row"], sort_keys=True) for r in recs if r["batch"] == last)

    def test_same_result_for_1_7_and_unlimited(self):
        b1, one = self.final_snapshot(1)
        b7, seven = self.final_snapshot(7)
        b0, whole = self.final_snapshot(None)
        self.assertEqual((b1 >= 999, b7 >= 142, b0), (True, True, 0))
        self.assertEqual(len(whole), len(one))
        self.assertEqual(one, whole)
        self.assertEqual(seven, whole)


class StateAndTriggers(unittest.TestCase):
    def test_join_state_falls_back_after_the_watermark_passes(self):
        sql = ("CREATE STREAM a (k TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE) "
               "WITH (connector = 'file', path = 'tests/sql/cases/data/impressions.csv', max_batch_rows = 1);"
               "CREATE STREAM b (k TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE) "
               "WITH (connector = 'file', path = 'tests/sql/cases/data/ad_clicks.csv', max_batch_rows = 1);"
               "SELECT a.k, b.ts FROM a LEFT JOIN b "
               "ON a.k = b.k AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '15' MINUTE;")
        code, out, err = run(sql, args=["--progress", "--format", "csv"])
        self.assertEqual(code, 0)
        states = [int(m) for m in re.findall(r"state (\d+) rows", err)]
        peak = max(states)
        self.assertGreaterEqual(peak, 4)
        # Evicted as the watermark moves, not only at the end of the input.
        self.assertLess(min(states[states.index(peak):-1]), peak)
        self.assertEqual(states[-1], 0)

    def test_watermark_policy_min_and_max(self):
        """With two watermarked inputs the query watermark is the minimum of
        theirs, or the maximum under SET watermark_policy = 'max'."""
        def watermarks(policy):
            sql = (f"SET watermark_policy = '{policy}';"
                   "CREATE STREAM a (k TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE) "
                   "WITH (connector = 'file', path = 'tests/sql/cases/data/impressions.csv', max_batch_rows = 6);"
                   "CREATE STREAM b (k TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE) "
                   "WITH (connector = 'file', path = 'tests/sql/cases/data/ad_clicks.csv', max_batch_rows = 6);"
                   "SELECT a.k FROM a JOIN b ON a.k = b.k "
                   "AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '15' MINUTE;")
            code, out, err = run(sql, args=["--progress", "--format", "csv"])
            self.assertEqual(code, 0, err)
            return re.findall(r"watermark ([0-9-]+ [0-9:]+|none)", err)
        # impressions end at 10:30, clicks at 10:31: after batch 0 the
        # watermarks are 10:29 and 10:30.
        self.assertEqual(watermarks("min")[1], "2023-04-16 10:29:00")
        self.assertEqual(watermarks("max")[1], "2023-04-16 10:30:00")

    def test_processing_time_trigger_groups_rows_per_interval(self):
        """EMIT ... EVERY: rows arriving within one interval form one batch."""
        p = subprocess.Popen([SLUICE, "--format", "changelog", "-e",
                              "CREATE STREAM s (v TEXT) WITH (connector = 'stdin', format = 'text');"
                              "SELECT v FROM s EMIT APPEND EVERY INTERVAL '1' SECOND;"],
                             cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(0.2)
            p.stdin.write("a\nb\nc\n")
            p.stdin.flush()
            time.sleep(1.5)
            p.stdin.write("d\ne\n")
            p.stdin.flush()
            time.sleep(0.2)
            p.stdin.close()
            p.wait(timeout=TIMEOUT)
            out, err = p.stdout.read(), p.stderr.read()
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            p.stdout.close()
            p.stderr.close()
        batches = {}
        for line in out.splitlines():
            rec = json.loads(line)
            batches.setdefault(rec["batch"], []).append(rec["row"]["v"])
        self.assertEqual(list(batches.values()), [["a", "b", "c"], ["d", "e"]], out)
        self.assertEqual((p.returncode, err), (0, ""))


if __name__ == "__main__":
    SLUICE = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
