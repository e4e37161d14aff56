"""Running statements: -e and -f in command-line order, statements piped on
stdin, data piped into a 'stdin' stream in every output format, and
failing statements (exit status, error text with position and caret,
--keep-going).

Assumed engine behaviour (SPEC §1): in -e/-f mode DDL prints nothing; a
query over a bounded input prints one micro-batch per chunk it reads
(here each input arrives in one write, so batch 0 holds it all) and ends
when the input ends, with no trailing empty batch."""
import re

import clitest
from clitest import batch_header, run

STDIN_STREAM = ("CREATE STREAM s (k TEXT, v INT) "
                "WITH (connector = 'stdin', format = 'csv');")
FILE_STREAM = ("CREATE STREAM a (k TEXT, v INT) "
               "WITH (connector = 'file', path = 'a.csv', format = 'csv');")

TABLE_AB = (batch_header(0) +
            '+---+---+\n'
            '|  k|  v|\n'
            '+---+---+\n'
            '|  a|  1|\n'
            '|  b|  2|\n'
            '+---+---+\n'
            '\n')


class PipedData(clitest.TempDirTest):
    """printf 'a,1\\nb,2\\n' | sluice -e "CREATE STREAM s ...; SELECT k, v FROM s;" """

    def query(self, *fmt, data='a,1\nb,2\n'):
        r = run(list(fmt) + ['-e', STDIN_STREAM + ' SELECT k, v FROM s;'], stdin=data)
        self.assertClean(r)
        self.assertEqual((r.code, r.err), (0, ''), r)
        return r.out

    def test_table(self):
        self.assertEqual(self.query(), TABLE_AB)
        self.assertEqual(self.query('--format', 'table'), TABLE_AB)

    def test_csv(self):
        self.assertEqual(self.query('--format', 'csv'), 'k,v\na,1\nb,2\n')

    def test_json(self):
        self.assertEqual(self.query('--format=json'),
                         '{"k":"a","v":1}\n{"k":"b","v":2}\n')

    def test_changelog(self):
        self.assertEqual(self.query('--format', 'changelog'),
                         '{"batch":0,"op":"+","row":{"k":"a","v":1}}\n'
                         '{"batch":0,"op":"+","row":{"k":"b","v":2}}\n')

    def test_nulls_in_every_format(self):
        data = 'a,\n,2\n'
        self.assertEqual(self.query('--format', 'csv', data=data), 'k,v\na,\n,2\n')
        self.assertEqual(self.query('--format', 'json', data=data),
                         '{"k":"a","v":null}\n{"k":null,"v":2}\n')
        self.assertEqual(self.query(data=data),
                         batch_header(0) +
                         '+----+----+\n'
                         '|   k|   v|\n'
                         '+----+----+\n'
                         '|   a|NULL|\n'
                         '|NULL|   2|\n'
                         '+----+----+\n'
                         '\n')

    def test_quoting_round_trip(self):
        data = '"x,y",1\n"say ""hi""",2\n'
        self.assertEqual(self.query('--format', 'csv', data=data),
                         'k,v\n"x,y",1\n"say ""hi""",2\n')
        self.assertEqual(self.query('--format', 'json', data=data),
                         '{"k":"x,y","v":1}\n{"k":"say \\"hi\\"","v":2}\n')

    def test_crlf_input(self):
        self.assertEqual(self.query('--format', 'csv', data='a,1\r\nb,2\r\n'),
                         'k,v\na,1\nb,2\n')

    def test_empty_input_prints_the_csv_header_only(self):
        out = self.query('--format', 'csv', data='')
        self.assertIn(out, ('', 'k,v\n'))

    def test_progress_goes_to_stderr(self):
        r = run(['--progress', '--format', 'csv', '-e', STDIN_STREAM + ' SELECT k, v FROM s;'],
                stdin='a,1\nb,2\n')
        self.assertEqual((r.code, r.out), (0, 'k,v\na,1\nb,2\n'), r)
        self.assertNotEqual(r.err, '')


