/* conn_socket — the 'socket' connector: lines from a TCP connection.
 *
 * Like Spark's socket source (fed by `nc -lk 12345`): connects to options
 * `host` (default localhost) and `port` at input_open — IPv4 or IPv6,
 * every address getaddrinfo gives, in order — and reads what the server
 * sends, in any format (normally text: one line, one row). Reads never
 * block (O_NONBLOCK); input_fd is the socket while connected.
 *
 * A connection that fails at open is an error:
 *   cannot connect to localhost:12345 for stream lines: Connection refused
 *   hint: start a server first, e.g. nc -lk 12345
 * When the server closes the connection the input ends (bounded), its
 * unterminated last line being a record. With reconnect = true it never
 * ends (unbounded): a lost connection is said on err and retried, with a
 * backoff from 100 ms up to 1 s, without blocking (input_next returns 0
 * and input_fd is -1 while disconnected); a failed connect at open is
 * retried the same way instead of being an error:
 *   warning: connection to localhost:12345 for stream lines was closed by the peer; reconnecting
 *   warning: connection to localhost:12345 for stream lines lost: Connection reset by peer; reconnecting
 *   warning: cannot connect to localhost:12345 for stream lines: Connection refused; retrying
 *   note: reconnected to localhost:12345 for stream lines
 * Each connection is a part: line numbers in reports start again at 1.
 * The host name is resolved once, at open (getaddrinfo may block). The
 * connect at open waits up to 5 s per address, and gives up when the
 * query is interrupted (SIGINT/SIGTERM):
 *   interrupted while connecting to localhost:12345 for stream lines */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/base/mem.h"
#include "io_internal.h"

#define CONNECT_TIMEOUT_MS 5000   /* per address, at open */
#define CONNECT_SLICE_MS 100      /* how often a waiting connect looks at the interrupt */
#define RETRY_MIN_MS 100
#define RETRY_MAX_MS 1000

static const char *const socket_options[] = {"host", "port", "reconnect", NULL};

enum { S_CONNECTED, S_CONNECTING, S_WAITING };

typedef struct SockState {
    struct addrinfo *ai;    /* addresses of host:port, resolved at open */
    struct addrinfo *cur;   /* S_CONNECTING: the address being tried */
    int pending_fd;         /* S_CONNECTING: its socket, or -1 */
    char *where;            /* "localhost:12345", "[::1]:12345" */
    int state;
    int64_t retry_at;       /* S_WAITING: next attempt (conn_mono_ms) */
    int delay_ms;           /* the backoff after the next failed attempt */
    bool reconnect;
    bool was_connected;
} SockState;

/* Start a non-blocking connect: 0 connected, 1 in progress (*fd set
 * either way), or -errno. */
static int start_connect(const struct addrinfo *a, int *fd_out)
{
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) return -errno;
    *fd_out = fd;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) return 0;
    /* EINTR: the connect goes on asynchronously, like EINPROGRESS. */
    if (errno == EINPROGRESS || errno == EINTR) return 1;
    int e = errno;
    close(fd);
    *fd_out = -1;
    return -e;
}

/* A connect in progress became writable: 0 connected, or -errno. */
static int finish_connect(int fd)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    return -err;
}

/* Errors that only say this address family is unusable here: another
 * address's error says more. */
static bool uninformative(int e)
{
    return e == EAFNOSUPPORT || e == EADDRNOTAVAIL || e == ENETUNREACH;
}

static bool interrupted(const Input *in) { return in->interrupt && *in->interrupt; }

/* Wait for a connect in progress: 0, or -errno (-ETIMEDOUT, -EINTR once
 * interrupted). The wait is cut in slices, so that a signal landing just
 * before poll() is seen too (one landing during it ends the slice). */
static int await_connect(const Input *in, int fd)
{
    int64_t deadline = conn_mono_ms() + CONNECT_TIMEOUT_MS;
    for (;;) {
        if (interrupted(in)) return -EINTR;
        int64_t left = deadline - conn_mono_ms();
        if (left <= 0) return -ETIMEDOUT;
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int pr = poll(&p, 1, left < CONNECT_SLICE_MS ? (int)left : CONNECT_SLICE_MS);
        if (pr > 0) return finish_connect(fd);
        if (pr < 0 && errno != EINTR) return -errno;
    }
}

/* Connect, waiting (at open only): 0 with *fd_out, or an errno (EINTR:
 * interrupted). */
static int connect_now(const Input *in, SockState *st, int *fd_out)
{
    int err = 0;
    for (const struct addrinfo *a = st->ai; a; a = a->ai_next) {
        int fd = -1, r = start_connect(a, &fd);
        if (r == 1) {
            r = await_connect(in, fd);
            if (r < 0) close(fd);
        }
        if (r == 0) { *fd_out = fd; return 0; }
        if (r == -EINTR) return EINTR;
        if (!err || uninformative(err)) err = -r;
    }
    return err ? err : ECONNREFUSED;
}

static void connected(Input *in, Conn *c, SockState *st, int fd)
{
    c->fd = fd;
    st->state = S_CONNECTED;
    st->delay_ms = RETRY_MIN_MS;
    input_note(in, "%s %s for %s", st->was_connected ? "reconnected to" : "connected to",
               st->where, in->what);
    st->was_connected = true;
}

