"""The interactive REPL, driven through a pseudo-terminal exactly as a user
types: banner, prompts, multi-line statements, Ctrl-C at the prompt and
during a query, history across sessions, tab completion, meta commands,
Ctrl-D, background output while a line is being typed. TERM=dumb keeps readline's screen output free of escape codes.

Assumed engine behaviour: what CREATE STREAM prints in the REPL is not
checked (the tests wait for the next prompt); a query stopped by Ctrl-C
prints nothing more after its last batch."""
import os
import re
import signal

import clitest
from clitest import Terminal, batch_header, child_env

BANNER = 'sluice 0.1.0 \u2014 type HELP; for help, .quit to exit\n'
PROMPT = 'sluice> '
CONT = '   ...> '

CLICKS = ("CREATE STREAM clicks (ad_id BIGINT, page TEXT) "
          "WITH (connector = 'file', path = 'clicks.csv', format = 'csv');")
FEED = ("CREATE STREAM feed (value TEXT) "
        "WITH (connector = 'file', path = 'feed.txt', format = 'text', tail = true);")

LIVE = ("CREATE STREAM live (n BIGINT) "
        "WITH (connector = 'file', path = 'live.csv', format = 'csv', tail = true);")
STDOUT_SINK = "CREATE SINK out WITH (connector = 'stdout', format = 'json');"

CLICKS_TABLE = (batch_header(0) +
                '+-----+----+\n'
                '|ad_id|page|\n'
                '+-----+----+\n'
                '|    1|   a|\n'
                '|    2|   b|\n'
                '+-----+----+\n'
                '\n')
PAGE_TABLE = (batch_header(0) +
              '+----+\n'
              '|page|\n'
              '+----+\n'
              '|   a|\n'
              '|   b|\n'
              '+----+\n'
              '\n')


def screen(text):
    """What a dumb terminal shows after text: the lines (without trailing
    blanks) and the cursor's column. CR goes to column 0, BS one column
    left, LF to the next line; other characters overwrite."""
    lines, row, col = [[]], 0, 0
    for ch in text:
        if ch == '\n':
            row, col = row + 1, 0
            if row == len(lines):
                lines.append([])
        elif ch == '\r':
            col = 0
        elif ch == '\b':
            col = max(col - 1, 0)
        else:
            line = lines[row]
            line.extend(' ' * (col + 1 - len(line)))
            line[col] = ch
            col += 1
    return [''.join(line).rstrip() for line in lines], col


