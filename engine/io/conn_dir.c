/* conn_dir — the 'directory' connector: every file of a directory, once.
 *
 * Like Spark's file source: the files already in the directory (option
 * `path`) are read first, then each new file, each read whole; the files
 * ready at a time are taken in name order (bytewise).
 *
 * When a file is ready. A file present when the stream opens is taken at
 * once (presumed complete). After that the directory is watched with
 * inotify: a new file is taken when its writer closes it (IN_CLOSE_WRITE)
 * or when it is renamed or moved into the directory (IN_MOVED_TO) — not
 * when it is created. So a file created empty and filled later, or
 * written in several writes, is read whole once its writer has closed
 * it; a file closed empty is taken as an empty file (it still counts for
 * max_files_per_batch). Where inotify is not available (no watch could be
 * added) the directory is listed instead, every 250 ms or 20 times as long
 * as a listing takes (at most 10 s), and a new file is taken once its
 * status has not changed for 1 s (st_ctime). An overflow of the event
 * queue (IN_Q_OVERFLOW) lists the directory the same way. A watched
 * directory that is removed or moved falls back to listing.
 *
 * Skipped as "still being written" are hidden names (leading '.') and
 * names ending in ".tmp", ".partial" or "._COPYING_" (what `hdfs dfs -put`
 * uses); they are taken under their final name after the rename.
 * Subdirectories and other non-regular files are ignored.
 *
 * A file is read once. What is remembered is bounded by the directory:
 * the names taken whose file is still there (with its inode and the bytes
 * read). A name whose file is deleted, moved away, or replaced by another
 * file (another inode: rename over it) is forgotten, so a new file under
 * that name is read. A file written again in place after it was read is
 * not read again; with inotify a warning says so:
 *   warning: file "x/a.csv" for stream logs changed after it was read (now 9 bytes, 4 were read): not read again
 *
 * Each file is one part (see io_internal.h): its last line needs no
 * newline, its line numbers (and CSV header) are its own, and bad-record
 * reports name it: "stream logs (data/logs/b.csv), line 3: ...".
 *
 * max_files_per_batch = N: once N files were started in a micro-batch and
 * the last of them is finished, nothing more is read until the next
 * input_begin_batch. A STREAM is unbounded: input_fd is the inotify
 * descriptor (-1 when listing: polled on a timer); a TABLE reads the files
 * present at open, whole (max_files_per_batch does not apply), and ends.
 * available_now = true makes a STREAM read the files present at open
 * (max_files_per_batch applies) and end.
 *
 * Errors: a missing directory fails input_open —
 *   directory "x" for stream logs does not exist
 * a file that cannot be opened is retried after 1 s, then twice as long
 * each time up to 1 min, and at once when it is closed after writing or
 * its permissions change; said once —
 *   warning: cannot read file "x/b.csv" for stream logs: Permission denied (will retry)
 * a file that is gone (or a dangling symlink) is skipped —
 *   warning: cannot read file "x/b.csv" for stream logs: No such file or directory (skipped)
 * a read error in the middle of a file skips the rest of it; a directory
 * that cannot be listed any more is said once, then retried —
 *   warning: cannot list directory "x" for stream logs: No such file or directory */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/base/mem.h"
#include "io_internal.h"

static const char *const dir_options[] = {"path", "max_files_per_batch", "available_now", NULL};

enum {
    LIST_MIN_MS = 250,        /* listing mode: shortest interval */
    LIST_MAX_MS = 10000,      /* ... and longest */
    LIST_COST_FACTOR = 20,    /* interval >= 20 x the last listing's duration */
    SETTLE_MS = 1000,         /* listing: unchanged this long = complete */
    RETRY_FIRST_MS = 1000,
    RETRY_MAX_MS = 60000,
};

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | \
                    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

typedef struct NameList {
    char **v;
    size_t n, cap;
} NameList;

/* A name taken, while its file is in the directory (a hash table slot;
 * name NULL: empty). */
typedef struct Taken {
    char *name;
    uint64_t hash;
    ino_t ino;
    int64_t size;        /* bytes read; -1 while being read */
    uint32_t gen;        /* the last listing that saw it */
    bool warned;         /* said it changed after it was read */
} Taken;

