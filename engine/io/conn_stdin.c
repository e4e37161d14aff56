/* conn_stdin — the 'stdin' connector: the descriptor given to input_open.
 *
 * Bounded: end of file (the writer closed the pipe) ends the input. The
 * descriptor is not ours; it is never closed or made non-blocking. */
#include <fcntl.h>
#include <sys/stat.h>

#include "io_internal.h"

/* Linux pipes hold 64 KiB by default: a fast writer then wakes the reader
 * (and waits for it) every 64 KiB. A larger pipe moves data in larger
 * steps; failing (no permission, not Linux) changes nothing. */
static void widen_pipe(int fd, const struct stat *st)
{
#ifdef F_SETPIPE_SZ
    if (S_ISFIFO(st->st_mode)) (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
    (void)fd;
    (void)st;
#endif
}

static const char *const stdin_options[] = {NULL};

static int stdin_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)in;
    (void)d;
    struct stat st;
    c->fd = stdin_fd;
    c->own_fd = false;
    bool have = fstat(stdin_fd, &st) == 0;
    c->pollable = !(have && S_ISREG(st.st_mode));
    if (have) widen_pipe(stdin_fd, &st);
    return 0;
}

static bool stdin_bounded(const Conn *c)
{
    (void)c;
    return true;
}

const ConnVtab conn_stdin = {
    .name = "stdin",
    .options = stdin_options,
    .open = stdin_open,
    .read = conn_read_fd,
    .fd = conn_fd_poll,
    .bounded = stdin_bounded,
    .close = conn_fd_close,
};
