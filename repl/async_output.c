/* async_output — background output that does not mangle the prompt.
 *
 * While the REPL waits at its prompt, the queries started with INSERT
 * INTO run between keystrokes and may print: rows of a 'stdout' sink,
 * bad-record warnings, a failed query's error. Written straight to the
 * terminal, that text would land after the half-typed statement, and the
 * statement would no longer be shown below it.
 *
 * So in the REPL the session's out and err are streams of our own
 * (fopencookie) over descriptors 1 and 2. Between async_output_begin and
 * async_output_end (one background step, with the prompt on screen) the
 * first write to a terminal clears the prompt's screen lines, and the end
 * draws the prompt, the typed text and the cursor again below the output.
 * A step that prints nothing redraws nothing. Outside these brackets the
 * streams write straight through, so scripts and foreground statements
 * print exactly as before. The streams mirror stdio's buffering on a
 * terminal: out line-buffered, err unbuffered. */
#include <stdio.h>
#include <unistd.h>

#include <readline/readline.h>

#include "cli.h"

/* One wrapped descriptor; the cookie of its stream. */
typedef struct Target {
    int fd;
    bool tty;            /* writes here share the screen with the prompt */
} Target;

static Target out_target = {.fd = STDOUT_FILENO};
static Target err_target = {.fd = STDERR_FILENO};
static FILE *out_stream, *err_stream;    /* NULL: not wrapped */

/* The prompt's state during a background step. Process-wide like the
 * terminal it describes; readline's display state is global too. */
static struct {
    bool armed;          /* the prompt is on screen: clear it before writing */
    bool cleared;        /* it was cleared in this step: draw it again */
    char last;           /* the last byte written since it was cleared */
} prompt;

static void prompt_hide(void)
{
    if (!prompt.armed || prompt.cleared) return;
    rl_clear_visible_line();             /* leaves the cursor in column 0 */
    fflush(rl_outstream);
    prompt.cleared = true;
    prompt.last = '\n';
}

/* fopencookie's write: all of buf, or 0 (an error) like stdio's own
 * streams when write() fails. */
static ssize_t target_write(void *cookie, const char *buf, size_t n)
{
    const Target *t = cookie;
    if (n == 0) return 0;
    if (t->tty) prompt_hide();
    for (size_t done = 0; done < n;) {
        ssize_t k = write(t->fd, buf + done, n - done);
        if (k <= 0) return 0;
        done += (size_t)k;
    }
    if (t->tty && prompt.cleared) prompt.last = buf[n - 1];
    return (ssize_t)n;
}

static FILE *wrap(Target *t, int buffering)
{
    FILE *f = fopencookie(t, "w", (cookie_io_functions_t){.write = target_write});
    if (!f) return NULL;
    setvbuf(f, NULL, buffering, 0);
    /* Readline draws the prompt on stdout: a write shares the screen
     * with it only when both are terminals. */
    t->tty = isatty(t->fd) && isatty(STDOUT_FILENO);
    return f;
}

void async_output_open(FILE **out, FILE **err)
{
    out_stream = wrap(&out_target, _IOLBF);
    err_stream = wrap(&err_target, _IONBF);
    *out = out_stream ? out_stream : stdout;
    *err = err_stream ? err_stream : stderr;
}

void async_output_flush(void)
{
    fflush(stdout);
    if (out_stream) fflush(out_stream);
    if (err_stream) fflush(err_stream);
}

void async_output_close(void)
{
    if (out_stream) fclose(out_stream);
    if (err_stream) fclose(err_stream);
    out_stream = err_stream = NULL;
}

void async_output_begin(void)
{
    prompt.armed = true;
    prompt.cleared = false;
}

void async_output_end(void)
{
    async_output_flush();                /* a partial line is output too */
    if (prompt.cleared) {
        if (prompt.last != '\n') rl_crlf();    /* the prompt starts a line */
        rl_forced_update_display();
    }
    prompt.armed = prompt.cleared = false;
}