/* A file that could not be opened, to try again at due_ms. */
typedef struct Retry {
    char *name;
    int64_t due_ms, delay_ms;
} Retry;

typedef struct DirState {
    Taken *taken;        /* open addressing, linear probing; cap a power of 2 */
    size_t n_taken, cap_taken;
    NameList ready;      /* names to take, sorted in DEScending order (the
                            next one is last), no duplicates */
    Retry *retry;
    size_t n_retry, cap_retry;
    char *file;          /* "dir/name" of the file being read */
    char *name;          /* its name in the directory, or NULL */
    int64_t read_bytes;  /* of the file being read */
    int64_t max_files;   /* 0: no limit */
    int64_t started;     /* files started in this micro-batch */
    int ino_fd;          /* inotify, or -1: listing mode */
    int64_t list_due_ms; /* next listing (0: none due; listing mode: always set) */
    int64_t list_interval_ms;
    uint32_t gen;        /* listings done */
    bool bounded;        /* a TABLE: the first listing only */
    bool listed;         /* the first listing happened */
    bool list_failed;    /* said that listing failed */
} DirState;

/* ---- the ready names (sorted, descending) ------------------------------ */

static int cmp_name_desc(const void *a, const void *b)
{
    return strcmp(*(char *const *)b, *(char *const *)a);
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

/* Index of name in the descending list, or where it would go. */
static size_t names_find(const NameList *l, const char *name, bool *found)
{
    size_t lo = 0, hi = l->n;
    *found = false;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->v[mid], name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c > 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static bool names_has(const NameList *l, const char *name)
{
    bool found;
    names_find(l, name, &found);
    return found;
}

static void names_remove(NameList *l, const char *name)
{
    bool found;
    size_t at = names_find(l, name, &found);
    if (!found) return;
    free(l->v[at]);
    memmove(l->v + at, l->v + at + 1, (l->n - at - 1) * sizeof *l->v);
    l->n--;
}

/* Move the names of `fresh` (owned, any order, maybe duplicated) into
 * the ready list: one sort and one merge. */
static void ready_merge(DirState *st, NameList *fresh)
{
    if (!fresh->n) return;
    qsort(fresh->v, fresh->n, sizeof *fresh->v, cmp_name_desc);
    NameList *r = &st->ready;
    NameList out = {0};
    out.cap = r->n + fresh->n;
    out.v = xmalloc(out.cap * sizeof *out.v);
    size_t i = 0, j = 0;
    while (i < r->n || j < fresh->n) {
        char *next;
        if (j == fresh->n || (i < r->n && strcmp(r->v[i], fresh->v[j]) >= 0)) next = r->v[i++];
        else next = fresh->v[j++];
        if (out.n && strcmp(out.v[out.n - 1], next) == 0) free(next);
        else out.v[out.n++] = next;
    }
    free(r->v);
    free(fresh->v);
    *fresh = (NameList){0};
    *r = out;
}

/* ---- the names taken (a hash set) -------------------------------------- */

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static Taken *taken_find(DirState *st, const char *name)
{
    if (!st->cap_taken) return NULL;
    uint64_t h = hash_name(name);
    size_t mask = st->cap_taken - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        Taken *t = &st->taken[i];
        if (!t->name) return NULL;
        if (t->hash == h && strcmp(t->name, name) == 0) return t;
    }
}

static void taken_place(Taken *slots, size_t cap, Taken t)
{
    size_t mask = cap - 1;
    size_t i = t.hash & mask;
    while (slots[i].name) i = (i + 1) & mask;
    slots[i] = t;
}

/* Remove the entry at slot t (backward-shift deletion keeps every probe
 * chain whole). */
static void taken_delete(DirState *st, Taken *t)
{
    size_t mask = st->cap_taken - 1;
    size_t i = (size_t)(t - st->taken);
    free(st->taken[i].name);
    st->taken[i].name = NULL;
    for (size_t j = (i + 1) & mask; st->taken[j].name; j = (j + 1) & mask) {
        size_t home = st->taken[j].hash & mask;
        /* Can slot j's entry move to the hole at i? (home not in (i, j]) */
        bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (between) continue;
        st->taken[i] = st->taken[j];
        st->taken[j].name = NULL;
        i = j;
    }
    st->n_taken--;
}

/* Remember name (copied) as taken; replaces an entry of that name. */
static void taken_add(DirState *st, const char *name, ino_t ino)
{
    Taken *old = taken_find(st, name);
    if (old) taken_delete(st, old);
    if ((st->n_taken + 1) * 2 > st->cap_taken) {
        size_t cap = st->cap_taken ? st->cap_taken * 2 : 64;
        Taken *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < st->cap_taken; i++)
            if (st->taken[i].name) taken_place(slots, cap, st->taken[i]);
        free(st->taken);
        st->taken = slots;
        st->cap_taken = cap;
    }
    taken_place(st->taken, st->cap_taken,
                (Taken){.name = xstrdup(name), .hash = hash_name(name), .ino = ino,
                        .size = -1, .gen = st->gen});
    st->n_taken++;
}

