"""Sinks and background queries through the real binary: INSERT INTO file
sinks (one JSON file per micro-batch, or one appended CSV file), several
queries at once on one scheduler, a foreground SELECT while an INSERT
runs, SHOW QUERIES / SHOW PROGRESS, STOP QUERY, exiting only when the
background queries have ended, SIGTERM committing what was produced, one
reader of standard input, and the REPL keeping a background query running
at its prompt."""
import os
import signal
import time

import clitest
from clitest import Terminal, child_env

PROMPT = 'sluice> '


def stream(name, path, *extra):
    opts = ["connector = 'file'", "path = '%s'" % path, "format = 'csv'"] + list(extra)
    return 'CREATE STREAM %s (k TEXT, v INT) WITH (%s);' % (name, ', '.join(opts))


def json_sink(name, path):
    return ("CREATE SINK %s WITH (connector = 'file', path = '%s', format = 'json', "
            "per_batch = true);" % (name, path))


STDIN = "CREATE STREAM s (k TEXT, v INT) WITH (connector = 'stdin', format = 'csv');"


class Sinks(clitest.TempDirTest):

    def setUp(self):
        super().setUp()
        self.out = os.path.join(self.dir, 'out')
        os.mkdir(self.out)

    def files(self, d=None):
        """{name: content} of a directory, hidden files included."""
        d = d or self.out
        res = {}
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name)) as f:
                res[name] = f.read()
        return res

    def wait_for_files(self, n, d=None, timeout=clitest.TIMEOUT):
        deadline = time.monotonic() + timeout
        while len([f for f in os.listdir(d or self.out) if not f.startswith('.')]) < n:
            if time.monotonic() > deadline:
                raise AssertionError('timed out waiting for %d files; have %r' % (n, self.files(d)))
            time.sleep(0.05)

    def start(self, sql, *args):
        p = clitest.Running(list(args) + ['-e', sql], cwd=self.dir)
        self.addCleanup(p.kill)
        return p

    # -- writing files ---------------------------------------------------------

    def test_per_batch_json_files(self):
        self.write('in.csv', 'a,1\nb,2\nc,3\nd,4\ne,5\n')
        r = clitest.run(['-e', stream('src', 'in.csv', 'max_batch_rows = 2') + json_sink('o', 'out') +
                         'INSERT INTO o SELECT k, v * 10 AS w FROM src;'], cwd=self.dir)
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err), (0, '', ''), r)
        self.assertEqual(self.files(), {
            'batch-000000.json': '{"k":"a","w":10}\n{"k":"b","w":20}\n',
            'batch-000001.json': '{"k":"c","w":30}\n{"k":"d","w":40}\n',
            'batch-000002.json': '{"k":"e","w":50}\n',
        })

    def test_append_csv_file(self):
        self.write('in.csv', 'a,1\nb,2\nc,3\n')
        sql = (stream('src', 'in.csv', 'max_batch_rows = 2') +
               "CREATE SINK o WITH (connector = 'file', path = 'out.csv', format = 'csv');"
               'INSERT INTO o SELECT k, v FROM src WHERE v <> 2;')
        for _ in range(2):                   # a second run appends, no second header
            r = clitest.run(['-e', sql], cwd=self.dir)
            self.assertEqual((r.code, r.out, r.err), (0, '', ''), r)
        with open(os.path.join(self.dir, 'out.csv')) as f:
            self.assertEqual(f.read(), 'k,v\na,1\nc,3\na,1\nc,3\n')

    def test_a_second_process_cannot_write_the_same_file_or_directory(self):
        # Each sink's file (append) or directory (per_batch) has one writer:
        # a second sluice is refused at INSERT INTO, naming the first, and
        # the first one's output is whole (before: both appended and cut
        # each other's batches, exit 0).
        append = "CREATE SINK o WITH (connector = 'file', path = 'out.csv', format = 'csv');"
        p = self.start(STDIN + append + json_sink('d', 'out') +
                       'INSERT INTO o SELECT k, v FROM s; INSERT INTO d SELECT k FROM s;')
        p.write('a,1\n')
        self.wait_for_files(1)
        self.write('in.csv', 'b,2\n')
        for sink, what, path in (('o', 'file', 'out.csv'), ('d', 'directory', 'out')):
            r = clitest.run(['-e', stream('src', 'in.csv') + append + json_sink('d', 'out') +
                             'INSERT INTO %s SELECT k, v FROM src;' % sink], cwd=self.dir)
            self.assertClean(r)
            self.assertEqual(r.code, 1, r)
            self.assertEqual(r.out, '')
            first = r.err.splitlines()[0]
            self.assertEqual(first, 'error: cannot write sink %s to "%s": process %d (sluice) is '
                                    'writing to this %s' % (sink, path, p.proc.pid, what), r.err)
            self.assertIn('hint: one writer at a time: stop the other query, or give this sink '
                          'another path\n', r.err)
        p.write('c,3\n')
        p.close_stdin()
        r = p.finish()
        self.assertEqual((r.code, r.err), (0, ''), r)
        with open(os.path.join(self.dir, 'out.csv')) as f:
            self.assertEqual(f.read(), 'k,v\na,1\nc,3\n')

    def test_two_inserts_at_once(self):
        self.write('one.csv', 'a,1\nb,2\nc,3\n')
        self.write('two.csv', 'x,7\ny,8\n')
        os.mkdir(os.path.join(self.dir, 'out2'))
        r = clitest.run(['-e', stream('one', 'one.csv', 'max_batch_rows = 1') +
                         stream('two', 'two.csv', 'max_batch_rows = 1') +
                         json_sink('o1', 'out') + json_sink('o2', 'out2') +
                         'INSERT INTO o1 SELECT k FROM one;'
                         'INSERT INTO o2 SELECT v FROM two;'], cwd=self.dir)
        self.assertEqual((r.code, r.out, r.err), (0, '', ''), r)
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a"}\n',
                                        'batch-000001.json': '{"k":"b"}\n',
                                        'batch-000002.json': '{"k":"c"}\n'})
        self.assertEqual(self.files(os.path.join(self.dir, 'out2')),
                         {'batch-000000.json': '{"v":7}\n', 'batch-000001.json': '{"v":8}\n'})

    def test_foreground_select_while_insert_runs(self):
        # The INSERT follows a growing file (tail = true): it never ends by
        # itself. The SELECT over a bounded file runs to its end meanwhile,
        # and SIGTERM then stops the INSERT with its batches committed.
        self.write('feed.csv', 'a,1\n')
        self.write('small.csv', 'p,9\n')
        p = self.start(stream('feed', 'feed.csv', 'tail = true') + stream('small', 'small.csv') +
                       json_sink('o', 'out') + 'INSERT INTO o SELECT k, v FROM feed;'
                       'SELECT k AS fg FROM small;', '--format', 'csv')
        p.wait_for_output('fg\np\n')
        self.wait_for_files(1)
        with open(os.path.join(self.dir, 'feed.csv'), 'a') as f:
            f.write('b,2\n')
        self.wait_for_files(2)
        p.proc.send_signal(signal.SIGTERM)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err), (143, 'fg\np\n', ''), r)
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a","v":1}\n',
                                        'batch-000001.json': '{"k":"b","v":2}\n'})

    # -- the life of a background query -----------------------------------------

    def test_exit_waits_for_background_queries(self):
        # stdin stays open: sluice keeps running after the script's last
        # statement, and exits once the INSERT has read the end of input.
        p = self.start(STDIN + json_sink('o', 'out') + 'INSERT INTO o SELECT k FROM s;')
        p.write('a,1\n')
        self.wait_for_files(1)
        time.sleep(0.3)
        self.assertIsNone(p.proc.poll(), 'sluice exited while its query was running')
        p.write('b,2\n')
        self.wait_for_files(2)
        p.close_stdin()
        r = p.finish()
        self.assertEqual((r.code, r.out, r.err), (0, '', ''), r)
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a"}\n',
                                        'batch-000001.json': '{"k":"b"}\n'})

    def test_sigterm_stops_background_queries_with_output_committed(self):
        self.write('feed.csv', 'x,1\n')
        os.mkdir(os.path.join(self.dir, 'out2'))
        p = self.start(STDIN + stream('feed', 'feed.csv', 'tail = true') +
                       json_sink('o', 'out') + json_sink('o2', 'out2') +
                       'INSERT INTO o SELECT k FROM s; INSERT INTO o2 SELECT v FROM feed;')
        p.write('a,1\n')
        self.wait_for_files(1)
        self.wait_for_files(1, os.path.join(self.dir, 'out2'))
        p.write('b,2\n')
        self.wait_for_files(2)
        p.proc.send_signal(signal.SIGTERM)
        r = p.finish()
        self.assertClean(r)
        self.assertEqual((r.code, r.out, r.err), (143, '', ''), r)
        # Committed batches only: no hidden temporary file is left.
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a"}\n',
                                        'batch-000001.json': '{"k":"b"}\n'})
        self.assertEqual(self.files(os.path.join(self.dir, 'out2')),
                         {'batch-000000.json': '{"v":1}\n'})

    def test_show_queries_and_stop_query(self):
        self.write('feed.csv', 'a,1\nb,2\n')
        self.write('small.csv', 'p,9\n')
        sql = (stream('feed', 'feed.csv', 'tail = true') + stream('small', 'small.csv') +
               json_sink('o', 'out') +
               'INSERT INTO o SELECT k FROM feed;'
               'SELECT k FROM small;'                  # lets the INSERT take a step
               'SHOW QUERIES; STOP QUERY 1; SHOW QUERIES; SHOW PROGRESS; STOP QUERY 1;')
        r = clitest.run(['--format', 'csv', '-e', sql], cwd=self.dir)
        self.assertClean(r)
        lines = r.out.splitlines()
        self.assertEqual(lines[:2], ['k', 'p'])
        header = 'id,kind,sink,status,batches,input_rows,input_rows_per_s,watermark'
        self.assertEqual(lines[2], header)
        self.assertEqual(lines[3].split(',')[:4], ['1', 'insert', 'o', 'running'])
        self.assertEqual(lines[4].split(',')[:6], ['2', 'select', '', 'finished', '1', '1'])
        self.assertEqual(lines[5], header)
        row = lines[6].split(',')
        self.assertEqual(row[:6], ['1', 'insert', 'o', 'stopped', '1', '2'], r.out)
        self.assertEqual(lines[8], 'query,batch,input_rows,input_rows_per_s,processed_rows_per_s,'
                                   'duration_ms,watermark,state_rows,state_bytes,dropped_by_watermark,'
                                   'bad_records')
        self.assertEqual([l.split(',')[:3] for l in lines[9:]], [['1', '0', '2'], ['2', '0', '1']])
        # The second STOP fails: the query has ended; the exit status says so.
        self.assertEqual(r.code, 1)
        self.assertIn('error: query 1 has already ended (stopped)\n', r.err)
        self.assertIn('hint: no background query is running; INSERT INTO starts one\n', r.err)
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a"}\n{"k":"b"}\n'})

    def test_stop_unknown_query_lists_running_ones(self):
        self.write('feed.csv', '')
        r = clitest.run(['-e', stream('feed', 'feed.csv', 'tail = true') + json_sink('o', 'out') +
                         'INSERT INTO o SELECT k FROM feed; STOP QUERY 5;'], cwd=self.dir)
        self.assertEqual(r.code, 1, r)
        self.assertTrue(r.err.startswith('error: no running query has id 5\n'), r)
        self.assertTrue(r.err.endswith('hint: running queries: 1 (INSERT INTO o)\n'), r)

    def test_failed_query_reports_and_others_continue(self):
        self.write('bad.csv', 'a,1\nb,oops\n')
        self.write('good.csv', 'g,1\nh,2\n')
        os.mkdir(os.path.join(self.dir, 'out2'))
        r = clitest.run(['-e', stream('bad', 'bad.csv', "on_error = 'fail'", 'max_batch_rows = 1') +
                         stream('good', 'good.csv', 'max_batch_rows = 1') +
                         json_sink('o', 'out') + json_sink('o2', 'out2') +
                         'INSERT INTO o SELECT k, v FROM bad; INSERT INTO o2 SELECT k FROM good;'],
                        cwd=self.dir)
        self.assertClean(r)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err, 'error: query 1 (INSERT INTO o) failed: bad record in stream bad '
                                '(bad.csv), line 2: column "v": cannot read "oops" as BIGINT\n')
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a","v":1}\n'})
        self.assertEqual(self.files(os.path.join(self.dir, 'out2')),
                         {'batch-000000.json': '{"k":"g"}\n', 'batch-000001.json': '{"k":"h"}\n'})

    def test_two_queries_read_all_of_stdin(self):
        # Standard input is read once and copied to every query reading it:
        # the background INSERT and the foreground SELECT both see every line.
        r = clitest.run(['--format', 'csv', '-e', STDIN + json_sink('o', 'out') +
                         "CREATE STREAM lines (value TEXT) WITH (connector = 'stdin', format = 'text');"
                         'INSERT INTO o SELECT k FROM s;\nSELECT value FROM lines;'],
                        stdin='a,1\nb,2\n', cwd=self.dir)
        self.assertEqual((r.code, r.err), (0, ''), r)
        self.assertEqual(r.out, 'value\n"a,1"\n"b,2"\n')
        got = ''.join(self.files().values())
        self.assertEqual(got, '{"k":"a"}\n{"k":"b"}\n')

    # -- the REPL -----------------------------------------------------------------

    def test_repl_keeps_a_background_query_running(self):
        self.write('feed.csv', 'a,1\n')
        self.write('more.csv', 'm,1\n')
        t = Terminal(cwd=self.dir, env=child_env())
        self.addCleanup(t.close)
        t.expect(PROMPT)
        for ddl in (stream('feed', 'feed.csv', 'tail = true'), json_sink('o', 'out'),
                    stream('more', 'more.csv', 'tail = true'), '.format csv'):
            t.send(ddl + '\r')
            t.expect(PROMPT)
        t.send('INSERT INTO o SELECT k, v FROM feed;\r')
        self.assertEqual(t.expect(PROMPT), 'INSERT INTO o SELECT k, v FROM feed;\n'
                                           'started query 1 (INSERT INTO o)\n' + PROMPT)
        # Idle at the prompt, the query goes on reading.
        self.wait_for_files(1)
        with open(os.path.join(self.dir, 'feed.csv'), 'a') as f:
            f.write('b,2\n')
        self.wait_for_files(2)
        t.send('SHOW QUERIES;\r')
        shown = t.expect(PROMPT)
        self.assertIn('\n1,insert,o,running,2,2,', shown)
        # Ctrl-C at the prompt does not touch it, nor does Ctrl-C stopping
        # a foreground query.
        t.send('\x03')
        t.expect(PROMPT)
        t.send('SELECT k AS fg FROM more;\r')
        t.expect('fg\nm\n')
        t.send('\x03')
        t.expect(PROMPT)
        t.send('SHOW QUERIES;\r')
        shown = t.expect(PROMPT)
        self.assertIn('\n1,insert,o,running,2,2,', shown)
        self.assertIn('\n2,select,,stopped,1,1,', shown)
        t.send('STOP QUERY 1;\r')
        self.assertEqual(t.expect(PROMPT), 'STOP QUERY 1;\n'
                         'stopped query 1 (INSERT INTO o) after 2 batches, 2 input rows\n' + PROMPT)
        t.send('SHOW QUERIES;\r')
        self.assertIn('\n1,insert,o,stopped,2,2,', t.expect(PROMPT))
        t.send('STOP QUERY 1;\r')
        self.assertEqual(t.expect(PROMPT), 'STOP QUERY 1;\n'
                         'error: query 1 has already ended (stopped)\n'
                         '  at line 1, column 12:\n'
                         '    STOP QUERY 1;\n'
                         '               ^\n'
                         'hint: no background query is running; INSERT INTO starts one\n' + PROMPT)
        with open(os.path.join(self.dir, 'feed.csv'), 'a') as f:
            f.write('c,3\n')
        time.sleep(0.3)
        t.send('\x04')
        self.assertEqual(t.wait_exit(), 0, t.transcript())
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a","v":1}\n',
                                        'batch-000001.json': '{"k":"b","v":2}\n'})

    def test_repl_quit_stops_background_queries(self):
        self.write('feed.csv', 'a,1\n')
        t = Terminal(cwd=self.dir, env=child_env())
        self.addCleanup(t.close)
        t.expect(PROMPT)
        t.send(stream('feed', 'feed.csv', 'tail = true') + json_sink('o', 'out') +
               'INSERT INTO o SELECT k FROM feed;\r')
        t.expect('started query 1 (INSERT INTO o)\n' + PROMPT)
        self.wait_for_files(1)
        t.send('.quit\r')
        self.assertEqual(t.wait_exit(), 0, t.transcript())
        self.assertEqual(self.files(), {'batch-000000.json': '{"k":"a"}\n'})


if __name__ == '__main__':
    clitest.main()
