/* sink_writer — CREATE SINK options and the atomic file/stdout writer
 * behind INSERT INTO (see sink_writer.h for the user-visible contract).
 *
 * Every micro-batch is formatted into one memory buffer (with the
 * console's csv/json row code, render_csv.c / render_json.c) and only
 * sink_commit touches the destination:
 *   per_batch  commit_new_file: a temp file ".batch-N.EXT.XXXXXXXX.tmp"
 *              (random suffix) created with openat(O_EXCL|O_NOFOLLOW),
 *              written, fsync'ed, renamed to "batch-N.EXT" without
 *              replacing anything, directory fsync'ed;
 *   append     one write loop at the end of the file, fsync; on error the
 *              file is cut back to its end before this batch;
 *   stdout     fwrite + fflush.
 * A file sink holds an exclusive flock on its file (append) or directory
 * (per_batch) from open to close: one sluice writer at a time. It never
 * changes bytes it did not write: an appended file must end with a whole
 * line; a directory's earlier batch files are kept and this run's are
 * numbered after them. Not here: checkpoints and exactly-once restart. */
#include "sink_writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "engine/base/mem.h"
#include "engine/base/strbuf.h"
#include "render_int.h"

/* Random characters in a temporary file's name. */
enum { TEMP_RANDOM_LEN = 8 };

typedef enum SinkConn { SINK_FILE, SINK_STDOUT } SinkConn;

/* A checked sink definition; strings point into the Options. */
typedef struct SinkConfig {
    SinkConn conn;
    OutputFormat fmt;     /* FORMAT_CSV or FORMAT_JSON */
    const char *path;     /* file only */
    bool per_batch;
    bool header;          /* csv only */
} SinkConfig;

struct SinkWriter {
    char *name;
    char *path;           /* file or directory; "stdout" for the stdout sink */
    SinkConfig cfg;
    Renderer *rf;         /* formatting context only: never writes */
    FILE *out;            /* stdout connector */
    int fd;               /* append: the file */
    int dir_fd;           /* per_batch: the directory */
    bool regular;         /* append: a regular file (can be cut back) */
    bool broken;          /* append: a failed write could not be undone */
    off_t size;           /* append: the file's size after our last commit */
    int64_t first_file;   /* per_batch: the file number of batch 0 */
    bool dest_has_header; /* the destination already starts with the csv header */
    int64_t batch_id;
    int64_t batch_rows;   /* rows in buf */
    int64_t rows;         /* committed */
    StrBuf buf;           /* the current batch, formatted */
};

/* ---- options --------------------------------------------------------- */

static const char *const conn_names[] = {"file", "stdout"};
static const char *const format_names[] = {"csv", "json"};
static const char *const option_names[] = {"connector", "path", "format", "per_batch", "header"};
#define N_OPTION_NAMES ((int)(sizeof option_names / sizeof *option_names))

static Span opt_span(const Option *o)
{
    return o ? (Span){o->span_off, o->span_len} : SPAN_NONE;
}

/* Index of v in names (case-insensitive), or -1 with an error and a hint. */
static int pick(const Option *o, const char *what, const char *const *names, int n,
                const char *sink, Diag *d)
{
    for (int i = 0; i < n; i++)
        if (strcasecmp(o->value, names[i]) == 0) return i;
    diag_error(d, opt_span(o), "unknown %s \"%s\" for sink %s", what, o->value, sink);
    const char *close = diag_closest(o->value, names, n);
    if (close) {
        diag_hint(d, "did you mean '%s'?", close);
    } else {
        StrBuf sb = STRBUF_INIT;
        for (int i = 0; i < n; i++) sb_printf(&sb, "%s%s", i ? ", " : "", names[i]);
        diag_hint(d, "sink %ss: %s", what, sb_str(&sb));
        sb_free(&sb);
    }
    return -1;
}

static int parse_bool(const Option *o, bool *out, Diag *d)
{
    if (strcasecmp(o->value, "true") == 0) *out = true;
    else if (strcasecmp(o->value, "false") == 0) *out = false;
    else
        return diag_error(d, opt_span(o), "invalid value \"%s\" for option \"%s\": "
                          "expected true or false", o->value, o->key);
    return 0;
}