class Scripts(clitest.TempDirTest):

    def setUp(self):
        super().setUp()
        self.write('a.csv', 'x,1\ny,2\n')
        self.write('defs.sql', FILE_STREAM + '\n')

    def sluice(self, *args, stdin=None):
        r = run(['--format', 'csv'] + list(args), cwd=self.dir, stdin=stdin)
        self.assertClean(r)
        return r

    def test_several_statements_in_one_e(self):
        r = self.sluice('-e', FILE_STREAM + ' SELECT k FROM a; SELECT v FROM a;')
        self.assertEqual((r.code, r.out, r.err), (0, 'k\nx\ny\nv\n1\n2\n', ''))

    def test_e_and_f_run_in_command_line_order(self):
        self.write('k.sql', 'SELECT k FROM a;\n')
        r = self.sluice('-f', 'defs.sql', '-e', 'SELECT v FROM a;', '-f', 'k.sql',
                        '-e', 'SELECT v, k FROM a;')
        self.assertEqual((r.code, r.err), (0, ''), r)
        self.assertEqual(r.out, 'v\n1\n2\nk\nx\ny\nv,k\n1,x\n2,y\n')

    def test_order_matters(self):
        # The SELECT comes before the stream exists: it fails.
        r = self.sluice('-e', 'SELECT k FROM a;', '-f', 'defs.sql')
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertTrue(r.err.startswith('error: '), r.err)

    def test_table_format_of_a_file_query(self):
        r = run(['-f', 'defs.sql', '-e', 'SELECT k, v FROM a;'], cwd=self.dir)
        self.assertEqual((r.code, r.err), (0, ''), r)
        self.assertEqual(r.out, batch_header(0) +
                         '+---+---+\n|  k|  v|\n+---+---+\n|  x|  1|\n|  y|  2|\n+---+---+\n\n')

    def test_statements_from_stdin(self):
        r = self.sluice(stdin=FILE_STREAM + '\nSELECT k\n  FROM a;\n')
        self.assertEqual((r.code, r.out, r.err), (0, 'k\nx\ny\n', ''))

    def test_stdin_script_error_names_stdin(self):
        r = self.sluice(stdin=FILE_STREAM + '\nSELECT nope FROM a;\nSELECT k FROM a;\n')
        self.assertEqual((r.code, r.out), (1, ''))
        lines = r.err.splitlines()
        self.assertEqual(lines[1:4], ['  at <stdin>, line 2, column 8:',
                                      '    SELECT nope FROM a;',
                                      '           ^^^^'], r.err)


