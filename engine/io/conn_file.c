/* conn_file — the 'file' connector: one file named by option `path`.
 *
 * Read from start to end, then the input ends; with tail = true it keeps
 * following the file as it grows (unbounded; input_fd is -1 for a regular
 * file, so the scheduler polls it on a timer; a partial last line waits
 * for its newline). A FIFO works too and is poll()able. Not handled:
 * truncation or rotation of a tailed file. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io_internal.h"

static const char *const file_options[] = {"path", "tail", NULL};

static int file_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)stdin_fd;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        int e = errno;
        if (fd >= 0) close(fd);
        return diag_error(d, SPAN_NONE, "cannot open file \"%s\" for %s: %s",
                          c->path, in->what, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        diag_error(d, SPAN_NONE, "cannot open file \"%s\" for %s: it is a directory",
                   c->path, in->what);
        diag_hint(d, "a file connector reads one file; give the path of a file");
        return -1;
    }
    c->fd = fd;
    c->own_fd = true;
    c->pollable = !S_ISREG(st.st_mode);
    return 0;
}

static bool file_bounded(const Conn *c)
{
    return !c->tail;
}

const ConnVtab conn_file = {
    .name = "file",
    .options = file_options,
    .open = file_open,
    .read = conn_read_fd,
    .fd = conn_fd_poll,
    .bounded = file_bounded,
    .close = conn_fd_close,
};
