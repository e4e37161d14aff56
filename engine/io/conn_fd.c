/* conn_fd — reading a descriptor without blocking, for every connector.
 *
 * A pollable descriptor (pipe, tty, socket) is poll()ed with a zero
 * timeout first, so a read never waits: the caller gets CONN_NONE and the
 * scheduler waits on input_fd(). Regular files are always ready. The
 * descriptor's flags are left alone (stdin is shared with the shell).
 * Also the monotonic clock the connectors' retry timers use. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io_internal.h"

ConnRead conn_read_fd(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    *n = 0;
    if (c->pollable) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        int r;
        do r = poll(&pfd, 1, 0); while (r < 0 && errno == EINTR);
        if (r == 0) return CONN_NONE;
        if (r < 0) goto fail;
    }
    ssize_t got;
    do got = read(c->fd, buf, cap); while (got < 0 && errno == EINTR);
    if (got > 0) { *n = (size_t)got; return CONN_DATA; }
    if (got == 0) return c->tail ? CONN_NONE : CONN_EOF;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return CONN_NONE;
fail:
    diag_error(d, SPAN_NONE, "cannot read %s: %s", in->label, strerror(errno));
    return CONN_ERR;
}

int conn_fd_poll(const Conn *c)
{
    return c->pollable ? c->fd : -1;
}

void conn_fd_close(Conn *c)
{
    if (c->own_fd && c->fd >= 0) close(c->fd);
    c->fd = -1;
}

int64_t conn_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
