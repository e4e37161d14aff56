"""SIGINT and SIGTERM stop a query that would run forever (its stdin is a
pipe kept open): every row produced so far is printed, later statements
do not run, and the exit status is 130 or 143."""
import os
import select
import signal
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


if __name__ == '__main__':
    clitest.main()