class DotCommands(clitest.TempDirTest):
    """Dot commands are statements of every script: -e, -f, -f -, piped
    statements and .read files (nested), with file and line in errors."""

    def setUp(self):
        super().setUp()
        self.write('a.csv', 'x,1\ny,2\n')
        self.write('defs.sql', FILE_STREAM + '\n')

    def sluice(self, *args, stdin=None):
        r = run(list(args), cwd=self.dir, stdin=stdin)
        self.assertClean(r)
        return r

    def test_format_in_a_file(self):
        self.write('q.sql', '-- csv from here on\n.format csv\nSELECT k FROM a;\n'
                   '.format json;\nSELECT v FROM a;\n')
        r = self.sluice('-f', 'defs.sql', '-f', 'q.sql')
        self.assertEqual((r.code, r.out, r.err), (0, 'k\nx\ny\n{"v":1}\n{"v":2}\n', ''))

    def test_nested_read_and_error_position(self):
        self.write('sub/inner.sql', 'SELECT k FROM a;\n\nSELECT nope FROM a;\n')
        self.write('outer.sql', '.format csv\n.read defs.sql\n.read sub/inner.sql\nSELECT v FROM a;\n')
        r = self.sluice('-f', 'outer.sql')
        self.assertEqual((r.code, r.out), (1, 'k\nx\ny\n'))
        self.assertEqual(r.err, 'error: column "nope" does not exist\n'
                         '  at sub/inner.sql, line 3, column 8:\n'
                         '    SELECT nope FROM a;\n'
                         '           ^^^^\n')

    def test_read_of_a_missing_file_in_a_script(self):
        self.write('outer.sql', 'SELECT 1 AS one;\n  .read nothere.sql\n')
        r = self.sluice('--format', 'csv', '-f', 'outer.sql')
        self.assertEqual((r.code, r.out), (1, 'one\n1\n'))
        self.assertEqual(r.err, 'error: cannot read "nothere.sql": No such file or directory\n'
                         '  at outer.sql, line 2, column 9:\n'
                         '      .read nothere.sql\n'
                         '            ^^^^^^^^^^^\n')

    def test_read_that_reads_itself(self):
        self.write('loop.sql', '.read loop.sql\n')
        r = self.sluice('-f', 'loop.sql')
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertEqual(r.err.splitlines()[:2],
                         ['error: .read is nested more than 32 deep',
                          '  at loop.sql, line 1, column 7:'])
        self.assertIn('hint: does "loop.sql" read itself?', r.err)

    def test_script_from_stdin_with_f_dash(self):
        r = self.sluice('-f', 'defs.sql', '-f', '-', stdin='.format csv\nSELECT k FROM a;\nSELECT nope;\n')
        self.assertEqual((r.code, r.out), (1, 'k\nx\ny\n'))
        self.assertIn('  at <stdin>, line 3, column 8:\n', r.err)

    def test_dot_commands_in_e_and_piped_statements(self):
        r = self.sluice('-e', '.format csv\nSELECT 1 AS one;')
        self.assertEqual((r.code, r.out, r.err), (0, 'one\n1\n', ''))
        r = self.sluice(stdin='.format json\nSELECT 1 AS one;\n')
        self.assertEqual((r.code, r.out, r.err), (0, '{"one":1}\n', ''))

    def test_output_and_once(self):
        self.write('q.sql', '.format csv\n.output all.csv\nSELECT k FROM a;\nSELECT v FROM a;\n'
                   '.output\nSELECT 1 AS shown;\n.once one.csv\nSELECT 2 AS once;\nSELECT 3 AS back;\n')
        r = self.sluice('-f', 'defs.sql', '-f', 'q.sql')
        self.assertEqual((r.code, r.out, r.err), (0, 'shown\n1\nback\n3\n', ''))
        self.assertEqual(self.read('all.csv'), 'k\nx\ny\nv\n1\n2\n')
        self.assertEqual(self.read('one.csv'), 'once\n2\n')

    def test_echo_headers_nullvalue(self):
        r = self.sluice('-e', ".echo on\n.headers off\n.nullvalue -\nSELECT CAST(NULL AS TEXT) AS n, 1 AS one;")
        self.assertEqual((r.code, r.err), (0, ''), r)
        self.assertEqual(r.out, '.headers off\n.nullvalue -\nSELECT CAST(NULL AS TEXT) AS n, 1 AS one;\n'
                         '+---+---+\n|  -|  1|\n+---+---+\n\n')

    def test_timer_prints_time_and_rows_on_stderr(self):
        r = self.sluice('--format', 'csv', '-f', 'defs.sql', '-e', '.timer on\nSELECT k FROM a;')
        self.assertEqual((r.code, r.out), (0, 'k\nx\ny\n'))
        self.assertRegex(r.err, r'^Time: [0-9]+\.[0-9]{3} ms, 2 rows\n$')

    def test_quit_ends_the_script(self):
        r = self.sluice('--format', 'csv', '-e', 'SELECT 1 AS one;\n.quit\nSELECT 2 AS two;', '-e', 'SELECT 3 AS x;')
        self.assertEqual((r.code, r.out, r.err), (0, 'one\n1\n', ''))

    def test_bad_arguments(self):
        r = self.sluice('-e', '.maxwidth 2')
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertEqual(r.err, 'error: max_width takes a number of characters, 4 or more '
                         '(0 for no limit), not "2"\n'
                         '  at line 1, column 11:\n'
                         '    .maxwidth 2\n'
                         '              ^\n')
        r = self.sluice('-e', '.once')
        self.assertEqual(r.err, 'error: .once needs an argument\n'
                         '  at line 1, column 1:\n'
                         '    .once\n'
                         '    ^^^^^\n'
                         'hint: usage: .once FILE\n')

    def test_show_create_reads_back(self):
        # SHOW CREATE into a file (.once), DROP, .read it: the same stream.
        ddl = ("CREATE STREAM w (ts TIMESTAMP, k TEXT, WATERMARK FOR ts AS ts - INTERVAL '90' SECOND) "
               "WITH (connector = 'file', path = 'a.csv', format = 'csv', tail = false);")
        r = self.sluice('-e', ddl + '\n.once w.sql\nSHOW CREATE STREAM w;\nDROP STREAM w;\n'
                        '.read w.sql\nSHOW CREATE STREAM w;')
        self.assertEqual((r.code, r.err), (0, ''), r)
        self.assertEqual(r.out, self.read('w.sql'))
        self.assertEqual(r.out, "CREATE STREAM w (\n  ts TIMESTAMP,\n  k TEXT,\n"
                         "  WATERMARK FOR ts AS ts - INTERVAL '1 minute 30 seconds'\n)\n"
                         "  WITH (connector = 'file', path = 'a.csv', format = 'csv', tail = 'false');\n")