/* Decode and check the options into cfg (no I/O). */
static int sink_config(const char *sink, const Options *opts, SinkConfig *cfg, Diag *d)
{
    *cfg = (SinkConfig){.conn = SINK_FILE, .fmt = FORMAT_CSV, .header = true};
    const Option *conn = options_find(opts, "connector");
    if (!conn) {
        diag_error(d, SPAN_NONE, "missing option \"connector\" for sink %s", sink);
        diag_hint(d, "add connector = 'file' (with path = '...') or connector = 'stdout'");
        return -1;
    }
    int k = pick(conn, "connector", conn_names, 2, sink, d);
    if (k < 0) return -1;
    cfg->conn = k == 0 ? SINK_FILE : SINK_STDOUT;
    const Option *fmt = options_find(opts, "format");
    if (fmt) {
        if ((k = pick(fmt, "format", format_names, 2, sink, d)) < 0) return -1;
        cfg->fmt = k == 0 ? FORMAT_CSV : FORMAT_JSON;
    }

    for (int i = 0; i < opts->n; i++) {
        const Option *o = &opts->items[i];
        for (int j = 0; j < i; j++)
            if (strcasecmp(opts->items[j].key, o->key) == 0)
                return diag_error(d, opt_span(o), "option \"%s\" is given twice", o->key);
        bool file_only = !strcasecmp(o->key, "path") || !strcasecmp(o->key, "per_batch");
        if (file_only && cfg->conn != SINK_FILE)
            return diag_error(d, opt_span(o), "option \"%s\" does not apply to connector 'stdout'",
                              o->key);
        if (!strcasecmp(o->key, "header") && cfg->fmt != FORMAT_CSV)
            return diag_error(d, opt_span(o), "option \"header\" does not apply to format 'json'");
        if (!strcasecmp(o->key, "path")) {
            cfg->path = o->value;
        } else if (!strcasecmp(o->key, "per_batch")) {
            if (parse_bool(o, &cfg->per_batch, d) < 0) return -1;
        } else if (!strcasecmp(o->key, "header")) {
            if (parse_bool(o, &cfg->header, d) < 0) return -1;
        } else if (strcasecmp(o->key, "connector") && strcasecmp(o->key, "format")) {
            diag_error(d, opt_span(o), "unknown option \"%s\" for sink %s", o->key, sink);
            const char *close = diag_closest(o->key, option_names, N_OPTION_NAMES);
            if (close) diag_hint(d, "did you mean \"%s\"?", close);
            else diag_hint(d, "valid options: connector, path, format, per_batch, header");
            return -1;
        }
    }

    if (cfg->conn == SINK_FILE) {
        const char *ext = output_format_name(cfg->fmt);
        if (!cfg->path) {
            diag_error(d, opt_span(conn), "missing option \"path\" for sink %s", sink);
            diag_hint(d, "add path = 'out.%s' (one file, appended to), or per_batch = true "
                      "with path = 'out_dir' (a directory, one file per micro-batch)", ext);
            return -1;
        }
        if (!cfg->path[0])
            return diag_error(d, opt_span(options_find(opts, "path")),
                              "invalid value \"\" for option \"path\": expected %s",
                              cfg->per_batch ? "a directory name" : "a file name");
    }
    return 0;
}

int sink_validate(const char *sink_name, const Options *opts, Diag *d)
{
    SinkConfig cfg;
    return sink_config(sink_name, opts, &cfg, d);
}

/* ---- low-level I/O ---------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* fsync, where the kind of file supports it (pipes and devices do not). */
static int sync_fd(int fd)
{
    if (fsync(fd) == 0 || errno == EINVAL || errno == EROFS) return 0;
    return -1;
}

static int io_error(const SinkWriter *w, const char *path, int err, Diag *d)
{
    return diag_error(d, SPAN_NONE, "cannot write sink %s to \"%s\": %s", w->name, path,
                      strerror(err ? err : EIO));
}

/* "dir/name" without doubling a trailing slash. */
static void join_path(StrBuf *sb, const char *dir, const char *name)
{
    sb_puts(sb, dir);
    if (sb->len && sb->data[sb->len - 1] != '/') sb_putc(sb, '/');
    sb_puts(sb, name);
}

