/* repl — the interactive loop: GNU readline, multi-line statements,
 * history, meta commands and Ctrl-C.
 *
 *   sluice> SELECT k, count(*)
 *      ...> FROM s GROUP BY k;
 *
 * Lines are collected until sluice_statement_complete() accepts the text,
 * which then runs as one sluice_exec (keep_going) and becomes one history
 * entry. Meta commands (.help .quit .exit .format .read) are recognised
 * only at the start of a fresh statement.
 *
 * Ctrl-C. At the prompt, SIGINT is ignored and the terminal's ISIG flag is
 * cleared while readline edits, so Ctrl-C arrives as the byte 0x03, bound
 * here to "abandon the input": the line shows ^C and the statement being
 * typed is dropped. While a statement runs, the terminal is back in its
 * normal mode and SIGINT reaches the handler of cli.c, which asks the
 * engine to stop the query; the loop then shows a fresh prompt. SIGTERM
 * ends the REPL with status 143 (history is saved first), at the prompt
 * too: readline polls check_sigterm while it waits. Not here:
 * running statements (engine) and parsing (grammar). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli.h"
#include "engine/base/mem.h"

#define PROMPT      "sluice> "
#define CONT_PROMPT "   ...> "       /* as wide as PROMPT */
#define HISTORY_MAX 1000
#define CANCEL_CHAR '\003'           /* Ctrl-C, left in a cancelled line */
#define BANNER "sluice " SLUICE_VERSION " \xe2\x80\x94 type HELP; for help, .quit to exit\n"

typedef struct Repl {
    Sluice *s;
    OutputFormat fmt;          /* the format given on the command line */
    char *history_path;          /* NULL: history is not saved */
    StrBuf stmt;                 /* the statement being typed */
    bool quit;
} Repl;

/* ---- terminal and keys ---------------------------------------------------- */

/* readline's terminal setup, plus ISIG off so Ctrl-C and Ctrl-Z reach
 * readline as keys. rl_deprep_terminal restores the settings saved before
 * this change, so the terminal is normal again while a statement runs. */
static void prep_terminal(int meta_flag)
{
    rl_prep_terminal(meta_flag);
    int fd = fileno(rl_instream ? rl_instream : stdin);
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        t.c_lflag &= ~(tcflag_t)ISIG;
        tcsetattr(fd, TCSADRAIN, &t);
    }
}

/* Ctrl-C while editing: show ^C after the text and accept the line with
 * CANCEL_CHAR at its end; the loop then drops it. */
static int key_cancel(int count, int key)
{
    (void)count;
    (void)key;
    rl_point = rl_end;
    char cancel[2] = {CANCEL_CHAR, '\0'};
    rl_insert_text(cancel);              /* readline displays it as ^C */
    rl_redisplay();
    return rl_newline(1, '\n');
}

/* Ctrl-Z while editing: suspend as the terminal would have. */
static int key_suspend(int count, int key)
{
    (void)count;
    (void)key;
    raise(SIGTSTP);
    return 0;
}

/* Called by readline about ten times a second while it waits for a key.
 * Ends the prompt once SIGTERM has arrived: readline alone notices a
 * signal only when it interrupts a read(), and one that lands while it
 * redraws the line would otherwise leave it waiting for a key. */
static int check_sigterm(void)
{
    Sluice *s = cli_session();
    if (s && sluice_signal_status(s) == 128 + SIGTERM) rl_done = 1;
    return 0;
}

/* ---- history ---------------------------------------------------------------- */

/* $SLUICE_HISTORY, else ~/.sluice_history; created if missing. No history
 * file (silently) when SLUICE_HISTORY is set but empty, HOME is unset, or
 * the file cannot be written; the session still recalls its own lines. */
static void history_open(Repl *r)
{
    const char *env = getenv("SLUICE_HISTORY");
    const char *home = getenv("HOME");
    StrBuf path = STRBUF_INIT;
    if (env) {
        if (!*env) return;
        sb_puts(&path, env);
    } else if (home && *home) {
        sb_printf(&path, "%s/.sluice_history", home);
    } else {
        return;
    }

    int fd = open(path.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        sb_free(&path);
        return;
    }
    close(fd);
    /* Timestamps mark where an entry starts, so multi-line statements
     * read back as one entry. */
    history_comment_char = '#';
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    read_history(path.data);
    stifle_history(HISTORY_MAX);
    r->history_path = sb_take(&path);
}

static void history_remember(Repl *r, const char *entry)
{
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, entry) == 0) return;    /* no repeats */
    add_history(entry);
    if (r->history_path) append_history(1, r->history_path);
}

static void history_close(Repl *r)
{
    if (r->history_path) history_truncate_file(r->history_path, HISTORY_MAX);
    free(r->history_path);
    r->history_path = NULL;
    clear_history();
}

/* ---- meta commands ---------------------------------------------------------- */