class Failures(clitest.TempDirTest):
    """A failing statement: exit 1, the error with its position and a caret
    on stderr, and nothing after it runs unless --keep-going."""

    def setUp(self):
        super().setUp()
        self.write('a.csv', 'x,1\ny,2\n')
        self.write('defs.sql', FILE_STREAM + '\n')
        self.write('bad.sql', 'SELECT k FROM a;\nSELECT nope\n  FROM a;\nSELECT v FROM a;\n')

    def sluice(self, *args):
        r = run(['--format', 'csv', '-f', 'defs.sql'] + list(args), cwd=self.dir)
        self.assertClean(r)
        return r

    def assertError(self, err, where, source, caret):
        lines = err.splitlines()
        self.assertTrue(lines and lines[0].startswith('error: '), err)
        self.assertIn('nope', lines[0])
        self.assertEqual(lines[1:4], [where, source, caret], err)

    def test_error_in_e(self):
        r = self.sluice('-e', 'SELECT nope FROM a; SELECT k FROM a;')
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertError(r.err, '  at line 1, column 8:', '    SELECT nope FROM a; SELECT k FROM a;',
                         '           ^^^^')

    def test_error_in_file_stops_the_file(self):
        r = self.sluice('-f', 'bad.sql')
        self.assertEqual((r.code, r.out), (1, 'k\nx\ny\n'))
        self.assertError(r.err, '  at bad.sql, line 2, column 8:', '    SELECT nope',
                         '           ^^^^')

    def test_error_stops_later_arguments(self):
        r = self.sluice('-e', 'SELECT nope FROM a;', '-e', 'SELECT k FROM a;')
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertError(r.err, '  at line 1, column 8:', '    SELECT nope FROM a;',
                         '           ^^^^')

    def test_keep_going_runs_the_rest_and_still_fails(self):
        # SPEC §9: every statement runs, the exit status still says one failed.
        r = self.sluice('--keep-going', '-f', 'bad.sql', '-e', 'SELECT k FROM a;')
        self.assertEqual(r.code, 1)
        self.assertEqual(r.out, 'k\nx\ny\nv\n1\n2\nk\nx\ny\n')
        self.assertError(r.err, '  at bad.sql, line 2, column 8:', '    SELECT nope',
                         '           ^^^^')

    def test_keep_going_within_one_e(self):
        r = self.sluice('--keep-going', '-e', 'SELECT nope FROM a; SELECT k FROM a;')
        self.assertEqual((r.code, r.out), (1, 'k\nx\ny\n'))

    def test_keep_going_after_missing_file(self):
        r = self.sluice('--keep-going', '-f', 'missing.sql', '-e', 'SELECT k FROM a;')
        self.assertEqual((r.code, r.out), (1, 'k\nx\ny\n'))
        self.assertEqual(r.err, 'sluice: cannot read "missing.sql": No such file or directory\n')


class DefaultBatchCap(clitest.TempDirTest):
    """Without max_batch_rows a micro-batch takes at most 100 000 records
    from an input (besides the 100 ms and idle-gap limits), so 250 000
    piped rows make at least three batches, none over the cap, and none
    of the rows is lost."""

    def test_piped_rows_in_batches_of_at_most_100000(self):
        data = ''.join(f'k{i % 50},{i}\n' for i in range(250000))
        r = run(['--format', 'csv', '--progress', '-e',
                 STDIN_STREAM + ' SELECT count(*) AS n, sum(v) AS total FROM s;'], stdin=data)
        self.assertClean(r)
        self.assertEqual(r.code, 0, r)
        rows = [int(m) for m in re.findall(r'batch \d+: (\d+) input rows', r.err)]
        self.assertGreaterEqual(len(rows), 3, r.err)
        self.assertLessEqual(max(rows), 100000, r.err)
        self.assertEqual(sum(rows), 250000, r.err)
        self.assertEqual(r.out.splitlines()[-1], f'250000,{sum(range(250000))}')


class NexmarkLockstep(clitest.TempDirTest):
    """The auction and bid streams of one nexmark generator advance together
    (max_batch_rows counts generator events), so a join of auctions with
    bids keeps only about one micro-batch of rows: with row limits of
    10000 each, the auction stream ran 15 times ahead of the bids in
    event time and its rows waited in state (peak 38813 rows)."""

    SQL = """
CREATE STREAM auction (id BIGINT, dateTime TIMESTAMP, expires TIMESTAMP,
                       WATERMARK FOR dateTime AS dateTime)
  WITH (connector = 'nexmark', table = 'auction', events = 500000, max_batch_rows = 10000);
CREATE STREAM bid (auction BIGINT, dateTime TIMESTAMP, WATERMARK FOR dateTime AS dateTime)
  WITH (connector = 'nexmark', table = 'bid', events = 500000, max_batch_rows = 10000);
SELECT window.start AS w, count(*) AS n
FROM auction AS A JOIN bid AS B
  ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
GROUP BY window(B.dateTime, INTERVAL '10' SECOND);
"""

    def test_join_state_stays_near_one_batch(self):
        r = run(['--format', 'csv', '--progress', '-e', self.SQL])
        self.assertClean(r)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out, 'w,n\n'
                                '2015-07-15 00:00:00,66399\n'
                                '2015-07-15 00:00:10,65463\n'
                                '2015-07-15 00:00:20,66645\n'
                                '2015-07-15 00:00:30,67778\n'
                                '2015-07-15 00:00:40,64817\n')
        states = [int(m) for m in re.findall(r'state (\d+) rows', r.err)]
        self.assertGreater(len(states), 50)          # 50 batches of 10000 events
        # a batch holds 9200 bids and 600 auctions; the state keeps those
        # the watermark (the previous batch's end) has not yet passed
        self.assertLess(max(states), 15000, r.err)


if __name__ == '__main__':
    clitest.main()
