/* main — the sluice command line: parse the arguments, open a session,
 * then run scripts, read statements from a pipe, or start the REPL.
 *
 *   sluice                      REPL when stdin is a terminal, otherwise
 *                               stdin is the script (sluice < x.sql)
 *   sluice -e SQL -f FILE ...   run them in order, then exit (-i: REPL);
 *                               stdin is data for connector = 'stdin'
 *
 * Exit status: 0 ok, 1 a statement failed or the output could not be
 * written, 2 bad usage, 130/143 after SIGINT/SIGTERM. Nothing here knows
 * SQL. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "engine/base/bytesize.h"
#include "engine/base/mem.h"

static const char usage_text[] =
    "Usage: sluice [OPTION]...\n"
    "Streaming SQL over files, sockets and pipes: an interactive REPL, or\n"
    "scripts run with -e and -f.\n"
    "\n"
    "  -e SQL              run the statements in SQL (repeatable)\n"
    "  -f FILE             run the statements in FILE (repeatable; - is stdin)\n"
    "                      -e and -f run in command-line order, then sluice exits\n"
    "  -i                  start the REPL after the -e/-f statements\n"
    "  --format FORMAT     how SELECT results print: table (default), csv, json,\n"
    "                      changelog or vertical\n"
    "  --keep-going        after a failing statement, report it and run the rest\n"
    "                      (the exit status is still 1)\n"
    "  --progress          report every micro-batch's progress on stderr\n"
    "  --memory-limit SIZE what all queries may hold together, e.g. 4GB, 512MiB\n"
    "                      or 50% (default 80% of the memory available); a query\n"
    "                      that would pass it fails with \"out of memory\"\n"
    "  --checkpoint DIR    INSERT INTO queries keep their progress in DIR/<sink>\n"
    "                      and resume there when run again (SET checkpoint_dir)\n"
    "  --help              show this help and exit\n"
    "  --version           show the version and exit\n"
    "\n"
    "With -e or -f, standard input is data for streams declared with\n"
    "connector = 'stdin'. Without them, sluice starts the REPL when standard\n"
    "input is a terminal and otherwise runs it as a script.\n"
    "\n"
    "Exit status: 0 on success, 1 if a statement failed, 2 on a usage error,\n"
    "130 or 143 when stopped by SIGINT or SIGTERM.\n";

typedef struct Args {
    CliAction *acts;
    int n_acts;
    size_t cap_acts;
    OutputFormat format;
    bool keep_going, progress, repl_after;
    int64_t memory_limit;
    const char *checkpoint_dir;
    bool script_on_stdin;      /* -f -: stdin holds statements, not data */
} Args;

