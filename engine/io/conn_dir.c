/* conn_dir — the 'directory' connector: every file of a directory, once.
 *
 * Like Spark's file source: the files already in the directory (option
 * `path`) are read first, then each new file that appears, each read
 * whole, in name order (bytewise) within one listing. A file is never read
 * twice: names already taken are remembered, so a file that grows or is
 * rewritten under the same name afterwards is not read again.
 *
 * Writing files into a watched directory: write under a temporary name and
 * rename when complete (rename is atomic within a file system). Skipped as
 * "still being written" are hidden names (leading '.') and names ending in
 * ".tmp", ".partial" or "._COPYING_" (what `hdfs dfs -put` uses); they are
 * taken under their final name after the rename. Subdirectories and other
 * non-regular files are ignored.
 *
 * Each file is one part (see io_internal.h): its last line needs no
 * newline, its line numbers (and CSV header) are its own, and bad-record
 * reports name it: "stream logs (data/logs/b.csv), line 3: ...".
 *
 * max_files_per_batch = N: once N files were started in a micro-batch and
 * the last of them is finished, nothing more is read until the next
 * input_begin_batch. A STREAM is unbounded and polled on a timer (input_fd
 * is -1; each poll with no file left lists the directory again); a TABLE
 * reads the files present at open, whole (max_files_per_batch does not
 * apply), and ends. available_now = true makes a STREAM read the files
 * present at open (max_files_per_batch applies) and end.
 *
 * Errors: a missing directory fails input_open —
 *   directory "x" for stream logs does not exist
 * a file that cannot be read is skipped —
 *   warning: cannot read file "x/b.csv" for stream logs: Permission denied (skipped)
 * a directory that cannot be listed any more is said once, then retried —
 *   warning: cannot list directory "x" for stream logs: No such file or directory */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/mem.h"
#include "io_internal.h"

static const char *const dir_options[] = {"path", "max_files_per_batch", "available_now", NULL};

typedef struct NameList {
    char **v;
    size_t n, cap;
} NameList;

typedef struct DirState {
    NameList seen;       /* names taken (sorted) */
    NameList todo;       /* new names of the last listing (sorted) */
    size_t next;         /* next index in todo */
    char *file;          /* "dir/name" of the file being read */
    int64_t max_files;   /* 0: no limit */
    int64_t started;     /* files started in this micro-batch */
    bool bounded;        /* a TABLE: the first listing only */
    bool listed;         /* the first listing happened */
    bool list_failed;    /* said that listing failed */
} DirState;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_free(NameList *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    *l = (NameList){0};
}

static void names_push(NameList *l, char *name)
{
    if (l->n == l->cap) l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = name;
}

static bool seen(const DirState *st, const char *name)
{
    return st->seen.n && bsearch(&name, st->seen.v, st->seen.n, sizeof *st->seen.v, cmp_name);
}

/* Insert into the sorted `seen` list (it takes ownership). */
static void mark_seen(DirState *st, char *name)
{
    NameList *l = &st->seen;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(l->v[mid], name) < 0) lo = mid + 1;
        else hi = mid;
    }
    names_push(l, name);
    memmove(l->v + lo + 1, l->v + lo, (l->n - 1 - lo) * sizeof *l->v);
    l->v[lo] = name;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A file still being written, by the naming convention above. */
static bool in_progress(const char *name)
{
    return name[0] == '.' || has_suffix(name, ".tmp") || has_suffix(name, ".partial") ||
           has_suffix(name, "._COPYING_");
}

/* List the directory: the names not taken yet go to todo, sorted. */
static void list_dir(Input *in, Conn *c, DirState *st)
{
    for (size_t i = st->next; i < st->todo.n; i++) free(st->todo.v[i]);
    st->todo.n = st->next = 0;
    st->listed = true;
    DIR *dir = opendir(c->path);
    if (!dir) {
        if (!st->list_failed)
            input_warn(in, "cannot list directory \"%s\" for %s: %s", c->path, in->what,
                       strerror(errno));
        st->list_failed = true;
        return;
    }
    st->list_failed = false;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (in_progress(e->d_name) || e->d_type == DT_DIR || seen(st, e->d_name)) continue;
        names_push(&st->todo, xstrdup(e->d_name));
    }
    closedir(dir);
    if (st->todo.n > 1) qsort(st->todo.v, st->todo.n, sizeof *st->todo.v, cmp_name);
}

