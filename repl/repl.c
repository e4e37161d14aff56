/* repl — the interactive loop: GNU readline, multi-line statements,
 * history, meta commands and Ctrl-C.
 *
 *   sluice> SELECT k, count(*)
 *      ...> FROM s GROUP BY k;
 *
 * Lines are collected until sluice_statement_complete() accepts the text,
 * which then runs as one sluice_exec (keep_going) and becomes one history
 * entry. Dot commands (.help .format .read ...) are statements the engine
 * parses (a line of their own); .quit and .exit end the loop. Ctrl-D with
 * a half-typed statement or running background queries asks again.
 *
 * Ctrl-C. At the prompt, SIGINT is ignored and the terminal's ISIG flag is
 * cleared while readline edits, so Ctrl-C arrives as the byte 0x03, bound
 * here to "abandon the input": the line shows ^C and the statement being
 * typed is dropped. While a statement runs, the terminal is back in its
 * normal mode and SIGINT reaches the handler of cli.c, which asks the
 * engine to stop the foreground query (background ones go on); the loop
 * then shows a fresh prompt. SIGTERM ends the REPL with status 143
 * (history is saved first), at the prompt too.
 *
 * Background queries. Readline is driven through its callback interface:
 * the loop poll()s the terminal together with the descriptors of the
 * queries started by INSERT INTO (sluice_poll_fds), feeds keys to
 * rl_callback_read_char and gives the queries a step (sluice_poll_step),
 * so they keep running while the prompt waits. What a step prints is
 * shown above the prompt, which is then drawn again with the typed text
 * (async_output.c). Leaving the REPL stops them, each after its current
 * micro-batch. Not here: running statements (engine) and parsing
 * (grammar). */
#include <fcntl.h>
#include <poll.h>
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
#define REPL_MAX_FDS 256              /* engine descriptors polled with the keyboard */
#define SIGNAL_CHECK_MS 250          /* longest wait between looks at SIGTERM */
#define BANNER "sluice " SLUICE_VERSION " \xe2\x80\x94 type HELP; for help, .quit to exit\n"

