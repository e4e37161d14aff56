"""SIGINT and SIGTERM stop a query that would run forever (its stdin is a
pipe kept open): every row produced so far is printed, later statements
do not run, and the exit status is 130 or 143."""
import os
import select
import signal
import socket
import time

import clitest
from clitest import batch_header

STREAM = ("CREATE STREAM s (k TEXT, v INT) "
          "WITH (connector = 'stdin', format = 'csv');")
AFTER = "SELECT 'not reached' AS never;"


class Signals(clitest.TempDirTest):

    def start(self, *fmt):
        p = clitest.Running(list(fmt) + ['-e', STREAM + ' SELECT k, v FROM s;', '-e', AFTER])
        self.addCleanup(p.kill)
        return p

    def feed_two_batches(self, p, first, second):
        p.write('a,1\n')
        p.wait_for_output(first)
        p.write('b,2\n')
        p.wait_for_output(second)

    def test_sigint_csv(self):
        p = self.start('--format', 'csv')
        self.feed_two_batches(p, 'a,1\n', 'b,2\n')
        p.proc.send_signal(signal.SIGINT)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out), (130, 'k,v\na,1\nb,2\n'), r)

    def test_sigterm_table(self):
        p = self.start()
        first = (batch_header(0) + '+---+---+\n|  k|  v|\n+---+---+\n|  a|  1|\n+---+---+\n\n')
        second = (batch_header(1) + '+---+---+\n|  k|  v|\n+---+---+\n|  b|  2|\n+---+---+\n\n')
        self.feed_two_batches(p, first, first + second)
        p.proc.send_signal(signal.SIGTERM)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out), (143, first + second), r)

    def test_sigint_changelog(self):
        p = self.start('--format', 'changelog')
        self.feed_two_batches(p, '"v":1}}\n', '"v":2}}\n')
        p.proc.send_signal(signal.SIGINT)
        r = p.finish()
        self.assertEqual((r.code, r.out), (130,
                         '{"batch":0,"op":"+","row":{"k":"a","v":1}}\n'
                         '{"batch":1,"op":"+","row":{"k":"b","v":2}}\n'), r)

    def test_sigint_before_any_row(self):
        p = self.start('--format', 'json')
        # Give sluice a moment to start the query, then stop it.
        time.sleep(0.5)
        p.proc.send_signal(signal.SIGINT)
        r = p.finish()
        self.assertEqual((r.code, r.out), (130, ''), r)

    def test_statements_on_stdin_interrupted(self):
        # No -e/-f: stdin is the script; a signal while it is still being
        # read stops sluice before anything runs.
        p = clitest.Running(['--format', 'csv'])
        self.addCleanup(p.kill)
        p.write("SELECT 'never' AS x;\n")
        time.sleep(0.5)
        p.proc.send_signal(signal.SIGTERM)
        r = p.finish()
        self.assertEqual((r.code, r.out), (143, ''), r)

    def test_sigint_while_skipping_an_endless_record(self):
        # /dev/zero is one endless line: past max_record_bytes it is one bad
        # record, reported once, whose bytes are dropped as they come (the
        # memory stays flat); the reader still returns to the executor, so
        # SIGINT stops the query.
        p = clitest.Running(['-e', "CREATE STREAM z (v TEXT) WITH (connector = 'file', "
                             "path = '/dev/zero', format = 'text', max_record_bytes = '64KiB');"
                             " SELECT v FROM z;", '-e', AFTER])
        self.addCleanup(p.kill)
        want = (b'warning: bad record in stream z (/dev/zero), line 1: record longer than '
                b'max_record_bytes (64 KiB) (skipped)\n')
        err = b''
        fd = p.proc.stderr.fileno()
        os.set_blocking(fd, False)
        deadline = time.monotonic() + clitest.TIMEOUT
        while want not in err and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                err += os.read(fd, 65536)
        self.assertEqual(err, want)
        time.sleep(0.3)                     # reading goes on, nothing more reported
        p.proc.send_signal(signal.SIGINT)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err), (130, '', ''), r)


def has_socket(pid):
    fds = '/proc/%d/fd' % pid
    for f in os.listdir(fds):
        try:
            if os.readlink(os.path.join(fds, f)).startswith('socket:'):
                return True
        except OSError:                    # closed meanwhile
            pass
    return False