/* Open the next new file into c->fd. false: none left for now. */
static bool open_next(Input *in, Conn *c, DirState *st)
{
    for (;;) {
        if (st->next == st->todo.n) {
            if (st->bounded && st->listed) return false;
            list_dir(in, c, st);
            if (st->todo.n == 0) return false;
        }
        char *name = st->todo.v[st->next++];
        mark_seen(st, name);
        free(st->file);
        size_t dl = strlen(c->path);
        StrBuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s%s%s", c->path, dl && c->path[dl - 1] == '/' ? "" : "/", name);
        st->file = sb_take(&sb);
        /* O_NONBLOCK: a FIFO must not block the open; it is skipped below. */
        int fd = open(st->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        struct stat sb2;
        if (fd < 0 || fstat(fd, &sb2) < 0) {
            input_warn(in, "cannot read file \"%s\" for %s: %s (skipped)", st->file, in->what,
                       strerror(errno));
            if (fd >= 0) close(fd);
            continue;
        }
        if (!S_ISREG(sb2.st_mode)) {     /* a subdirectory, FIFO, socket: not data */
            close(fd);
            continue;
        }
        c->fd = fd;
        st->started++;
        input_set_label(in, st->file);
        return true;
    }
}

static ConnRead dir_read(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    (void)d;
    DirState *st = c->state;
    *n = 0;
    if (c->fd < 0) {
        if (st->max_files && st->started >= st->max_files) return CONN_NONE;
        if (!open_next(in, c, st)) return st->bounded ? CONN_EOF : CONN_NONE;
    }
    ssize_t got;
    do got = read(c->fd, buf, cap); while (got < 0 && errno == EINTR);
    if (got > 0) { *n = (size_t)got; return CONN_DATA; }
    if (got < 0)   /* what was read of it stays read */
        input_warn(in, "cannot read file \"%s\" for %s: %s (skipped the rest)", st->file,
                   in->what, strerror(errno));
    close(c->fd);
    c->fd = -1;
    return CONN_PART_END;
}

static int dir_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)stdin_fd;
    struct stat sb;
    if (stat(c->path, &sb) < 0) {
        if (errno == ENOENT) {
            diag_error(d, SPAN_NONE, "directory \"%s\" for %s does not exist", c->path, in->what);
            diag_hint(d, "create it first, or check the path");
            return -1;
        }
        return diag_error(d, SPAN_NONE, "cannot open directory \"%s\" for %s: %s", c->path,
                          in->what, strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode)) {
        diag_error(d, SPAN_NONE, "\"%s\" for %s is not a directory", c->path, in->what);
        diag_hint(d, "use connector = 'file' to read one file");
        return -1;
    }
    DIR *dir = opendir(c->path);
    if (!dir)
        return diag_error(d, SPAN_NONE, "cannot open directory \"%s\" for %s: %s", c->path,
                          in->what, strerror(errno));
    closedir(dir);
    DirState *st = xcalloc(1, sizeof *st);
    /* available_now = true (Spark's Trigger.AvailableNow, per input): a
     * STREAM takes the files of the first listing, max_files_per_batch
     * per micro-batch, and then ends. */
    st->bounded = !in->cfg.is_stream || in->cfg.available_now;
    st->max_files = in->cfg.is_stream ? in->cfg.max_files : 0;   /* a TABLE is read whole */
    c->state = st;
    c->fd = -1;
    c->own_fd = true;
    return 0;
}

static void dir_begin_batch(Conn *c)
{
    DirState *st = c->state;
    st->started = 0;
}

static int dir_fd(const Conn *c)
{
    (void)c;
    return -1;
}

static bool dir_bounded(const Conn *c)
{
    const DirState *st = c->state;
    return st->bounded;
}

static void dir_close(Conn *c)
{
    conn_fd_close(c);
    DirState *st = c->state;
    if (!st) return;
    names_free(&st->seen);
    for (size_t i = st->next; i < st->todo.n; i++) free(st->todo.v[i]);  /* the rest are in seen */
    free(st->todo.v);
    free(st->file);
    free(st);
    c->state = NULL;
}

const ConnVtab conn_directory = {
    .name = "directory",
    .options = dir_options,
    .open = dir_open,
    .read = dir_read,
    .fd = dir_fd,
    .bounded = dir_bounded,
    .close = dir_close,
    .begin_batch = dir_begin_batch,
};
