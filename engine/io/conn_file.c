/* conn_file — the 'file' connector: one file named by option `path`.
 *
 * Read from start to end, then the input ends. With tail = true it follows
 * the file like `tail -F` (unbounded; input_fd is -1 for a regular file,
 * so the scheduler polls on a timer; a partial last line waits for its
 * newline). Checked each time the end of the file is reached:
 *   - truncation: the file is now shorter than what was read, so it is
 *     read again from the start —
 *       warning: file "x" for stream logs was truncated; reading it again from the start
 *   - rotation: the path names another file now (the old one was renamed
 *     away and a new one created). The old file is read to its end, then
 *     the new one from its start —
 *       note: file "x" for stream logs was replaced; reading the new file from its start
 *   - a missing file (at open) is waited for, said once —
 *       warning: file "x" for stream logs does not exist; waiting for it to appear
 *     While the path is missing after a rename, the old file is still
 *     followed (its writer may not have reopened yet).
 * Truncation and rotation end a part: the line numbers of reports count
 * from 1 again. Like tail, a truncation followed by growth past the old
 * size between two polls goes unnoticed. A FIFO works too and is
 * poll()able (no truncation or rotation checks). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/mem.h"
#include "io_internal.h"

static const char *const file_options[] = {"path", "tail", NULL};

typedef struct FileState {
    dev_t dev;          /* identity of the open file, to notice rotation */
    ino_t ino;
    bool waiting;       /* said that the file does not exist yet */
} FileState;

/* Open c->path: 0 opened, 1 missing while tailing (wait), -1 error. */
static int open_path(Input *in, Conn *c, Diag *d)
{
    FileState *st = c->state;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat sb;
    if (fd < 0 && errno == ENOENT && c->tail) {
        if (!st->waiting)
            input_warn(in, "file \"%s\" for %s does not exist; waiting for it to appear",
                       c->path, in->what);
        st->waiting = true;
        return 1;
    }
    if (fd < 0 || fstat(fd, &sb) < 0) {
        int e = errno;
        if (fd >= 0) close(fd);
        return diag_error(d, SPAN_NONE, "cannot open file \"%s\" for %s: %s",
                          c->path, in->what, strerror(e));
    }
    if (S_ISDIR(sb.st_mode)) {
        close(fd);
        diag_error(d, SPAN_NONE, "cannot open file \"%s\" for %s: it is a directory",
                   c->path, in->what);
        diag_hint(d, "a file connector reads one file; use connector = 'directory' "
                     "to read every file in it");
        return -1;
    }
    if (st->waiting) input_note(in, "file \"%s\" for %s appeared", c->path, in->what);
    st->waiting = false;
    st->dev = sb.st_dev;
    st->ino = sb.st_ino;
    c->fd = fd;
    c->own_fd = true;
    c->pollable = !S_ISREG(sb.st_mode);
    return 0;
}

static int file_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)stdin_fd;
    c->state = xcalloc(1, sizeof(FileState));
    return open_path(in, c, d) < 0 ? -1 : 0;
}

/* At the end of a tailed regular file: truncated? replaced? */
static ConnRead check_tail(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    FileState *st = c->state;
    struct stat sb;
    off_t pos = lseek(c->fd, 0, SEEK_CUR);
    if (fstat(c->fd, &sb) == 0 && pos > sb.st_size) {
        if (lseek(c->fd, 0, SEEK_SET) < 0) {
            diag_error(d, SPAN_NONE, "cannot read %s: %s", in->label, strerror(errno));
            return CONN_ERR;
        }
        input_warn(in, "file \"%s\" for %s was truncated; reading it again from the start",
                   c->path, in->what);
        return CONN_PART_END;
    }
    /* Missing: renamed away, the new one not created yet; keep the old. */
    if (stat(c->path, &sb) < 0) return CONN_NONE;
    if (sb.st_dev == st->dev && sb.st_ino == st->ino) return CONN_NONE;
    /* Rotated: what was appended to the old file since our last read
     * comes first. */
    ConnRead r = conn_read_fd(in, c, buf, cap, n, d);
    if (r != CONN_NONE) return r;
    input_note(in, "file \"%s\" for %s was replaced; reading the new file from its start",
               c->path, in->what);
    close(c->fd);
    c->fd = -1;                /* the next read opens the new file */
    return CONN_PART_END;
}

static ConnRead file_read(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    *n = 0;
    if (c->fd < 0) {           /* tailing a file that is not there (yet) */
        int r = open_path(in, c, d);
        if (r != 0) return r < 0 ? CONN_ERR : CONN_NONE;
    }
    ConnRead r = conn_read_fd(in, c, buf, cap, n, d);
    if (r != CONN_NONE || !c->tail || c->pollable) return r;
    return check_tail(in, c, buf, cap, n, d);
}

static bool file_bounded(const Conn *c)
{
    return !c->tail;
}

static void file_close(Conn *c)
{
    conn_fd_close(c);
    free(c->state);
    c->state = NULL;
}

const ConnVtab conn_file = {
    .name = "file",
    .options = file_options,
    .open = file_open,
    .read = file_read,
    .fd = conn_fd_poll,
    .bounded = file_bounded,
    .close = file_close,
};
