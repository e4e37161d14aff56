"""The command line itself: --help, --version, bad options and missing
files, with their exact messages and exit statuses."""
import clitest
from clitest import run

HINT = "Try 'sluice --help' for more information.\n"


class Args(clitest.TempDirTest):

    def test_version(self):
        r = run(['--version'])
        self.assertEqual((r.code, r.out, r.err), (0, 'sluice 0.1.0\n', ''))

    def test_help_lists_every_option(self):
        r = run(['--help'])
        self.assertEqual(r.code, 0)
        self.assertEqual(r.err, '')
        self.assertTrue(r.out.startswith('Usage: sluice [OPTION]...\n'), r.out)
        for option in ('-e SQL', '-f FILE', '-i ', '--format FORMAT', 'table', 'csv',
                       'json', 'changelog', '--keep-going', '--progress', '--help',
                       '--version'):
            self.assertIn(option, r.out)

    def test_help_wins_over_other_arguments(self):
        r = run(['-e', 'SELECT nothing;', '--help'])
        self.assertEqual(r.code, 0)
        self.assertTrue(r.out.startswith('Usage: sluice'))

    def test_unknown_option(self):
        r = run(['--bogus'])
        self.assertEqual((r.code, r.out), (2, ''))
        self.assertEqual(r.err, "sluice: unknown option '--bogus'\n" + HINT)

    def test_unknown_short_option(self):
        r = run(['-x'])
        self.assertEqual((r.code, r.err), (2, "sluice: unknown option '-x'\n" + HINT))

    def test_missing_arguments(self):
        for opt in ('-e', '-f', '--format'):
            r = run([opt])
            self.assertEqual((r.code, r.out), (2, ''), opt)
            self.assertEqual(r.err, "sluice: option '%s' needs an argument\n" % opt + HINT)

    def test_unknown_format(self):
        want = ('sluice: unknown format "xml" (expected table, csv, json, changelog or vertical)\n'
                + HINT)
        for args in (['--format', 'xml'], ['--format=xml']):
            r = run(args)
            self.assertEqual((r.code, r.out, r.err), (2, '', want), args)

    def test_memory_limit_option(self):
        for args in (['--memory-limit', 'lots'], ['--memory-limit=0']):
            r = run(args)
            self.assertEqual((r.code, r.out), (2, ''), args)
        self.assertEqual(r.err, 'sluice: invalid memory limit "0" (expected a size such as '
                                '4GB, 512MiB or 50%)\n' + HINT)
        r = run(['--memory-limit'])
        self.assertEqual(r.err, "sluice: option '--memory-limit' needs an argument\n" + HINT)

    def test_memory_limit_ends_an_unbounded_query(self):
        # One group per bid, nothing evicts them: the query fails when the
        # state passes --memory-limit, the later statement does not run,
        # and the exit status says so.
        r = run(['--memory-limit', '4MiB', '--format', 'csv', '-e',
                 "CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP) "
                 "WITH (connector = 'nexmark', table = 'bid', max_batch_rows = 2000);"
                 "SELECT auction, bidder, price, dateTime, count(*) AS n FROM bid "
                 "GROUP BY auction, bidder, price, dateTime HAVING count(*) > 1000 EMIT UPDATE;",
                 '-e', "SELECT 'not reached' AS never;"])
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, 'auction,bidder,price,dateTime,n\n')
        self.assertEqual(r.err,
            'warning: query 1: the state of HashAggregate grows without bound (9200 rows, 1.2 MiB): '
            'no watermark bounds it; the query will fail when the session reaches memory_limit (4 MiB)\n'
            'error: out of memory: query 1 holds 3.3 MiB; it grew by up to 1.0 MiB at a time, and its '
            'next growth would pass memory_limit (4 MiB)\n'
            "detail: the largest state is HashAggregate's: 16560 rows in 2.3 MiB\n"
            'hint: that state grows without bound (no watermark bounds it): bound it with a watermark '
            "and a window, or raise the limit: SET memory_limit = '8 MiB' (or --memory-limit)\n")

    def test_stray_argument(self):
        r = run(['script.sql'])
        self.assertEqual(r.code, 2)
        self.assertEqual(r.err, "sluice: unexpected argument 'script.sql' "
                                "(scripts are run with -f FILE)\n" + HINT)

    def test_bad_usage_runs_nothing(self):
        # The -e before the bad option must not run.
        r = run(['-e', "SELECT oops;", '--bogus'])
        self.assertEqual((r.code, r.out), (2, ''))
        self.assertEqual(r.err, "sluice: unknown option '--bogus'\n" + HINT)

    def test_missing_script_file(self):
        r = run(['-f', 'x.sql'], cwd=self.dir)
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertEqual(r.err, 'sluice: cannot read "x.sql": No such file or directory\n')

    def test_missing_file_stops_the_rest(self):
        self.write('b.sql', "SELECT 'never' AS x;\n")
        r = run(['-f', 'a.sql', '-f', 'b.sql'], cwd=self.dir)
        self.assertEqual((r.code, r.out), (1, ''))
        self.assertEqual(r.err, 'sluice: cannot read "a.sql": No such file or directory\n')

    def test_directory_as_script(self):
        r = run(['-f', '.'], cwd=self.dir)
        self.assertEqual(r.code, 1)
        self.assertEqual(r.err, 'sluice: cannot read ".": Is a directory\n')

    def test_empty_script_succeeds(self):
        self.write('empty.sql', '-- nothing here\n')
        r = run(['-f', 'empty.sql', '-e', ''], cwd=self.dir)
        self.assertEqual((r.code, r.out, r.err), (0, '', ''))


if __name__ == '__main__':
    clitest.main()