static bool being_read(const DirState *st, const char *name)
{
    return st->name && strcmp(st->name, name) == 0;
}

static void taken_remove(DirState *st, const char *name)
{
    Taken *t = taken_find(st, name);
    if (t && !being_read(st, name)) taken_delete(st, t);
}

static Retry *retry_find(DirState *st, const char *name)
{
    for (size_t i = 0; i < st->n_retry; i++)
        if (strcmp(st->retry[i].name, name) == 0) return &st->retry[i];
    return NULL;
}

static void retry_remove(DirState *st, Retry *r)
{
    free(r->name);
    *r = st->retry[--st->n_retry];
}

/* The name is gone from the directory: forget it everywhere. */
static void forget(DirState *st, const char *name)
{
    taken_remove(st, name);
    names_remove(&st->ready, name);
    Retry *r = retry_find(st, name);
    if (r) retry_remove(st, r);
}

/* "dir/name" (caller frees). */
static char *file_path(const Conn *c, const char *name)
{
    size_t dl = strlen(c->path);
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s%s%s", c->path, dl && c->path[dl - 1] == '/' ? "" : "/", name);
    return sb_take(&sb);
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

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- finding files ----------------------------------------------------- */

static void stop_watching(DirState *st)
{
    if (st->ino_fd >= 0) close(st->ino_fd);
    st->ino_fd = -1;
    st->list_interval_ms = LIST_MIN_MS;
    st->list_due_ms = conn_mono_ms();
}

/* Forget the names taken that the last listing did not see. */
static void taken_sweep(DirState *st)
{
    if (!st->cap_taken) return;
    Taken *slots = xcalloc(st->cap_taken, sizeof *slots);
    size_t n = 0;
    for (size_t i = 0; i < st->cap_taken; i++) {
        Taken *t = &st->taken[i];
        if (!t->name) continue;
        if (t->gen == st->gen || being_read(st, t->name)) {
            taken_place(slots, st->cap_taken, *t);
            n++;
        } else {
            free(t->name);
        }
    }
    free(st->taken);
    st->taken = slots;
    st->n_taken = n;
}

/* List the directory. New names become ready: at once on the first
 * listing (`settle` false), else once their status is SETTLE_MS old (the
 * others are looked at again at the next listing, which is then due
 * within SETTLE_MS). Names taken whose file is gone or replaced are
 * forgotten. */
static void list_dir(Input *in, Conn *c, DirState *st, bool settle)
{
    int64_t t0 = conn_mono_ms();
    bool first = !st->listed;
    st->listed = true;
    DIR *dir = opendir(c->path);
    if (!dir) {
        if (!st->list_failed)
            input_warn(in, "cannot list directory \"%s\" for %s: %s", c->path, in->what,
                       strerror(errno));
        st->list_failed = true;
        st->list_due_ms = t0 + (st->list_interval_ms > LIST_MIN_MS ? st->list_interval_ms
                                                                   : LIST_MIN_MS);
        return;
    }
    st->list_failed = false;
    st->gen++;
    NameList fresh = {0};
    bool unsettled = false;
    int64_t now = settle ? wall_ms() : 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (in_progress(e->d_name) || e->d_type == DT_DIR) continue;
        Taken *t = taken_find(st, e->d_name);
        if (t && e->d_type == DT_REG && t->ino != e->d_ino && !being_read(st, e->d_name)) {
            taken_delete(st, t);                    /* replaced: a new file */
            t = NULL;
        }
        if (t) {
            t->gen = st->gen;
            continue;
        }
        if (names_has(&st->ready, e->d_name) || retry_find(st, e->d_name)) continue;
        if (settle) {
            struct stat sb;
            if (fstatat(dirfd(dir), e->d_name, &sb, 0) == 0 && S_ISREG(sb.st_mode) &&
                now - ((int64_t)sb.st_ctim.tv_sec * 1000 + sb.st_ctim.tv_nsec / 1000000) <
                    SETTLE_MS) {
                unsettled = true;
                continue;
            }
        }
        names_push(&fresh, xstrdup(e->d_name));
    }
    closedir(dir);
    if (!first) taken_sweep(st);
    ready_merge(st, &fresh);
    int64_t t1 = conn_mono_ms();
    if (st->ino_fd < 0) {
        int64_t iv = (t1 - t0) * LIST_COST_FACTOR;
        st->list_interval_ms = iv < LIST_MIN_MS ? LIST_MIN_MS : iv > LIST_MAX_MS ? LIST_MAX_MS : iv;
        st->list_due_ms = t1 + st->list_interval_ms;
        if (unsettled && st->list_due_ms > t1 + SETTLE_MS) st->list_due_ms = t1 + SETTLE_MS;
    } else {
        st->list_due_ms = unsettled ? t1 + SETTLE_MS : 0;
    }
}