typedef struct Repl {
    Sluice *s;
    char *history_path;          /* NULL: history is not saved */
    StrBuf stmt;                 /* the statement being typed */
    bool tty;                    /* stdin is a terminal */
    bool quit;                   /* .quit or .exit */
    bool eof_warned;             /* Ctrl-D asked to be pressed again */
    bool done;                   /* the loop ends */
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

/* ---- history ---------------------------------------------------------------- */

/* The path in $ENV_NAME, else ~/NAME, into path. False (path empty) when
 * the variable is set but empty or HOME is unset: no such file then. */
static bool home_file(StrBuf *path, const char *env_name, const char *name)
{
    const char *env = getenv(env_name);
    const char *home = getenv("HOME");
    if (env) {
        if (!*env) return false;
        sb_puts(path, env);
    } else if (home && *home) {
        sb_printf(path, "%s/%s", home, name);
    } else {
        return false;
    }
    return true;
}

/* $SLUICE_HISTORY, else ~/.sluice_history; created if missing. No history
 * file (silently) when SLUICE_HISTORY is set but empty, HOME is unset, or
 * the file cannot be written; the session still recalls its own lines. */
static void history_open(Repl *r)
{
    StrBuf path = STRBUF_INIT;
    if (!home_file(&path, "SLUICE_HISTORY", ".sluice_history")) return;
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

/* ---- running statements ------------------------------------------------------ */

/* Run statements (dot commands included: the engine parses them) with
 * SIGINT caught, so Ctrl-C stops the query rather than the REPL. */
static void run_text(Repl *r, const char *src_name, const char *text)
{
    cli_signals_install(r->s, true);
    sluice_exec(r->s, src_name, text, true);
    async_output_flush();
    /* The terminal echoed ^C after the last output: start a new line. */
    if (cli_sigint_seen()) fputs("\n", stdout);
    cli_signals_install(r->s, false);
    fflush(stdout);
    if (sluice_quit_requested(r->s)) r->quit = true;
}

/* ~/.sluicerc (or $SLUICERC; empty: none) runs before the first prompt,
 * as sqlite's ~/.sqliterc. A missing file is not an error. */
static void run_rc_file(Repl *r)
{
    StrBuf path = STRBUF_INIT;
    if (!home_file(&path, "SLUICERC", ".sluicerc")) return;
    int fd = open(path.data, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char *text = cli_read_fd(r->s, fd);
        close(fd);
        if (text) run_text(r, path.data, text);
        free(text);
    }
    sb_free(&path);
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
    if (r->stmt.len == 0 && is_blank(line)) return true;
    r->eof_warned = false;
    sb_puts(&r->stmt, line);
    sb_putc(&r->stmt, '\n');
    if (!sluice_statement_complete(r->stmt.data)) return true;

    /* One history entry per statement, without the final newline. */
    r->stmt.data[--r->stmt.len] = '\0';
    history_remember(r, r->stmt.data);
    run_text(r, NULL, r->stmt.data);
    sb_reset(&r->stmt);
    return !r->quit && sluice_signal_status(r->s) != 128 + SIGTERM;
}

/* Ctrl-D at a terminal while a statement is half typed or background
 * queries run: say so and leave only at the second Ctrl-D in a row.
 * Returns true if the REPL stays. */
static bool eof_confirm(Repl *r)
{
    int running = sluice_running_queries(r->s);
    if (!r->tty || r->eof_warned || (running == 0 && r->stmt.len == 0)) return false;
    r->eof_warned = true;
    if (r->stmt.len)
        fputs("the statement being typed has no ';' yet: end it with ';' or press Ctrl-C to drop it\n", stdout);
    if (running)
        printf("%d background quer%s running (SHOW QUERIES): leaving stops %s\n", running,
               running == 1 ? "y is" : "ies are", running == 1 ? "it" : "them");
    fputs("press Ctrl-D again to leave sluice\n", stdout);
    fflush(stdout);
    return true;
}

/* readline's line handler takes no user data: the REPL it feeds. */
static Repl *active_repl;

/* Called by rl_callback_read_char with a complete line (NULL at Ctrl-D or
 * end of input), with the terminal in its normal mode. Readline shows
 * the prompt set here again when this returns, unless the handler was
 * removed. */
static void on_line(char *line)
{
    Repl *r = active_repl;
    if (!line) {                              /* Ctrl-D, end of input */
        /* End the prompt's line, unless readline did when it left
         * bracketed-paste mode. */
        const char *bp = rl_variable_value("enable-bracketed-paste");
        if (r->tty && !(bp && strcmp(bp, "on") == 0)) fputs("\n", stdout);
        r->done = !eof_confirm(r);
    } else {
        r->done = !handle_line(r, line);
        free(line);
    }
    if (r->done) rl_callback_handler_remove();
    else rl_set_prompt(r->stmt.len ? CONT_PROMPT : PROMPT);
}

static bool sigterm_seen(const Repl *r) { return sluice_signal_status(r->s) == 128 + SIGTERM; }

/* Wait for a key or for a background query's input, whichever comes
 * first, and serve it. The wait is bounded so that a SIGTERM landing just
 * before poll() is still seen promptly (one arriving during it ends it). */
static void wait_and_serve(Repl *r)
{
    struct pollfd fds[1 + REPL_MAX_FDS];
    int timeout = -1;
    int n = sluice_poll_fds(r->s, fds + 1, REPL_MAX_FDS, &timeout);
    if (timeout < 0 || timeout > SIGNAL_CHECK_MS) timeout = SIGNAL_CHECK_MS;
    fds[0] = (struct pollfd){.fd = fileno(rl_instream ? rl_instream : stdin), .events = POLLIN};
    int ready = poll(fds, (nfds_t)n + 1, timeout);
    if (sigterm_seen(r)) return;
    if (ready > 0 && fds[0].revents) rl_callback_read_char();
    if (!r->done && sluice_running_queries(r->s) > 0) {
        fflush(stdout);
        /* The prompt is on screen: what the step prints goes above it. */
        if (r->tty) async_output_begin();
        sluice_poll_step(r->s);
        if (r->tty) async_output_end();
    }
}

int repl_run(Sluice *s)
{
    Repl r = {.s = s, .tty = isatty(STDIN_FILENO)};

    rl_readline_name = "sluice";             /* for $if sluice in ~/.inputrc */
    rl_prep_term_function = prep_terminal;
    rl_bind_key(CANCEL_CHAR, key_cancel);
    rl_bind_key('\032', key_suspend);        /* Ctrl-Z */
    complete_install();
    history_open(&r);
    cli_signals_install(s, false);           /* SIGINT ignored at the prompt */

    if (r.tty) {
        fputs(BANNER, stdout);
        fflush(stdout);
    }
    run_rc_file(&r);
    /* Keys arrive through readline's callback interface, so that the
     * queries started with INSERT INTO keep running while the user types. */
    active_repl = &r;
    if (r.quit) r.done = true;                /* .quit in the rc file */
    else rl_callback_handler_install(PROMPT, on_line);
    while (!r.done && !sigterm_seen(&r)) wait_and_serve(&r);
    if (!r.done) rl_callback_handler_remove();   /* stopped while typing */
    active_repl = NULL;
    fflush(stdout);
    history_close(&r);
    sb_free(&r.stmt);
    cli_signals_install(s, true);
    return sigterm_seen(&r) ? 128 + SIGTERM : EXIT_OK;
}