/* The directory part of path ("." for a bare name). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)sync_fd(fd);
    close(fd);
}

/* ---- the writer's lock ------------------------------------------------- */

/* The process holding a flock on the file of fd, from /proc/locks (0 if
 * unknown). */
static pid_t lock_holder(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0) return 0;
    FILE *f = fopen("/proc/locks", "re");
    if (!f) return 0;
    char want[64], line[256];
    snprintf(want, sizeof want, "%02x:%02x:%llu ", major(st.st_dev), minor(st.st_dev),
             (unsigned long long)st.st_ino);
    pid_t pid = 0;
    while (!pid && fgets(line, sizeof line, f)) {
        /* "1: FLOCK  ADVISORY  WRITE 1234 08:02:131090 0 EOF"; "->" marks a waiter */
        if (strstr(line, "->") || !strstr(line, "FLOCK")) continue;
        const char *at = strstr(line, want);
        if (!at || at == line || at[-1] != ' ') continue;
        const char *p = at - 1;
        while (p > line && p[-1] != ' ') p--;
        pid = (pid_t)atol(p);
    }
    fclose(f);
    return pid;
}

/* Take the exclusive lock that makes this the file's (or directory's) only
 * sluice writer. Another writer holding it is an error that says who it
 * is, when that can be found; a file system without locks is not. */
static int take_lock(SinkWriter *w, int fd, Diag *d)
{
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK) return 0;
        pid_t pid = lock_holder(fd);
        const char *what = w->cfg.per_batch ? "directory" : "file";
        if (pid == getpid()) {
            diag_error(d, SPAN_NONE, "cannot write sink %s to \"%s\": another query of this "
                       "session writes to this %s", w->name, w->path, what);
        } else if (pid > 0) {
            char p[64], comm[64] = "";
            snprintf(p, sizeof p, "/proc/%ld/comm", (long)pid);
            FILE *f = fopen(p, "re");
            if (f) {
                if (fgets(comm, sizeof comm, f)) comm[strcspn(comm, "\n")] = '\0';
                fclose(f);
            }
            diag_error(d, SPAN_NONE, "cannot write sink %s to \"%s\": process %ld%s%s%s "
                       "is writing to this %s", w->name, w->path, (long)pid,
                       comm[0] ? " (" : "", comm, comm[0] ? ")" : "", what);
        } else {
            diag_error(d, SPAN_NONE, "cannot write sink %s to \"%s\": another process "
                       "is writing to this %s", w->name, w->path, what);
        }
        diag_hint(d, "one writer at a time: stop the other query, or give this sink "
                  "another path");
        return -1;
    }
    return 0;
}

/* ---- open ------------------------------------------------------------- */

/* "batch-NNNNNN.csv|json" (NNNNNN: 6 or more digits): its number, else -1. */
static int64_t batch_file_number(const char *name)
{
    if (strncmp(name, "batch-", 6) != 0) return -1;
    const char *p = name + 6, *q = p;
    int64_t n = 0;
    while (*q >= '0' && *q <= '9') {
        if (n > (INT64_MAX - 9) / 10) return -1;
        n = n * 10 + (*q++ - '0');
    }
    if (q - p < 6 || (strcmp(q, ".csv") != 0 && strcmp(q, ".json") != 0)) return -1;
    return n;
}

/* A temporary file of ours: ".batch-N.EXT.XXXXXXXX.tmp", or the
 * ".batch-N.EXT.tmp" of earlier versions. */
static bool is_temp_name(const char *name)
{
    size_t n = strlen(name);
    if (name[0] != '.' || n < 5 || strcmp(name + n - 4, ".tmp") != 0) return false;
    char *base = xstrndup(name + 1, n - 5);   /* "batch-N.EXT[.XXXXXXXX]" */
    char *dot = strrchr(base, '.');
    if (dot && strlen(dot + 1) == TEMP_RANDOM_LEN) {
        bool random = true;
        for (const char *c = dot + 1; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) random = false;
        if (random) *dot = '\0';
    }
    bool ours = batch_file_number(base) >= 0;
    free(base);
    return ours;
}

