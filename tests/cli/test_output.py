"""Write errors on the output: results sent to a full disk (/dev/full) or to
a pipe whose reader went away. Every failed write ends the query with a
message naming the output and the error and a non-zero exit status; with
SIGPIPE at its default a closed pipe ends sluice quietly, as it does `cat`
or `grep` (`sluice ... | head -1`)."""
import os
import signal
import subprocess
import time

import clitest
from clitest import child_env

TABLE = ("CREATE TABLE t (k TEXT, v INT) WITH (connector = 'file', path = '%s', "
         "format = 'csv');")
RATE = ("CREATE STREAM r (ts TIMESTAMP, value BIGINT) WITH (connector = 'rate', "
        "rows_per_second = 1000);")
FULL = 'No space left on device'


def ignore_sigpipe():
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


class DevFull(clitest.TempDirTest):
    """stdout on /dev/full: every write fails with ENOSPC."""

    def run_full(self, args):
        with open('/dev/full', 'w') as full:
            p = subprocess.run([clitest.SLUICE] + args, stdin=subprocess.DEVNULL, stdout=full,
                               stderr=subprocess.PIPE, env=child_env(),
                               timeout=clitest.TIMEOUT, check=False)
        return p.returncode, p.stderr.decode('utf-8', 'replace')

    def table(self):
        return TABLE % self.write('t.csv', 'a,1\nb,2\n')

    def test_select_each_format(self):
        for fmt in ('table', 'csv', 'json', 'changelog'):
            with self.subTest(fmt=fmt):
                code, err = self.run_full(['--format', fmt, '-e', self.table() + ' SELECT k, v FROM t;'])
                self.assertEqual((code, err), (1, 'error: cannot write results to standard output: '
                                                  + FULL + '\n'))

    def test_keep_going_stops_too(self):
        # Nothing after the failed write runs (the failing SELECT below
        # would report its own error), and the status stays 1.
        code, err = self.run_full(['--keep-going', '-e', self.table() + ' SELECT k FROM t;',
                                   '-e', 'SELECT nope FROM t;'])
        self.assertEqual((code, err), (1, 'error: cannot write results to standard output: '
                                          + FULL + '\n'))

    def test_statements_that_print(self):
        for sql in ('HELP;', 'EXPLAIN SELECT 1 AS x;', 'SHOW STREAMS;'):
            with self.subTest(sql=sql):
                code, err = self.run_full(['-e', sql])
                self.assertEqual((code, err), (1, 'error: cannot write to standard output: '
                                                  + FULL + '\n'))

    def test_help_and_version(self):
        for arg in ('--help', '--version'):
            with self.subTest(arg=arg):
                self.assertEqual(self.run_full([arg]),
                                 (1, 'sluice: cannot write to standard output: ' + FULL + '\n'))

    def test_stderr_full_with_progress(self):
        # The progress lines cannot be written: the query ends, exit 1 (the
        # message itself cannot be shown anywhere).
        with open('/dev/full', 'w') as full:
            p = subprocess.run([clitest.SLUICE, '--progress', '--format', 'csv', '-e',
                                self.table() + ' SELECT k FROM t;'],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=full,
                               env=child_env(), timeout=clitest.TIMEOUT, check=False)
        self.assertEqual((p.returncode, p.stdout), (1, b'k\na\nb\n'))


class ClosedPipe(clitest.TempDirTest):
    """The reader of sluice's stdout closes it while a never-ending query
    prints (a rate source)."""

    def start(self, preexec=None):
        p = subprocess.Popen([clitest.SLUICE, '--format', 'csv', '-e', RATE + ' SELECT value FROM r;'],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=child_env(), preexec_fn=preexec)
        self.addCleanup(lambda: p.poll() is None and (p.kill(), p.wait()))
        self.assertEqual(p.stdout.readline(), b'value\n')
        p.stdout.close()                   # like `head -1` exiting
        return p

    def finish(self, p):
        try:
            p.wait(timeout=clitest.TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail('sluice kept running after its reader closed the pipe')
        err = p.stderr.read().decode('utf-8', 'replace')
        p.stderr.close()
        return p.returncode, err

    def test_sigpipe_default_ends_quietly(self):
        self.assertEqual(self.finish(self.start()), (-signal.SIGPIPE, ''))

    def test_sigpipe_ignored_is_an_error(self):
        # As under a supervisor that ignores SIGPIPE: the write fails with
        # EPIPE, which ends the query instead of going unnoticed forever.
        self.assertEqual(self.finish(self.start(ignore_sigpipe)),
                         (1, 'error: cannot write results to standard output: Broken pipe\n'))


if __name__ == '__main__':
    clitest.main()