static void wait_retry(SockState *st)
{
    st->state = S_WAITING;
    st->retry_at = conn_mono_ms() + st->delay_ms;
    st->delay_ms = st->delay_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : st->delay_ms * 2;
}

/* One step of reconnecting, never waiting: true once connected. */
static bool reconnect_step(Input *in, Conn *c, SockState *st)
{
    if (st->state == S_WAITING) {
        if (conn_mono_ms() < st->retry_at) return false;
        st->state = S_CONNECTING;
        st->cur = st->ai;
        st->pending_fd = -1;
    }
    for (; st->cur; st->cur = st->cur->ai_next) {
        int r = 1;
        if (st->pending_fd < 0 && (r = start_connect(st->cur, &st->pending_fd)) < 0) continue;
        if (r == 1) {
            struct pollfd p = {.fd = st->pending_fd, .events = POLLOUT};
            if (poll(&p, 1, 0) == 0) return false;       /* still connecting */
            if (finish_connect(st->pending_fd) < 0) {
                close(st->pending_fd);
                st->pending_fd = -1;
                continue;
            }
        }
        int fd = st->pending_fd;
        st->pending_fd = -1;
        connected(in, c, st, fd);
        return true;
    }
    wait_retry(st);
    return false;
}

/* The peer closed (err 0) or the connection failed. */
static ConnRead lost(Input *in, Conn *c, SockState *st, int err, Diag *d)
{
    if (!st->reconnect) {
        if (err == 0) return CONN_EOF;
        diag_error(d, SPAN_NONE, "connection to %s for %s failed: %s", st->where, in->what,
                   strerror(err));
        return CONN_ERR;
    }
    close(c->fd);
    c->fd = -1;
    if (err == 0)
        input_warn(in, "connection to %s for %s was closed by the peer; reconnecting",
                   st->where, in->what);
    else
        input_warn(in, "connection to %s for %s lost: %s; reconnecting", st->where, in->what,
                   strerror(err));
    st->state = S_WAITING;              /* one attempt right away, then back off */
    st->retry_at = 0;
    st->delay_ms = RETRY_MIN_MS;
    return CONN_PART_END;
}

static ConnRead sock_read(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    SockState *st = c->state;
    *n = 0;
    if (st->state != S_CONNECTED && !reconnect_step(in, c, st)) return CONN_NONE;
    ssize_t got;
    do got = read(c->fd, buf, cap); while (got < 0 && errno == EINTR);
    if (got > 0) { *n = (size_t)got; return CONN_DATA; }
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return CONN_NONE;
    return lost(in, c, st, got == 0 ? 0 : errno, d);
}

static int sock_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)stdin_fd;
    const InputConfig *cfg = &in->cfg;
    SockState *st = xcalloc(1, sizeof *st);
    c->state = st;
    c->fd = st->pending_fd = -1;
    c->own_fd = true;
    c->pollable = true;
    st->reconnect = cfg->reconnect;
    st->delay_ms = RETRY_MIN_MS;
    StrBuf sb = STRBUF_INIT;
    bool v6 = strchr(cfg->host, ':') != NULL;
    sb_printf(&sb, "%s%s%s:%d", v6 ? "[" : "", cfg->host, v6 ? "]" : "", cfg->port);
    st->where = sb_take(&sb);
    input_set_label(in, st->where);

    char port[16];
    snprintf(port, sizeof port, "%d", cfg->port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    int gai = getaddrinfo(cfg->host, port, &hints, &st->ai);
    if (gai != 0)
        return diag_error(d, SPAN_NONE, "cannot resolve host \"%s\" for %s: %s", cfg->host,
                          in->what, gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
    int fd = -1, err = connect_now(in, st, &fd);
    if (err == 0) {
        c->fd = fd;
        st->state = S_CONNECTED;
        st->was_connected = true;
        return 0;
    }
    if (err == EINTR)
        return diag_error(d, SPAN_NONE, "interrupted while connecting to %s for %s", st->where,
                          in->what);
    if (!st->reconnect) {
        diag_error(d, SPAN_NONE, "cannot connect to %s for %s: %s", st->where, in->what,
                   strerror(err));
        if (err == ECONNREFUSED) diag_hint(d, "start a server first, e.g. nc -lk %d", cfg->port);
        return -1;
    }
    input_warn(in, "cannot connect to %s for %s: %s; retrying", st->where, in->what,
               strerror(err));
    wait_retry(st);
    return 0;
}

static bool sock_bounded(const Conn *c)
{
    const SockState *st = c->state;
    return !st->reconnect;
}

static void sock_close(Conn *c)
{
    conn_fd_close(c);
    SockState *st = c->state;
    if (!st) return;
    if (st->pending_fd >= 0) close(st->pending_fd);
    if (st->ai) freeaddrinfo(st->ai);
    free(st->where);
    free(st);
    c->state = NULL;
}

const ConnVtab conn_socket = {
    .name = "socket",
    .options = socket_options,
    .open = sock_open,
    .read = sock_read,
    .fd = conn_fd_poll,
    .bounded = sock_bounded,
    .close = sock_close,
};