/* Holding the directory's lock: remove our temporary files left by a
 * crashed run, and number this run's files after the highest existing
 * batch file, so that no file of an earlier run is replaced. */
static int scan_dir(SinkWriter *w, Diag *d)
{
    int fd = openat(w->dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        int err = errno;
        if (fd >= 0) close(fd);
        return io_error(w, w->path, err, d);
    }
    int64_t next = 0, removed = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        int64_t n = batch_file_number(e->d_name);
        if (n >= 0 && n >= next) next = n == INT64_MAX ? n : n + 1;
        struct stat st;
        if (is_temp_name(e->d_name) &&
            fstatat(w->dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && unlinkat(w->dir_fd, e->d_name, 0) == 0)
            removed++;
    }
    closedir(dir);
    if (removed) {
        (void)sync_fd(w->dir_fd);
        fprintf(stderr, "warning: sink %s: removed %lld temporary file%s left by an "
                "interrupted run in \"%s\"\n", w->name, (long long)removed,
                removed == 1 ? "" : "s", w->path);
    }
    w->first_file = next;
    return 0;
}

static int open_dir(SinkWriter *w, Diag *d)
{
    w->dir_fd = open(w->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = errno;
    if (w->dir_fd >= 0 && faccessat(AT_FDCWD, w->path, W_OK | X_OK, AT_EACCESS) == 0) {
        if (take_lock(w, w->dir_fd, d) < 0) return -1;
        return scan_dir(w, d);
    }
    if (w->dir_fd >= 0) err = errno;
    io_error(w, w->path, err, d);
    if (err == ENOENT)
        diag_hint(d, "with per_batch = true, path is a directory that must exist: "
                  "create it first (mkdir -p %s)", w->path);
    else if (err == ENOTDIR)
        diag_hint(d, "with per_batch = true, path names a directory, not a file");
    return -1;
}

/* An existing file must end in a whole line: sluice appends lines and
 * never changes bytes it did not write, so a file whose last line is
 * incomplete (a crash during a write, or the wrong file) is refused, with
 * the size that would cut it back to its last "\n". */
static int check_last_line(SinkWriter *w, off_t size, Diag *d)
{
    char tail[64 * 1024];
    off_t end = size, keep = 0;
    if (size == 0) return 0;
    while (end > 0) {
        size_t n = end > (off_t)sizeof tail ? sizeof tail : (size_t)end;
        off_t start = end - (off_t)n;
        size_t got = 0;
        while (got < n) {
            ssize_t k = pread(w->fd, tail + got, n - got, start + (off_t)got);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) return io_error(w, w->path, k < 0 ? errno : EIO, d);
            got += (size_t)k;
        }
        if (end == size && tail[n - 1] == '\n') return 0;   /* whole lines */
        const char *nl = memrchr(tail, '\n', n);
        if (nl) {
            keep = start + (off_t)(nl - tail) + 1;
            break;
        }
        end = start;
    }
    diag_error(d, SPAN_NONE, "cannot write sink %s to \"%s\": the file does not end with a "
               "newline (%lld bytes after its last line)", w->name, w->path,
               (long long)(size - keep));
    if (keep > 0)
        diag_hint(d, "sluice appends whole lines and never changes what is already in the "
                  "file: check that this is the right file; if a crash cut its last line, "
                  "remove that line (truncate -s %lld '%s')", (long long)keep, w->path);
    else
        diag_hint(d, "sluice appends whole lines and never changes what is already in the "
                  "file: check that this is the right file");
    return -1;
}

