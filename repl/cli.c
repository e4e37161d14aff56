/* cli — running scripts (-e, -f, piped stdin) and the signal handlers.
 *
 * Scripts run statement by statement inside sluice_exec; this file only
 * feeds it text, waits for the background queries a script started
 * (INSERT INTO), turns the results into an exit status and stops after
 * SIGINT/SIGTERM. The engine prints the errors (with file, line, column
 * and caret); the only messages written here are about files that cannot
 * be read. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "engine/base/mem.h"

/* ---- signals ---------------------------------------------------------------
 *
 * The one piece of global state in the front end. A signal handler gets no
 * argument, so the session it must interrupt has to be reachable from a
 * global; sluice_interrupt_signal only sets flags, which makes the call
 * async-signal-safe (and a pointer-sized load is atomic on every target
 * we build for). Readline's completion hooks have the same limitation and
 * read the pointer through cli_session().
 *
 * Whether a SIGINT arrived since the handlers were installed is kept in
 * the kernel, not in a variable: the first SIGINT switches the handler
 * from on_signal to on_signal_again (sigaction is async-signal-safe), and
 * cli_sigint_seen() looks at which one is installed. */
static Sluice *volatile signal_session;

static void on_signal_again(int sig)
{
    Sluice *s = signal_session;
    if (s) sluice_interrupt_signal(s, sig);
}

static void set_handler(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART: a write to a slow pipe or terminal that a signal
     * interrupts goes on instead of failing (which would lose output and
     * end the query on a write error). Waits are poll() calls, which a
     * signal ends whatever the flag, and their loops look at the flags. */
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = handler;
    sigaction(sig, &sa, NULL);
}

static void on_signal(int sig)
{
    on_signal_again(sig);
    if (sig == SIGINT) set_handler(SIGINT, on_signal_again);
}

void cli_signals_install(Sluice *s, bool catch_sigint)
{
    signal_session = s;
    set_handler(SIGTERM, s ? on_signal : SIG_DFL);
    set_handler(SIGINT, !s ? SIG_DFL : catch_sigint ? on_signal : SIG_IGN);
}

bool cli_sigint_seen(void)
{
    struct sigaction sa;
    return sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler == on_signal_again;
}

Sluice *cli_session(void) { return signal_session; }

/* ---- reading scripts -------------------------------------------------------- */

/* Wait until fd is readable: 0, or -1 with errno EINTR once a signal of
 * ours arrived. Slices bound how late one landing before poll() is seen;
 * read() alone would be restarted after the handler (SA_RESTART). */
static int wait_readable(Sluice *s, int fd)
{
    for (;;) {
        if (sluice_interrupted(s)) {
            errno = EINTR;
            return -1;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, 250);
        if (r > 0 || (r < 0 && errno != EINTR)) return 0;   /* read() tells */
    }
}

char *cli_read_fd(Sluice *s, int fd)
{
    StrBuf sb = STRBUF_INIT;
    for (;;) {
        sb_reserve(&sb, 65536);
        if (wait_readable(s, fd) < 0) {
            sb_free(&sb);
            return NULL;
        }
        ssize_t n = read(fd, sb.data + sb.len, sb.cap - sb.len - 1);
        if (n > 0) {
            sb.len += (size_t)n;
            sb.data[sb.len] = '\0';
            continue;
        }
        if (n == 0) break;
        if (errno == EINTR && sluice_signal_status(s) == 0) continue;
        int e = errno;
        sb_free(&sb);
        errno = e;
        return NULL;
    }
    return sb.data ? sb_take(&sb) : xstrdup("");
}

static char *read_path(Sluice *s, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    char *text = cli_read_fd(s, fd);
    int e = errno;
    close(fd);
    errno = e;
    return text;
}

int cli_run_file(Sluice *s, const char *path, bool keep_going)
{
    bool is_stdin = strcmp(path, "-") == 0;        /* -f -: the script is stdin */
    char *text = is_stdin ? cli_read_fd(s, STDIN_FILENO) : read_path(s, path);
    if (!text) {
        if (errno == EINTR) return -1;      /* interrupted: say nothing */
        if (is_stdin) fprintf(stderr, "sluice: cannot read standard input: %s\n", strerror(errno));
        else fprintf(stderr, "sluice: cannot read \"%s\": %s\n", path, strerror(errno));
        return -1;
    }
    int rc = sluice_exec(s, is_stdin ? "<stdin>" : path, text, keep_going);
    free(text);
    return rc;
}

/* ---- script mode ------------------------------------------------------------ */

int cli_run_actions(Sluice *s, const CliAction *acts, int n, bool keep_going)
{
    bool failed = false;
    for (int i = 0; i < n; i++) {
        if (sluice_signal_status(s) || sluice_quit_requested(s)) break;   /* a signal, .quit */
        int rc = acts[i].is_file ? cli_run_file(s, acts[i].arg, keep_going)
                                 : sluice_exec(s, NULL, acts[i].arg, keep_going);
        if (rc < 0) {
            failed = true;
            if (!keep_going || sluice_output_error(s)) break;
        }
    }
    if (sluice_signal_status(s)) return sluice_signal_status(s);
    if (sluice_output_error(s)) return EXIT_FAILED;   /* even with keep_going */
    /* SPEC §9: --keep-going runs every statement and still exits
     * non-zero when one failed. */
    return failed ? EXIT_FAILED : EXIT_OK;
}

int cli_wait_queries(Sluice *s, int status, bool keep_going)
{
    /* A failed script does not wait: its later statements were skipped,
     * so the background queries it started are stopped (sluice_free). */
    if (sluice_signal_status(s) || sluice_quit_requested(s)) return status;
    if (status != EXIT_OK && !keep_going) return status;
    int rc = sluice_wait(s);
    if (sluice_signal_status(s)) return sluice_signal_status(s);
    return rc < 0 ? EXIT_FAILED : status;
}

int cli_run_stdin(Sluice *s, bool keep_going)
{
    char *text = cli_read_fd(s, STDIN_FILENO);
    if (sluice_signal_status(s)) {            /* stopped while reading */
        free(text);
        return sluice_signal_status(s);
    }
    if (!text) {
        fprintf(stderr, "sluice: cannot read standard input: %s\n", strerror(errno));
        return EXIT_FAILED;
    }
    int rc = sluice_exec(s, "<stdin>", text, keep_going);
    free(text);
    if (sluice_signal_status(s)) return sluice_signal_status(s);
    if (sluice_output_error(s)) return EXIT_FAILED;
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}