static int usage_error(const char *fmt, const char *what)
{
    fputs("sluice: ", stderr);
    fprintf(stderr, fmt, what);
    fputs("\nTry 'sluice --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static void add_action(Args *a, bool is_file, const char *arg)
{
    a->acts = xgrow(a->acts, &a->cap_acts, (size_t)a->n_acts + 1, sizeof *a->acts);
    a->acts[a->n_acts++] = (CliAction){.is_file = is_file, .arg = arg};
}

/* The value of an option: "-eSQL", "--format=csv", or the next argument.
 * NULL if it is missing. */
static const char *option_value(char **argv, int argc, int *i, const char *attached)
{
    if (attached) return attached;
    if (*i + 1 >= argc) return NULL;
    return argv[++*i];
}

/* Returns -1 when the arguments are fine, else the exit status. */
static int parse_args(int argc, char **argv, Args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
        if (strcmp(arg, "--version") == 0) {
            puts("sluice " SLUICE_VERSION);
            return EXIT_OK;
        }
        if (strcmp(arg, "--keep-going") == 0) { a->keep_going = true; continue; }
        if (strcmp(arg, "--progress") == 0) { a->progress = true; continue; }
        if (strcmp(arg, "-i") == 0) { a->repl_after = true; continue; }
        if (strcmp(arg, "--format") == 0 || strncmp(arg, "--format=", 9) == 0) {
            const char *v = option_value(argv, argc, &i, arg[8] == '=' ? arg + 9 : NULL);
            if (!v) return usage_error("option '%s' needs an argument", "--format");
            if (!output_format_from_name(v, &a->format))
                return usage_error("unknown format \"%s\" (expected table, csv, json, changelog or vertical)", v);
            continue;
        }
        if (strcmp(arg, "--memory-limit") == 0 || strncmp(arg, "--memory-limit=", 15) == 0) {
            const char *v = option_value(argv, argc, &i, arg[14] == '=' ? arg + 15 : NULL);
            if (!v) return usage_error("option '%s' needs an argument", "--memory-limit");
            if (!bytesize_parse(v, bytesize_available_memory(), &a->memory_limit) || a->memory_limit <= 0)
                return usage_error("invalid memory limit \"%s\" (expected a size such as 4GB, 512MiB or 50%%)", v);
            continue;
        }
        if (strcmp(arg, "--checkpoint") == 0 || strncmp(arg, "--checkpoint=", 13) == 0) {
            const char *v = option_value(argv, argc, &i, arg[12] == '=' ? arg + 13 : NULL);
            if (!v || !*v) return usage_error("option '%s' needs an argument", "--checkpoint");
            a->checkpoint_dir = v;
            continue;
        }
        if (arg[0] == '-' && (arg[1] == 'e' || arg[1] == 'f')) {
            char opt[3] = {'-', arg[1], '\0'};
            const char *v = option_value(argv, argc, &i, arg[2] ? arg + 2 : NULL);
            if (!v) return usage_error("option '%s' needs an argument", opt);
            add_action(a, arg[1] == 'f', v);
            if (arg[1] == 'f' && strcmp(v, "-") == 0) a->script_on_stdin = true;
            continue;
        }
        if (arg[0] == '-')
            return usage_error("unknown option '%s'", arg);
        return usage_error("unexpected argument '%s' (scripts are run with -f FILE)", arg);
    }
    return -1;
}

/* Like other command-line tools, sluice must not exit 0 when what it
 * printed did not all arrive: a last flush of out and err, and their
 * error flags. A failure already reported (the status is not 0) is not
 * reported again; a failure on err cannot be reported at all. */
static int check_written(FILE *out, FILE *err, int status)
{
    errno = 0;
    if (fflush(out) != 0 || ferror(out)) {
        int e = errno ? errno : EIO;
        if (status == EXIT_OK) fprintf(err, "sluice: cannot write to standard output: %s\n", strerror(e));
        if (status == EXIT_OK) status = EXIT_FAILED;
    }
    if ((fflush(err) != 0 || ferror(err)) && status == EXIT_OK) status = EXIT_FAILED;
    return status;
}

int main(int argc, char **argv)
{
    Args a = {.format = FORMAT_TABLE};
    int status = parse_args(argc, argv, &a);
    if (status >= 0) {
        free(a.acts);
        return check_written(stdout, stderr, status);
    }

    bool tty = isatty(STDIN_FILENO);
    bool repl = a.repl_after || (a.n_acts == 0 && tty);
    /* At a terminal the REPL's background output must not mangle the
     * prompt: the session writes through streams that can clear it. */
    FILE *out = stdout, *err = stderr;
    bool async_out = repl && tty;
    if (async_out) async_output_open(&out, &err);
    SluiceConfig cfg = {
        .format = a.format,
        .out = out,
        .err = err,
        /* stdin is data only when it does not carry statements. */
        .stdin_fd = (a.n_acts > 0 && !a.repl_after && !a.script_on_stdin) ? STDIN_FILENO : -1,
        .progress = a.progress,
        .interactive = repl,
        .memory_limit = a.memory_limit,
        .checkpoint_dir = a.checkpoint_dir,
    };
    Sluice *s = sluice_new(&cfg);
    cli_signals_install(s, true);

    if (a.n_acts > 0)
        status = cli_run_actions(s, a.acts, a.n_acts, a.keep_going);
    else if (!repl)
        status = cli_run_stdin(s, a.keep_going);
    else
        status = EXIT_OK;
    /* Script mode ends when the queries it started have; with -i the REPL
     * keeps them running instead. */
    if (!repl) status = cli_wait_queries(s, status, a.keep_going);
    /* After a signal the scripts stopped; do not start a REPL then. */
    if (repl && sluice_signal_status(s) == 0)
        status = repl_run(s);

    cli_signals_install(NULL, true);        /* the handlers outlive nothing */
    sluice_free(s);
    status = check_written(out, err, status);
    if (async_out) async_output_close();
    free(a.acts);
    return status;
}
