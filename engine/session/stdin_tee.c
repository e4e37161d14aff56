/* stdin_tee — standard input copied to every input that reads it (see
 * stdin_tee.h). */
#include "stdin_tee.h"
#include "engine/base/mem.h"
#include "engine/base/strbuf.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { TEE_MAX = 16, CHUNK = 1 << 20, PUMP_MAX = 8 << 20, PIPE_SIZE = 1 << 20,
       BACKLOG_LIMIT = 64 * 1024 * 1024 };

typedef struct TeeSub {
    bool live;
    int rfd, wfd;          /* wfd -1 once closed (end of input, drained) */
    StrBuf backlog;        /* read but not yet accepted by the pipe */
    size_t sent;           /* bytes of backlog already written */
} TeeSub;

struct StdinTee {
    int fd0;               /* the descriptor number readers were given first */
    int src;               /* where standard input is read from once shared */
    bool shared;           /* the tee is copying (two readers came) */
    bool direct;           /* a lone reader holds fd0 itself */
    bool eof;
    TeeSub subs[TEE_MAX];
};

StdinTee *tee_new(int src)
{
    StdinTee *t = xcalloc(1, sizeof *t);
    t->fd0 = t->src = src;
    return t;
}

static int new_pipe(StdinTee *t, TeeSub *s, Diag *d);

/* A second reader arrives while one reads fd0 directly: keep standard
 * input on a descriptor of our own and put a pipe where fd0 was, so the
 * first reader reads our copy from now on (it keeps what it already read). */
static int share(StdinTee *t, Diag *d)
{
    int src = dup(t->fd0);
    if (src < 0) return diag_error(d, SPAN_NONE, "cannot share standard input: %s", strerror(errno));
    fcntl(src, F_SETFD, FD_CLOEXEC);
    TeeSub *first = &t->subs[0];
    if (new_pipe(t, first, d) < 0) {
        close(src);
        return -1;
    }
    dup2(first->rfd, t->fd0);                 /* fd0 is now the pipe's read end */
    close(first->rfd);
    first->rfd = t->fd0;
    t->src = src;
    t->shared = true;
    t->direct = false;
    return 0;
}

static void drop(TeeSub *s)
{
    if (s->wfd >= 0) close(s->wfd);
    close(s->rfd);
    sb_free(&s->backlog);
    memset(s, 0, sizeof *s);
}

void tee_free(StdinTee *t)
{
    if (!t) return;
    for (int i = 0; i < TEE_MAX; i++)
        if (t->subs[i].live) drop(&t->subs[i]);
    if (t->shared) close(t->src);
    free(t);
}

/* A pipe for subscriber s: write end non-blocking and large. */
static int new_pipe(StdinTee *t, TeeSub *s, Diag *d)
{
    int p[2];
    if (pipe(p) < 0)
        return diag_error(d, SPAN_NONE, "cannot share standard input: %s", strerror(errno));
    fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
    fcntl(p[1], F_SETPIPE_SZ, PIPE_SIZE);     /* best effort: fewer round trips */
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    *s = (TeeSub){.live = true, .rfd = p[0], .wfd = p[1]};
    if (t->eof) {                             /* standard input already ended */
        close(s->wfd);
        s->wfd = -1;
    }
    return 0;
}

int tee_open(StdinTee *t, Diag *d)
{
    if (!t->shared && !t->direct) {           /* a lone reader: the real thing */
        t->direct = true;
        return t->fd0;
    }
    if (!t->shared && share(t, d) < 0) return -1;
    for (int i = 0; i < TEE_MAX; i++) {
        TeeSub *s = &t->subs[i];
        if (s->live) continue;
        if (new_pipe(t, s, d) < 0) return -1;
        return s->rfd;
    }
    return diag_error(d, SPAN_NONE, "too many inputs read standard input (at most %d)", TEE_MAX);
}

void tee_close(StdinTee *t, int rfd)
{
    if (t->direct && rfd == t->fd0) {         /* the lone reader left: fd0 stays */
        t->direct = false;
        return;
    }
    for (int i = 0; i < TEE_MAX; i++)
        if (t->subs[i].live && t->subs[i].rfd == rfd) drop(&t->subs[i]);
}

/* Write what the pipe accepts; close it at the end once drained. */
static void flush(StdinTee *t, TeeSub *s)
{
    while (s->wfd >= 0 && s->sent < s->backlog.len) {
        ssize_t n = write(s->wfd, s->backlog.data + s->sent, s->backlog.len - s->sent);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN) s->sent = s->backlog.len;   /* reader gone: discard */
            break;
        }
        s->sent += (size_t)n;
    }
    if (s->sent == s->backlog.len) {
        sb_reset(&s->backlog);
        s->sent = 0;
        if (t->eof && s->wfd >= 0) {
            close(s->wfd);
            s->wfd = -1;
        }
    }
}

void tee_pump(StdinTee *t, int timeout_ms)
{
    if (!t->shared) return;                   /* a lone reader reads for itself */
    bool readers = false, room = true;
    for (int i = 0; i < TEE_MAX; i++) {
        TeeSub *s = &t->subs[i];
        if (!s->live) continue;
        flush(t, s);
        readers = true;
        if (s->backlog.len - s->sent > BACKLOG_LIMIT) room = false;
    }
    /* Without a reader, input stays in the kernel for the next one. */
    if (t->eof || !readers || !room) return;
    /* Take what standard input has now (up to PUMP_MAX per call), so a
     * fast producer fills the readers' pipes in one go. */
    static_assert(CHUNK <= PUMP_MAX, "chunk");
    char *buf = xmalloc(CHUNK);
    for (size_t total = 0; total < PUMP_MAX && !t->eof;) {
        struct pollfd p = {.fd = t->src, .events = POLLIN};
        if (poll(&p, 1, total ? 0 : timeout_ms) <= 0) break;
        ssize_t n = read(t->src, buf, CHUNK);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) break;
        if (n <= 0) t->eof = true;           /* end, or an error: end it */
        for (int i = 0; i < TEE_MAX; i++) {
            TeeSub *s = &t->subs[i];
            if (!s->live) continue;
            if (n > 0) sb_append(&s->backlog, buf, (size_t)n);
            flush(t, s);
        }
        if (n > 0) total += (size_t)n;
    }
    free(buf);
}

int tee_fds(const StdinTee *t, struct pollfd *fds, int max)
{
    if (!t->shared) return 0;
    int n = 0;
    bool readers = false, room = true;
    for (int i = 0; i < TEE_MAX && n < max; i++) {
        const TeeSub *s = &t->subs[i];
        if (!s->live) continue;
        readers = true;
        if (s->backlog.len - s->sent > BACKLOG_LIMIT) room = false;
        if (s->wfd >= 0 && s->sent < s->backlog.len) fds[n++] = (struct pollfd){.fd = s->wfd, .events = POLLOUT};
    }
    /* Standard input only when its data has somewhere to go. */
    if (readers && room && !t->eof && n < max) fds[n++] = (struct pollfd){.fd = t->src, .events = POLLIN};
    return n;
}