static int open_append(SinkWriter *w, Diag *d)
{
    bool created = true;
    w->fd = open(w->path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (w->fd < 0 && errno == EEXIST) {
        created = false;
        w->fd = open(w->path, O_RDWR | O_APPEND | O_CLOEXEC);
    }
    if (w->fd < 0) {
        int err = errno;
        io_error(w, w->path, err, d);
        if (err == ENOENT) {
            char *dir = dir_of(w->path);
            diag_hint(d, "create the directory \"%s\" first", dir);
            free(dir);
        } else if (err == EISDIR) {
            diag_hint(d, "to write one file per micro-batch into a directory, add per_batch = true");
        }
        return -1;
    }
    if (created) {
        /* Make the new directory entry durable too. */
        char *dir = dir_of(w->path);
        sync_dir(dir);
        free(dir);
    }
    struct stat st;
    if (fstat(w->fd, &st) < 0) return io_error(w, w->path, errno, d);
    w->regular = S_ISREG(st.st_mode);
    if (w->regular) {
        /* Locked first, then read: the size seen is not in the middle of
         * another sluice's commit. */
        if (take_lock(w, w->fd, d) < 0) return -1;
        if (fstat(w->fd, &st) < 0) return io_error(w, w->path, errno, d);
        if (check_last_line(w, st.st_size, d) < 0) return -1;
        w->size = st.st_size;
    }
    w->dest_has_header = w->size > 0;
    return 0;
}

SinkWriter *sink_open(const char *sink_name, const Options *opts, const Schema *schema,
                      FILE *stdout_file, Diag *d)
{
    SinkConfig cfg;
    if (sink_config(sink_name, opts, &cfg, d) < 0) return NULL;
    SinkWriter *w = xcalloc(1, sizeof *w);
    w->name = xstrdup(sink_name);
    w->path = xstrdup(cfg.conn == SINK_FILE ? cfg.path : "stdout");
    w->cfg = cfg;
    w->cfg.path = w->path;          /* the Options may not outlive us */
    w->fd = w->dir_fd = -1;
    w->rf = render_new(cfg.fmt, NULL, schema);
    int rc = 0;
    if (cfg.conn == SINK_STDOUT) w->out = stdout_file ? stdout_file : stdout;
    else if (cfg.per_batch) rc = open_dir(w, d);
    else rc = open_append(w, d);
    if (rc < 0) {
        sink_close(w);
        return NULL;
    }
    return w;
}

/* ---- batches ---------------------------------------------------------- */

void sink_begin(SinkWriter *w, int64_t batch_id)
{
    w->batch_id = batch_id < 0 ? 0 : batch_id;
    w->batch_rows = 0;
    sb_reset(&w->buf);
}

void sink_rows(SinkWriter *w, const Batch *b)
{
    if (b->n_sel == 0) return;
    bool csv = w->cfg.fmt == FORMAT_CSV;
    if (csv && w->batch_rows == 0 && w->cfg.header && !w->dest_has_header)
        csv_put_header(w->rf, &w->buf);
    for (uint32_t k = 0; k < b->n_sel; k++) {
        uint32_t row = batch_row(b, k);
        if (csv) {
            csv_put_row(w->rf, &w->buf, b, row);
        } else {
            json_put_object(w->rf, &w->buf, b, row);
            sb_putc(&w->buf, '\n');
        }
    }
    w->batch_rows += b->n_sel;
}

static int commit_stdout(SinkWriter *w, Diag *d)
{
    errno = 0;
    size_t n = fwrite(w->buf.data, 1, w->buf.len, w->out);
    if (fflush(w->out) == 0 && n == w->buf.len) return 0;
    int err = errno;
    clearerr(w->out);
    return diag_error(d, SPAN_NONE, "cannot write sink %s to stdout: %s", w->name,
                      strerror(err ? err : EIO));
}

/* Append commit: one write loop at the end, fsync. On error the bytes of
 * this batch are cut off again (only ours: the file is locked and its end
 * is re-read first). The future checkpointed version records w->size as
 * the committed length after this returns. */
static int commit_append(SinkWriter *w, Diag *d)
{
    if (w->broken)
        return diag_error(d, SPAN_NONE, "cannot write sink %s to \"%s\": an earlier write "
                          "failed and could not be undone", w->name, w->path);
    if (w->regular) {
        /* Another program (not a sluice: it would hold the lock) may have
         * appended or cut the file: what is there now is not ours to cut. */
        struct stat st;
        if (fstat(w->fd, &st) == 0) w->size = st.st_size;
    }
    if (write_all(w->fd, w->buf.data, w->buf.len) == 0 && sync_fd(w->fd) == 0) {
        w->size += (off_t)w->buf.len;
        return 0;
    }
    int err = errno;
    /* Undo the partial batch so that the file stays whole lines; if even
     * that fails, refuse further batches. */
    if (w->regular && ftruncate(w->fd, w->size) < 0) w->broken = true;
    return io_error(w, w->path, err, d);
}

/* A fresh unpredictable suffix of TEMP_RANDOM_LEN characters [a-z0-9]. */
static void random_suffix(char out[TEMP_RANDOM_LEN + 1])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[TEMP_RANDOM_LEN];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid() << 32 ^
                     (uint64_t)(uintptr_t)out;
        for (size_t i = 0; i < sizeof r; i++, x = x * 6364136223846793005ull + 1)
            r[i] = (unsigned char)(x >> 56);
    }
    for (int i = 0; i < TEMP_RANDOM_LEN; i++) out[i] = alphabet[r[i] % 36];
    out[TEMP_RANDOM_LEN] = '\0';
}