class LongWork(clitest.TempDirTest):
    """A first signal lets the micro-batch in progress finish; a second one
    stops it at once, and nothing of that batch is printed. A one-shot
    query (tables only) stopped before its input ended prints nothing:
    its result would be incomplete. A connect that nobody answers gives
    way to the signal."""

    def test_second_signal_stops_a_long_batch(self):
        # Each stream row with k = 1 matches 300 000 table rows: 700 of them
        # make one batch of 210 million join rows, far longer than the
        # test's timeout. The batch of k = 2 before it is printed.
        path = self.write('t.csv', '1,0\n' * 300000 + '2,0\n')
        p = clitest.Running(['--format', 'csv', '-e',
                             "CREATE TABLE t (k INT, n INT) WITH (connector = 'file', path = '%s', "
                             "format = 'csv'); " % path + STREAM.replace('k TEXT', 'k INT')
                             + " SELECT s.k, count(*) AS c FROM s JOIN t ON s.k = t.k "
                             "GROUP BY s.k EMIT UPDATE;"])
        self.addCleanup(p.kill)
        p.write('2,0\n')
        p.wait_for_output('k,c\n2,1\n')
        p.write('1,0\n' * 700)
        time.sleep(2)                       # the long batch runs
        p.proc.send_signal(signal.SIGTERM)  # waits for the batch to end...
        time.sleep(0.5)
        p.proc.send_signal(signal.SIGTERM)  # ...but not this one
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err), (143, 'k,c\n2,1\n', ''), r)

    def test_second_signal_stops_inside_regex_work(self):
        # Each row's four matches give up after 1 000 000 backtracking
        # steps (about 2 ms each): a chunk of 2048 rows takes some 15 s.
        # The second signal stops between rows, not after the chunk.
        pats = ["'^(a|a?)+$', 0", "'^(a|a?)+$', 1", "'^(a?|a)+$', 0", "'^(a?|a)+$', 1"]
        cols = ', '.join('regexp_extract(value, %s) AS r%d' % (p, i) for i, p in enumerate(pats))
        p = clitest.Running(['--format', 'csv', '-e',
                             "CREATE STREAM s (value TEXT) WITH (connector = 'stdin', format = 'text'); "
                             "SELECT " + cols + " FROM s;"])
        self.addCleanup(p.kill)
        p.write(('a' * 40 + 'b\n') * 2048)
        time.sleep(1.5)                     # the chunk is being evaluated
        p.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        stopped = time.monotonic()
        p.proc.send_signal(signal.SIGTERM)
        p.proc.wait(timeout=clitest.TIMEOUT)
        self.assertLess(time.monotonic() - stopped, 5.0)
        r = p.finish()
        self.assertEqual((r.code, r.out), (143, ''), r)

    def test_one_shot_query_prints_no_partial_result(self):
        # A TABLE on a pipe kept open: the count of the rows read so far
        # is not the answer, and used to be printed as if it were.
        p = clitest.Running(['--format', 'csv', '-e',
                             "CREATE TABLE t (k TEXT, v INT) WITH (connector = 'stdin', "
                             "format = 'csv'); SELECT count(*) AS n FROM t;", '-e', AFTER])
        self.addCleanup(p.kill)
        p.write('a,1\nb,2\n')
        time.sleep(0.5)
        p.proc.send_signal(signal.SIGINT)
        # Wait with the pipe still open: finish() closes it, and a table
        # read to its end is a complete result, rightly printed.
        p.proc.wait(timeout=clitest.TIMEOUT)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err), (130, '', ''), r)

    def test_connect_without_answer(self):
        # A listening socket whose accept queue is full: the kernel drops
        # the SYN, so sluice's connect waits (up to 5 s per address).
        srv = socket.socket()
        self.addCleanup(srv.close)
        srv.bind(('127.0.0.1', 0))
        srv.listen(0)
        port = srv.getsockname()[1]
        for _ in range(3):
            c = socket.socket()
            self.addCleanup(c.close)
            c.setblocking(False)
            try:
                c.connect(('127.0.0.1', port))
            except BlockingIOError:
                pass
        p = clitest.Running(['-e', "CREATE STREAM s (line TEXT) WITH (connector = 'socket', "
                             "host = '127.0.0.1', port = %d, format = 'text'); "
                             "SELECT line FROM s;" % port, '-e', AFTER])
        self.addCleanup(p.kill)
        # Signal once sluice has its socket (it has no other), i.e. while it
        # connects, however slow the machine.
        deadline = time.monotonic() + clitest.TIMEOUT
        while not has_socket(p.proc.pid):
            self.assertLess(time.monotonic(), deadline, 'sluice never opened its socket')
            time.sleep(0.05)
        time.sleep(0.3)
        p.proc.send_signal(signal.SIGTERM)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err),
                         (143, '', 'error: interrupted while connecting to 127.0.0.1:%d '
                                   'for stream s\n' % port), r)


if __name__ == '__main__':
    clitest.main()