/* A watched name was closed after writing or moved in: ready (into
 * fresh), unless it was taken and is still the same file. */
static void on_written(Input *in, Conn *c, DirState *st, const char *name, NameList *fresh)
{
    Taken *t = taken_find(st, name);
    if (t) {
        if (being_read(st, name)) return;           /* read to its end anyway */
        struct stat sb;
        char *path = file_path(c, name);
        bool ok = stat(path, &sb) == 0;
        if (ok && sb.st_ino != t->ino) {
            taken_delete(st, t);                    /* another file now: new */
            names_push(fresh, xstrdup(name));
        } else if (ok && sb.st_size != t->size && !t->warned) {
            t->warned = true;
            input_warn(in, "file \"%s\" for %s changed after it was read (now %lld bytes, "
                       "%lld were read): not read again", path, in->what,
                       (long long)sb.st_size, (long long)t->size);
        }
        free(path);
        return;
    }
    Retry *r = retry_find(st, name);
    if (r && r->due_ms != INT64_MAX) r->due_ms = 0;  /* written again: retry now */
    else if (!r) names_push(fresh, xstrdup(name));
}


/* Read the pending inotify events (never blocks). */
static void drain_events(Input *in, Conn *c, DirState *st)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    NameList fresh = {0};
    while (st->ino_fd >= 0) {
        ssize_t n = read(st->ino_fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                ready_merge(st, &fresh);
                list_dir(in, c, st, true);          /* events were lost */
                continue;
            }
            if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)) {
                input_warn(in, "directory \"%s\" for %s was removed or moved: "
                           "listing it instead of watching", c->path, in->what);
                stop_watching(st);
                break;
            }
            if (!ev->len || (ev->mask & IN_ISDIR) || in_progress(ev->name)) continue;
            if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
                ready_merge(st, &fresh);
                forget(st, ev->name);
            } else if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
                on_written(in, c, st, ev->name, &fresh);
            } else if (ev->mask & IN_ATTRIB) {      /* permissions changed: retry now */
                Retry *r = retry_find(st, ev->name);
                if (r && r->due_ms != INT64_MAX) r->due_ms = 0;
            }
        }
    }
    ready_merge(st, &fresh);
}

/* Bring `ready` up to date: events, listings, retries that are due. */
static void refresh(Input *in, Conn *c, DirState *st)
{
    if (!st->listed) list_dir(in, c, st, false);    /* files present at start */
    if (st->bounded) return;
    drain_events(in, c, st);
    int64_t now = conn_mono_ms();
    if (st->list_due_ms && now >= st->list_due_ms) list_dir(in, c, st, true);
    NameList fresh = {0};
    for (size_t i = 0; i < st->n_retry;) {
        Retry *r = &st->retry[i];
        if (now >= r->due_ms) {
            names_push(&fresh, xstrdup(r->name));
            r->due_ms = INT64_MAX;                  /* in ready: opened next */
        }
        i++;
    }
    ready_merge(st, &fresh);
}