static const char help_text[] =
    "Meta commands, at the start of a line:\n"
    "  .help            show this text\n"
    "  .format [NAME]   show or set how results print: table, csv, json, changelog\n"
    "  .read FILE       run the statements in FILE\n"
    "  .quit, .exit     leave sluice (so does Ctrl-D on an empty line)\n"
    "Statements end with ';' and may span lines. Ctrl-C stops a running query\n"
    "or discards the statement being typed. Type HELP; for the SQL statements.\n";

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Run the statements of a file or -e text with SIGINT caught, so Ctrl-C
 * stops the query rather than the REPL. */
static void run_text(Repl *r, const char *file, const char *text)
{
    cli_signals_install(r->s, true);
    if (file) cli_run_file(r->s, file, true);
    else sluice_exec(r->s, NULL, text, true);
    fflush(stdout);
    /* The terminal echoed ^C after the last output: start a new line. */
    if (cli_sigint_seen()) fputs("\n", stdout);
    cli_signals_install(r->s, false);
    fflush(stdout);
}

static void run_meta(Repl *r, char *line)
{
    char *cmd = trim(line);
    char *arg = cmd + strcspn(cmd, " \t");
    if (*arg) *arg++ = '\0';
    arg = trim(arg);

    if (strcmp(cmd, ".quit") == 0 || strcmp(cmd, ".exit") == 0) {
        r->quit = true;
    } else if (strcmp(cmd, ".help") == 0) {
        fputs(help_text, stdout);
    } else if (strcmp(cmd, ".format") == 0) {
        OutputFormat f;
        if (!*arg) {
            printf("%s\n", output_format_name(sluice_format(r->s)));
        } else if (output_format_from_name(arg, &f)) {
            r->fmt = f;
            sluice_set_format(r->s, f);
        } else {
            fprintf(stderr, "error: unknown format \"%s\" (expected table, csv, json or changelog)\n", arg);
        }
    } else if (strcmp(cmd, ".read") == 0) {
        size_t n = strlen(arg);
        if (n >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg[n - 1] == arg[0]) {
            arg[n - 1] = '\0';                 /* .read 'my file.sql' */
            arg++;
        }
        if (!*arg) fputs("error: .read needs a file name\n", stderr);
        else run_text(r, arg, NULL);
    } else {
        fprintf(stderr, "error: unknown command \"%s\"; .help lists the commands\n", cmd);
    }
    fflush(stdout);
}

/* ---- the loop ----------------------------------------------------------------- */

static bool is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* One line from readline. Returns false when the REPL should end. */
static bool handle_line(Repl *r, char *line)
{
    if (strchr(line, CANCEL_CHAR)) {          /* Ctrl-C: drop the statement */
        sb_reset(&r->stmt);
        return true;
    }
    if (r->stmt.len == 0) {
        if (is_blank(line)) return true;
        const char *p = line + strspn(line, " \t");
        if (*p == '.') {
            history_remember(r, p);
            run_meta(r, line);
            return !r->quit;
        }
    }
    sb_puts(&r->stmt, line);
    sb_putc(&r->stmt, '\n');
    if (!sluice_statement_complete(r->stmt.data)) return true;

    /* One history entry per statement, without the final newline. */
    r->stmt.data[--r->stmt.len] = '\0';
    history_remember(r, r->stmt.data);
    run_text(r, NULL, r->stmt.data);
    sb_reset(&r->stmt);
    return sluice_signal_status(r->s) != 128 + SIGTERM;
}

int repl_run(Sluice *s, OutputFormat fmt)
{
    Repl r = {.s = s, .fmt = fmt};
    bool tty = isatty(STDIN_FILENO);

    rl_readline_name = "sluice";             /* for $if sluice in ~/.inputrc */
    rl_prep_term_function = prep_terminal;
    rl_bind_key(CANCEL_CHAR, key_cancel);
    rl_bind_key('\032', key_suspend);        /* Ctrl-Z */
    rl_event_hook = check_sigterm;
    complete_install();
    history_open(&r);
    cli_signals_install(s, false);           /* SIGINT ignored at the prompt */

    if (tty) {
        fputs(BANNER, stdout);
        fflush(stdout);
    }
    /* A SIGTERM between two readline calls is seen here. */
    while (sluice_signal_status(s) != 128 + SIGTERM) {
        char *line = readline(r.stmt.len ? CONT_PROMPT : PROMPT);
        if (!line) {                          /* Ctrl-D, end of input, SIGTERM */
            /* End the prompt's line, unless readline did when it left
             * bracketed-paste mode. */
            const char *bp = rl_variable_value("enable-bracketed-paste");
            if (tty && !(bp && strcmp(bp, "on") == 0)) fputs("\n", stdout);
            break;
        }
        if (sluice_signal_status(s) == 128 + SIGTERM) {
            free(line);                       /* stopped while typing */
            break;
        }
        bool more = handle_line(&r, line);
        free(line);
        if (!more) break;
    }
    fflush(stdout);
    history_close(&r);
    sb_free(&r.stmt);
    cli_signals_install(s, true);
    return sluice_signal_status(s) == 128 + SIGTERM ? 128 + SIGTERM : EXIT_OK;
}