class Repl(clitest.TempDirTest):

    def setUp(self):
        super().setUp()
        self.write('clicks.csv', '1,a\n2,b\n')
        self.write('feed.txt', 'one\ntwo\n')
        self.hist = os.path.join(self.dir, 'history')

    def open(self, **env):
        env.setdefault('SLUICE_HISTORY', self.hist)
        t = Terminal(cwd=self.dir, env=child_env(**env))
        self.addCleanup(t.close)
        self.assertEqual(t.expect(PROMPT), BANNER + PROMPT)
        return t

    def run_line(self, t, line):
        """Type a line; returns what appeared up to the next prompt."""
        t.send(line + '\r')
        return t.expect(PROMPT)

    def define(self, t, ddl=CLICKS):
        shown = self.run_line(t, ddl)
        self.assertTrue(shown.startswith(ddl + '\n'), shown)
        self.assertNotIn('error', shown)

    def quit(self, t, keys='\x04'):
        t.send(keys)
        self.assertEqual(t.wait_exit(), 0, t.transcript())

    def test_banner_and_ctrl_d(self):
        t = self.open()
        self.quit(t)
        self.assertEqual(t.transcript(), BANNER + PROMPT + '\n')

    def test_quit_and_exit(self):
        for cmd in ('.quit', '.exit'):
            t = self.open()
            self.quit(t, cmd + '\r')
            self.assertEqual(t.transcript(), BANNER + PROMPT + cmd + '\n')

    def test_query(self):
        t = self.open()
        self.define(t)
        self.assertEqual(self.run_line(t, 'SELECT ad_id, page FROM clicks;'),
                         'SELECT ad_id, page FROM clicks;\n' + CLICKS_TABLE + PROMPT)
        self.quit(t)

    def test_out_of_memory_ends_the_query_not_the_session(self):
        # An unbounded GROUP BY passes memory_limit: that query fails with
        # the error, the prompt comes back and the next query runs.
        t = self.open()
        self.run_line(t, "SET memory_limit = '4MiB';")
        self.run_line(t, "SET format = 'csv';")
        self.define(t, "CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, "
                       "dateTime TIMESTAMP) WITH (connector = 'nexmark', table = 'bid', "
                       "max_batch_rows = 2000);")
        shown = self.run_line(t, 'SELECT auction, bidder, price, dateTime, count(*) AS n FROM bid '
                                 'GROUP BY auction, bidder, price, dateTime HAVING count(*) > 1000 '
                                 'EMIT UPDATE;')
        self.assertIn('\nerror: out of memory: query 1 holds 3.3 MiB; it grew by up to 1.0 MiB at a time, '
                      'and its next growth would pass memory_limit (4 MiB)\n', shown)
        self.assertTrue(shown.endswith('(or --memory-limit)\n' + PROMPT), shown)
        self.assertEqual(self.run_line(t, "SELECT 'still here' AS x;"),
                         "SELECT 'still here' AS x;\nx\nstill here\n" + PROMPT)
        self.quit(t)

    def test_multi_line_statement(self):
        t = self.open()
        self.define(t)
        t.send('SELECT ad_id,\r')
        self.assertEqual(t.expect(CONT), 'SELECT ad_id,\n' + CONT)
        t.send('       page\r')
        self.assertEqual(t.expect(CONT), '       page\n' + CONT)
        self.assertEqual(self.run_line(t, 'FROM clicks;'),
                         'FROM clicks;\n' + CLICKS_TABLE + PROMPT)
        self.quit(t)

    def test_ctrl_c_at_the_prompt(self):
        t = self.open()
        self.define(t)
        t.send('SELECT nothing')
        t.send('\x03')
        self.assertEqual(t.expect(PROMPT), 'SELECT nothing^C\n' + PROMPT)
        # An unfinished multi-line statement is dropped as a whole.
        t.send('SELECT ad_id\r')
        t.expect(CONT)
        t.send('FROM cl\x03')
        self.assertEqual(t.expect(PROMPT), 'FROM cl^C\n' + PROMPT)
        self.assertEqual(self.run_line(t, 'SELECT page FROM clicks;'),
                         'SELECT page FROM clicks;\n' + PAGE_TABLE + PROMPT)
        # Ctrl-C on an empty line only shows a fresh prompt.
        t.send('\x03')
        self.assertEqual(t.expect(PROMPT), '^C\n' + PROMPT)
        self.quit(t)

    def test_ctrl_c_stops_a_running_query(self):
        t = self.open()
        self.define(t, FEED)
        first = (batch_header(0) + '+-----+\n|value|\n+-----+\n|  one|\n|  two|\n+-----+\n\n')
        t.send('SELECT value FROM feed;\r')
        self.assertEqual(t.expect(first), 'SELECT value FROM feed;\n' + first)
        t.send('\x03')
        self.assertEqual(t.expect(PROMPT), '^C\n' + PROMPT)
        # The REPL goes on, and the next query is not interrupted.
        self.define(t)
        self.assertEqual(self.run_line(t, 'SELECT page FROM clicks;'),
                         'SELECT page FROM clicks;\n' + PAGE_TABLE + PROMPT)
        self.quit(t)

    def test_i_runs_scripts_then_the_repl(self):
        self.write('feed.sql', FEED + '\n')
        t = Terminal(['-f', 'feed.sql', '-i'], cwd=self.dir, env=child_env())
        self.addCleanup(t.close)
        self.assertEqual(t.expect(PROMPT), BANNER + PROMPT)
        first = (batch_header(0) + '+-----+\n|value|\n+-----+\n|  one|\n|  two|\n+-----+\n\n')
        for _ in range(2):      # Ctrl-C stops each query, not every later one
            t.send('SELECT value FROM feed;\r')
            self.assertEqual(t.expect(first), 'SELECT value FROM feed;\n' + first)
            t.send('\x03')
            self.assertEqual(t.expect(PROMPT), '^C\n' + PROMPT)
        self.quit(t)

    def test_error_does_not_end_the_session(self):
        t = self.open()
        self.define(t)
        shown = self.run_line(t, 'SELECT nope FROM clicks;')
        self.assertIn('error: ', shown)
        self.assertIn('    SELECT nope FROM clicks;\n           ^^^^\n', shown)
        self.assertEqual(self.run_line(t, 'SELECT page FROM clicks;'),
                         'SELECT page FROM clicks;\n' + PAGE_TABLE + PROMPT)
        self.quit(t)

    def read_history(self):
        """The entries of the history file (timestamp lines start them)."""
        entries = []
        with open(self.hist) as f:
            for line in f.read().splitlines():
                if re.fullmatch(r'#\d+', line):
                    entries.append(None)
                elif entries and entries[-1] is not None:
                    entries[-1] += '\n' + line
                else:
                    if entries:
                        entries.pop()
                    entries.append(line)
        return entries

    def test_history_is_saved_and_recalled(self):
        t = self.open()
        self.define(t)
        self.run_line(t, 'SELECT page FROM clicks;')
        t.send('SELECT ad_id\r')
        t.expect(CONT)
        self.run_line(t, 'FROM clicks;')
        self.run_line(t, 'SELECT page FROM clicks;')       # a repeat: kept once
        self.quit(t, '.quit\r')
        self.assertEqual(self.read_history(),
                         [CLICKS, 'SELECT page FROM clicks;', 'SELECT ad_id\nFROM clicks;',
                          'SELECT page FROM clicks;', '.quit'])

        # A second session recalls the last entry with the up arrow.
        t = self.open()
        t.send('\x1b[A')
        self.assertEqual(t.expect('.quit'), '.quit')
        t.send('\r')
        self.assertEqual(t.wait_exit(), 0)
        self.assertEqual(t.transcript(), BANNER + PROMPT + '.quit\n')

    def test_history_file_is_created_by_default_in_home(self):
        home = os.path.join(self.dir, 'home')
        os.mkdir(home)
        env = child_env(HOME=home)
        del env['SLUICE_HISTORY']
        t = Terminal(cwd=self.dir, env=env)
        self.addCleanup(t.close)
        t.expect(PROMPT)
        self.assertTrue(os.path.exists(os.path.join(home, '.sluice_history')))
        self.quit(t, '.quit\r')
        with open(os.path.join(home, '.sluice_history')) as f:
            self.assertIn('.quit\n', f.read())

    def test_no_history_when_unwritable_or_no_home(self):
        envs = [child_env(SLUICE_HISTORY=os.path.join(self.dir, 'no', 'such', 'dir')),
                child_env(SLUICE_HISTORY='', HOME=self.dir)]
        env = child_env()
        del env['SLUICE_HISTORY']
        env.pop('HOME', None)
        envs.append(env)
        for env in envs:
            t = Terminal(cwd=self.dir, env=env)
            self.addCleanup(t.close)
            self.assertEqual(t.expect(PROMPT), BANNER + PROMPT)
            self.define(t)
            self.quit(t)
            self.assertNotIn('history', t.transcript())
        self.assertFalse(os.path.exists(os.path.join(self.dir, '.sluice_history')))

    def test_tab_completes_keywords(self):
        t = self.open()
        t.send('SEL\t')
        self.assertEqual(t.expect('SELECT '), 'SELECT ')
        t.send('\x03')
        t.expect(PROMPT)
        t.send('sel\t')
        self.assertEqual(t.expect('select '), 'select ')
        self.quit(t, '\x03\x04')

    def test_tab_completes_names(self):
        t = self.open()
        self.define(t)
        t.send('SELECT pa\t')
        self.assertEqual(t.expect('SELECT page '), 'SELECT page ')
        t.send('FROM cli\t')
        self.assertEqual(t.expect('FROM clicks '), 'FROM clicks ')
        self.assertEqual(self.run_line(t, ';'), ';\n' + PAGE_TABLE + PROMPT)
        self.quit(t)

    def test_tab_completion_knows_where_it_is(self):
        self.write('sub-dir/inner-file.sql', 'SELECT 1 AS one;\n')
        self.write('data/clicks-2.csv', '')
        t = self.open()
        self.define(t)
        # A path in a subfolder, with '-' in its names, after .read.
        t.send('.read sub-d\t')
        self.assertEqual(t.expect('sub-dir/'), '.read sub-dir/')
        t.send('inn\t')
        self.assertEqual(t.expect('inner-file.sql '), 'inner-file.sql ')
        t.send('\x03')
        t.expect(PROMPT)
        # Settings after SET.
        t.send('SET max_r\t')
        self.assertEqual(t.expect('max_rows '), 'SET max_rows ')
        t.send('\x03')
        t.expect(PROMPT)
        # After FROM, streams and tables, not columns ("page" starts with p too).
        self.define(t, "CREATE STREAM pages (n BIGINT) WITH (connector = 'file', path = 'x.csv', format = 'csv');")
        t.send('SELECT 1 FROM p\t')
        self.assertEqual(t.expect('FROM pages '), 'SELECT 1 FROM pages ')
        t.send('\x03')
        t.expect(PROMPT)
        # Inside path = '...', file names; inside other strings, nothing.
        t.send("CREATE STREAM q (v TEXT) WITH (path = 'data/cli\t")
        self.assertEqual(t.expect("clicks-2.csv"), "CREATE STREAM q (v TEXT) WITH (path = 'data/clicks-2.csv")
        t.send('\x03')
        t.expect(PROMPT)
        t.send("SELECT 'pa\t")
        self.assertEqual(t.settle(), "SELECT 'pa\a")   # the bell: no completion
        self.quit(t, '\x03\x04')

    def test_meta_commands(self):
        self.write('q.sql', 'SELECT page FROM clicks;\n')
        t = self.open()
        self.define(t)
        self.assertEqual(self.run_line(t, '.format'), '.format\ntable\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.format csv'), '.format csv\n' + PROMPT)
        self.assertEqual(self.run_line(t, 'SELECT page FROM clicks;'),
                         'SELECT page FROM clicks;\npage\na\nb\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.format json'), '.format json\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.read q.sql'),
                         '.read q.sql\n{"page":"a"}\n{"page":"b"}\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.format xml'),
                         '.format xml\nerror: unknown output format "xml"\n'
                         '  at line 1, column 9:\n'
                         '    .format xml\n'
                         '            ^^^\n'
                         'hint: formats: table, csv, json, changelog, vertical\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.bogus'),
                         '.bogus\nerror: unknown command ".bogus"\n'
                         '  at line 1, column 1:\n'
                         '    .bogus\n'
                         '    ^^^^^^\n'
                         'hint: .help lists the commands\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.fromat csv'),
                         '.fromat csv\nerror: unknown command ".fromat"\n'
                         '  at line 1, column 1:\n'
                         '    .fromat csv\n'
                         '    ^^^^^^^\n'
                         'hint: did you mean .format? .help lists the commands\n' + PROMPT)
        help_text = self.run_line(t, '.help')
        self.assertTrue(help_text.startswith('.help\nDot commands'), help_text)
        for cmd in ('.format', '.read', '.quit', '.output', '.once', '.timer', '.echo',
                    '.maxrows', '.maxwidth', '.headers', '.nullvalue', 'HELP;'):
            self.assertIn(cmd, help_text)
        self.assertEqual(self.run_line(t, '.read missing.sql'),
                         '.read missing.sql\n'
                         'error: cannot read "missing.sql": No such file or directory\n'
                         '  at line 1, column 7:\n'
                         '    .read missing.sql\n'
                         '          ^^^^^^^^^^^\n' + PROMPT)
        self.quit(t)

    def test_background_output_goes_above_the_prompt(self):
        self.write('live.csv', '')
        t = self.open()
        self.define(t)
        self.define(t, LIVE)
        self.define(t, STDOUT_SINK)
        insert = 'INSERT INTO out SELECT n FROM live;'
        self.assertEqual(self.run_line(t, insert),
                         insert + '\nstarted query 1 (INSERT INTO out)\n' + PROMPT)
        # Half a statement, with the cursor moved back after "pa" (Ctrl-B).
        typed, tail = 'SELECT pa', ' FROM clicks;'
        t.send(typed + tail + '\x02' * len(tail))
        t.expect(typed + tail)
        # A quiet background query redraws nothing.
        self.assertEqual(t.settle(), '\b' * len(tail))
        # Rows on stdout and a bad-record warning on stderr arrive.
        with open(os.path.join(self.dir, 'live.csv'), 'a') as f:
            f.write('7\nx\n8\n')
        t.expect('{"n":8}')
        t.settle()
        # The output has lines of its own; below it the prompt and the typed
        # text are drawn again, with the cursor where it was.
        lines, col = screen(t.transcript())
        warning = lines[-4]
        self.assertTrue(warning.startswith('warning: bad record in stream live'), lines)
        self.assertEqual(lines[-6:], [PROMPT + insert, 'started query 1 (INSERT INTO out)',
                                      warning, '{"n":7}', '{"n":8}', PROMPT + typed + tail])
        self.assertEqual(col, len(PROMPT + typed))
        # Finishing the line runs the statement as it shows.
        t.send('ge\r')
        t.expect(PAGE_TABLE + PROMPT)
        lines, col = screen(t.transcript())
        ran = [PROMPT + 'SELECT page' + tail] + PAGE_TABLE.split('\n')[:-1] + [PROMPT.rstrip()]
        self.assertEqual(lines[-len(ran):], ran)
        self.quit(t, '.quit\r')

    def test_ctrl_d_with_background_queries_asks_again(self):
        self.write('live.csv', '')
        t = self.open()
        self.define(t, LIVE)
        self.define(t, STDOUT_SINK)
        self.run_line(t, 'INSERT INTO out SELECT n FROM live;')
        t.send('\x04')
        self.assertEqual(t.expect(PROMPT),
                         '\n1 background query is running (SHOW QUERIES): leaving stops it\n'
                         'press Ctrl-D again to leave sluice\n' + PROMPT)
        # Anything typed in between makes the next Ctrl-D ask again.
        self.assertEqual(self.run_line(t, '.maxrows'), '.maxrows\n20\n' + PROMPT)
        t.send('\x04')
        t.expect('press Ctrl-D again to leave sluice\n' + PROMPT)
        self.quit(t)

    def test_ctrl_d_on_a_half_typed_statement(self):
        t = self.open()
        self.define(t)
        t.send('SELECT page\r')
        t.expect(CONT)
        t.send('\x04')
        self.assertEqual(t.expect(CONT),
                         '\nthe statement being typed has no \';\' yet: end it with \';\' '
                         'or press Ctrl-C to drop it\n'
                         'press Ctrl-D again to leave sluice\n' + CONT)
        # The statement is still there: finishing it runs it.
        self.assertEqual(self.run_line(t, 'FROM clicks;'), 'FROM clicks;\n' + PAGE_TABLE + PROMPT)
        t.send('SELECT 1\r')
        t.expect(CONT)
        self.quit(t, '\x04\x04')

    def test_rc_file_runs_first(self):
        self.write('rc.sql', '.format csv\n' + CLICKS + '\n')
        t = Terminal(cwd=self.dir, env=child_env(SLUICE_HISTORY=self.hist,
                                                SLUICERC=os.path.join(self.dir, 'rc.sql')))
        self.addCleanup(t.close)
        self.assertEqual(t.expect(PROMPT), BANNER + PROMPT)
        self.assertEqual(self.run_line(t, 'SELECT page FROM clicks;'),
                         'SELECT page FROM clicks;\npage\na\nb\n' + PROMPT)
        self.quit(t)

    def test_rc_file_errors_name_the_file(self):
        rc = os.path.join(self.dir, 'rc.sql')
        self.write('rc.sql', '.maxrows lots\n')
        t = Terminal(cwd=self.dir, env=child_env(SLUICE_HISTORY=self.hist, SLUICERC=rc))
        self.addCleanup(t.close)
        self.assertEqual(t.expect(PROMPT),
                         BANNER + 'error: max_rows takes a number of rows (0 for all), not "lots"\n'
                         '  at %s, line 1, column 10:\n'
                         '    .maxrows lots\n'
                         '             ^^^^\n' % rc + PROMPT)
        self.quit(t)

    def test_timer_and_settings_dot_commands(self):
        t = self.open()
        self.define(t)
        self.assertEqual(self.run_line(t, '.maxrows 1'), '.maxrows 1\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.maxrows'), '.maxrows\n1\n' + PROMPT)
        self.assertEqual(self.run_line(t, '.timer on'), '.timer on\n' + PROMPT)
        shown = self.run_line(t, 'SELECT page FROM clicks;')
        self.assertRegex(shown, r'^SELECT page FROM clicks;\n' + re.escape(
            batch_header(0) + '+----+\n|page|\n+----+\n|   a|\n+----+\n'
            'only showing top 1 row, 1 more (.maxrows 0 shows all)\n\n') +
            r'Time: [0-9]+\.[0-9]{3} ms, 2 rows\n' + re.escape(PROMPT) + '$')
        self.quit(t)

    def test_stop_query_confirms_and_show_queries_keeps_its_rate(self):
        self.write('live.csv', '')
        t = self.open()
        self.define(t, LIVE)
        self.define(t, STDOUT_SINK)
        self.run_line(t, 'INSERT INTO out SELECT n FROM live;')
        with open(os.path.join(self.dir, 'live.csv'), 'a') as f:
            f.write('7\n8\n')
        t.expect('{"n":8}')
        t.expect(PROMPT)                  # drawn again below the output
        shown = self.run_line(t, 'STOP QUERY 1;')
        self.assertRegex(shown, r'^STOP QUERY 1;\nstopped query 1 \(INSERT INTO out\) '
                         r'after [0-9]+ batch(es)?, 2 input rows\n' + re.escape(PROMPT) + '$')
        first = self.run_line(t, 'SHOW QUERIES;')
        self.assertIn('|stopped|', first)
        t.settle(quiet=1.0)
        # The query ended: its figures, the rate too, no longer change.
        self.assertEqual(self.run_line(t, 'SHOW QUERIES;'), first)
        self.quit(t)

    def test_sigterm_at_the_prompt(self):
        t = self.open()
        t.send('SELECT')
        t.expect('SELECT')
        os.kill(t.pid, signal.SIGTERM)
        self.assertEqual(t.wait_exit(), 143)


if __name__ == '__main__':
    clitest.main()
