/* conn_stdin — the 'stdin' connector: the descriptor given to input_open.
 *
 * Bounded: end of file (the writer closed the pipe) ends the input. The
 * descriptor is not ours; it is never closed or made non-blocking. */
#include <sys/stat.h>

#include "io_internal.h"

static const char *const stdin_options[] = {NULL};

static int stdin_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)in;
    (void)d;
    struct stat st;
    c->fd = stdin_fd;
    c->own_fd = false;
    c->pollable = !(fstat(stdin_fd, &st) == 0 && S_ISREG(st.st_mode));
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