/* name could not be opened (errno err): retried later (said the first
 * time), or dropped when it is gone. */
static void open_failed(Input *in, DirState *st, const char *name, const char *path, int err)
{
    Retry *r = retry_find(st, name);
    if (err == ENOENT) {
        input_warn(in, "cannot read file \"%s\" for %s: %s (skipped)", path, in->what,
                   strerror(err));
        if (r) retry_remove(st, r);
        return;
    }
    if (!r) {
        input_warn(in, "cannot read file \"%s\" for %s: %s (will retry)", path, in->what,
                   strerror(err));
        if (st->n_retry == st->cap_retry)
            st->retry = xgrow(st->retry, &st->cap_retry, st->n_retry + 1, sizeof *st->retry);
        r = &st->retry[st->n_retry++];
        *r = (Retry){.name = xstrdup(name), .delay_ms = RETRY_FIRST_MS};
    } else {
        r->delay_ms = r->delay_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : r->delay_ms * 2;
    }
    r->due_ms = conn_mono_ms() + r->delay_ms;
}

/* Open the next ready file into c->fd. false: none left for now. */
static bool open_next(Input *in, Conn *c, DirState *st)
{
    refresh(in, c, st);
    while (st->ready.n) {
        char *name = st->ready.v[--st->ready.n];   /* the first in name order */
        free(st->file);
        st->file = file_path(c, name);
        /* O_NONBLOCK: a FIFO must not block the open; it is skipped below. */
        int fd = open(st->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) < 0) {
            int err = errno;
            if (fd >= 0) close(fd);
            open_failed(in, st, name, st->file, err);
            free(name);
            continue;
        }
        Retry *r = retry_find(st, name);
        if (r) retry_remove(st, r);
        taken_add(st, name, sb.st_ino);
        if (!S_ISREG(sb.st_mode)) {     /* a subdirectory, FIFO, socket: not data */
            taken_find(st, name)->size = 0;
            close(fd);
            free(name);
            continue;
        }
        st->name = name;
        st->read_bytes = 0;
        c->fd = fd;
        st->started++;
        input_set_label(in, st->file);
        return true;
    }
    return false;
}

/* The file being read has ended: remember how much of it was read. */
static void file_done(Conn *c, DirState *st)
{
    close(c->fd);
    c->fd = -1;
    Taken *t = st->name ? taken_find(st, st->name) : NULL;
    if (t) t->size = st->read_bytes;
    free(st->name);
    st->name = NULL;
}

static ConnRead dir_read(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    (void)d;
    DirState *st = c->state;
    *n = 0;
    if (c->fd < 0) {
        if (st->max_files && st->started >= st->max_files) {
            if (!st->bounded) drain_events(in, c, st);   /* keep the queue short */
            return CONN_NONE;
        }
        if (!open_next(in, c, st)) return st->bounded ? CONN_EOF : CONN_NONE;
    }
    ssize_t got;
    do got = read(c->fd, buf, cap); while (got < 0 && errno == EINTR);
    if (got > 0) {
        *n = (size_t)got;
        st->read_bytes += got;
        return CONN_DATA;
    }
    if (got < 0)   /* what was read of it stays read */
        input_warn(in, "cannot read file \"%s\" for %s: %s (skipped the rest)", st->file,
                   in->what, strerror(errno));
    file_done(c, st);
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
    st->ino_fd = -1;
    if (!st->bounded) {
        /* The watch comes before the first listing, so that nothing
         * written in between is missed. */
        st->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (st->ino_fd >= 0 && inotify_add_watch(st->ino_fd, c->path, WATCH_MASK) < 0) {
            close(st->ino_fd);
            st->ino_fd = -1;
        }
        if (st->ino_fd < 0) stop_watching(st);
    }
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
    const DirState *st = c->state;
    return st->ino_fd;
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
    for (size_t i = 0; i < st->cap_taken; i++) free(st->taken[i].name);
    free(st->taken);
    free(st->name);
    names_free(&st->ready);
    for (size_t i = 0; i < st->n_retry; i++) free(st->retry[i].name);
    free(st->retry);
    if (st->ino_fd >= 0) close(st->ino_fd);
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