/* rename that never replaces an existing file: renameat2(RENAME_NOREPLACE),
 * or link + unlink where the file system lacks it. */
static int rename_noreplace(int dir_fd, const char *from, const char *to)
{
    if (renameat2(dir_fd, from, dir_fd, to, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    if (linkat(dir_fd, from, dir_fd, to, 0) < 0) return -1;
    unlinkat(dir_fd, from, 0);
    return 0;
}

/* The per-batch commit protocol: a new file `name` in dir_fd holding
 * data, or nothing at all. Temp file ".NAME.XXXXXXXX.tmp" created with
 * O_EXCL|O_NOFOLLOW (a planted file or symlink is never written through),
 * written, fsync'ed, renamed to name without replacing anything, and the
 * directory fsync'ed. -1 with *err set on failure (EEXIST: name exists). */
static int commit_new_file(int dir_fd, const char *name, const char *data, size_t len,
                           int *err)
{
    char tmp[128], rnd[TEMP_RANDOM_LEN + 1];
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 16; tries++) {
        random_suffix(rnd);
        snprintf(tmp, sizeof tmp, ".%s.%s.tmp", name, rnd);
        fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    int rc = write_all(fd, data, len);
    if (rc == 0) rc = sync_fd(fd);
    *err = errno;
    if (close(fd) < 0 && rc == 0) {
        rc = -1;
        *err = errno;
    }
    if (rc == 0 && rename_noreplace(dir_fd, tmp, name) == 0) {
        (void)sync_fd(dir_fd);     /* the rename itself, durably */
        return 0;
    }
    if (rc == 0) *err = errno;
    unlinkat(dir_fd, tmp, 0);
    return -1;
}

static int commit_file_per_batch(SinkWriter *w, Diag *d)
{
    char name[48];
    int64_t n = w->batch_id > INT64_MAX - w->first_file ? INT64_MAX : w->first_file + w->batch_id;
    snprintf(name, sizeof name, "batch-%06lld.%s", (long long)n, output_format_name(w->cfg.fmt));
    int err = 0;
    if (commit_new_file(w->dir_fd, name, w->buf.data, w->buf.len, &err) == 0) return 0;
    StrBuf p = STRBUF_INIT;
    join_path(&p, w->path, name);
    io_error(w, sb_str(&p), err, d);
    if (err == EEXIST)
        diag_hint(d, "sluice never replaces a file it did not write: something else "
                  "created this file while the query ran");
    sb_free(&p);
    return -1;
}

int sink_commit(SinkWriter *w, Diag *d)
{
    if (w->batch_rows == 0) return 0;     /* an empty batch writes nothing */
    int rc;
    if (w->cfg.conn == SINK_STDOUT) rc = commit_stdout(w, d);
    else if (w->cfg.per_batch) rc = commit_file_per_batch(w, d);
    else rc = commit_append(w, d);
    if (rc == 0) {
        w->rows += w->batch_rows;
        if (!w->cfg.per_batch) w->dest_has_header = true;
    }
    w->batch_rows = 0;
    sb_reset(&w->buf);
    return rc;
}

void sink_close(SinkWriter *w)
{
    if (!w) return;
    if (w->fd >= 0) close(w->fd);         /* releases the lock */
    if (w->dir_fd >= 0) close(w->dir_fd);
    render_free(w->rf);
    sb_free(&w->buf);
    free(w->name);
    free(w->path);
    free(w);
}

int64_t sink_rows_written(const SinkWriter *w) { return w->rows; }
