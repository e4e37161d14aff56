/* checkpoint — the layout of a query's checkpoint directory (see
 * checkpoint.h): records, state chains, retention. */
#define _POSIX_C_SOURCE 200809L
#include "checkpoint.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/base/mem.h"

/* A snapshot replaces the chain after this many deltas (Spark's
 * minDeltasForSnapshot), or once the deltas weigh more than it. */
enum { DELTAS_PER_SNAPSHOT = 10, MAX_CHAIN = DELTAS_PER_SNAPSHOT + 1 };

/* The files that hold one operator's state now. */
typedef struct Chain {
    int op_id;
    int64_t versions[MAX_CHAIN];   /* [0] the snapshot, then the deltas */
    int n;
    int64_t snapshot_bytes, delta_bytes;
} Chain;

struct Checkpoint {
    char *dir;
    bool is_new;
    int64_t sink_fact;
    char *shape;
    int64_t last_commit, last_offsets;
    Chain chains[CKPT_MAX_OPS];
    int n_chains;
    StrBuf path;                   /* scratch for file names */
    StateWriter w;                 /* scratch for state files */
};

static const char *path_of(Checkpoint *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *path_of(Checkpoint *c, const char *fmt, ...)
{
    sb_reset(&c->path);
    sb_puts(&c->path, c->dir);
    sb_putc(&c->path, '/');
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&c->path, fmt, ap);
    va_end(ap);
    return sb_str(&c->path);
}

/* The largest N of the files named N in DIR/sub (-1: none). */
static int64_t newest(Checkpoint *c, const char *sub)
{
    DIR *dh = opendir(path_of(c, "%s", sub));
    if (!dh) return -1;
    int64_t best = -1;
    struct dirent *e;
    while ((e = readdir(dh))) {
        char *end;
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        long long n = strtoll(e->d_name, &end, 10);
        if (*end == 0 && n > best) best = n;
    }
    closedir(dh);
    return best;
}

/* ---- metadata ------------------------------------------------------------ */

static int write_metadata(Checkpoint *c, Diag *d)
{
    StateWriter w = {0};
    sw_begin(&w, STATE_FILE_METADATA);
    sw_str(&w, c->shape);
    sw_i64(&w, c->sink_fact);
    int rc = sw_write_file(&w, path_of(c, "metadata"), NULL, d);
    sw_free(&w);
    return rc;
}

/* The first line where two shapes differ, as "checkpoint: A; query: B". */
static void shape_difference(const char *old, const char *now, Diag *d, const char *dir)
{
    const char *a = old, *b = now;
    while (*a || *b) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || memcmp(a, b, la) != 0) {
            diag_error(d, SPAN_NONE, "checkpoint \"%s\" belongs to another query: its state does not fit this one", dir);
            diag_detail(d, "the checkpoint has %.*s; this query has %.*s", (int)(la ? la : 7), la ? a : "nothing",
                        (int)(lb ? lb : 7), lb ? b : "nothing");
            diag_hint(d, "a query may change its filters and projections and keep its checkpoint; other "
                         "grouping keys, windows, aggregates, joins or inputs need a new checkpoint_dir");
            return;
        }
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
    }
}

static int read_metadata(Checkpoint *c, Diag *d)
{
    StateReader r;
    int got = sr_open(&r, path_of(c, "metadata"), STATE_FILE_METADATA, true, d);
    if (got <= 0) return got;
    char *old = sr_strdup(&r);
    c->sink_fact = sr_i64(&r);
    int rc = sr_finish(&r, d);
    if (rc == 0 && strcmp(old, c->shape) != 0) {
        shape_difference(old, c->shape, d, c->dir);
        rc = -1;
    }
    free(old);
    sr_close(&r);
    return rc < 0 ? -1 : 1;
}

Checkpoint *ckpt_open(const char *dir, const char *shape, Diag *d)
{
    Checkpoint *c = xcalloc(1, sizeof *c);
    c->dir = xstrdup(dir);
    c->shape = xstrdup(shape);
    c->sink_fact = -1;
    if (state_mkdirs(dir, d) < 0) goto fail;
    int got = read_metadata(c, d);
    if (got < 0) goto fail;
    if (got == 0) {
        c->is_new = true;
        if (state_mkdirs(path_of(c, "offsets"), d) < 0 || state_mkdirs(path_of(c, "commits"), d) < 0 ||
            state_mkdirs(path_of(c, "state"), d) < 0 || write_metadata(c, d) < 0)
            goto fail;
    }
    c->last_commit = newest(c, "commits");
    c->last_offsets = newest(c, "offsets");
    return c;
fail:
    ckpt_close(c);
    return NULL;
}

void ckpt_close(Checkpoint *c)
{
    if (!c) return;
    free(c->dir);
    free(c->shape);
    sb_free(&c->path);
    sw_free(&c->w);
    free(c);
}

const char *ckpt_dir(const Checkpoint *c) { return c->dir; }
bool ckpt_is_new(const Checkpoint *c) { return c->is_new; }
int64_t ckpt_sink_fact(const Checkpoint *c) { return c->sink_fact; }
int64_t ckpt_last_commit(const Checkpoint *c) { return c->last_commit; }
int64_t ckpt_last_offsets(const Checkpoint *c) { return c->last_offsets; }

int ckpt_set_sink_fact(Checkpoint *c, int64_t v, Diag *d)
{
    c->sink_fact = v;
    return write_metadata(c, d);
}

/* ---- records ------------------------------------------------------------ */

int ckpt_write_offsets(Checkpoint *c, int64_t batch, StateWriter *w, Diag *d)
{
    if (sw_write_file(w, path_of(c, "offsets/%lld", (long long)batch), NULL, d) < 0) return -1;
    if (batch > c->last_offsets) c->last_offsets = batch;
    return 0;
}

int ckpt_write_commit(Checkpoint *c, int64_t batch, StateWriter *w, Diag *d)
{
    if (sw_write_file(w, path_of(c, "commits/%lld", (long long)batch), NULL, d) < 0) return -1;
    c->last_commit = batch;
    return 0;
}

static int read_record(Checkpoint *c, const char *sub, StateFileKind kind, int64_t batch, StateReader *r, Diag *d)
{
    return sr_open(r, path_of(c, "%s/%lld", sub, (long long)batch), kind, false, d) < 0 ? -1 : 0;
}

int ckpt_read_offsets(Checkpoint *c, int64_t batch, StateReader *r, Diag *d)
{
    return read_record(c, "offsets", STATE_FILE_OFFSETS, batch, r, d);
}

int ckpt_read_commit(Checkpoint *c, int64_t batch, StateReader *r, Diag *d)
{
    return read_record(c, "commits", STATE_FILE_COMMIT, batch, r, d);
}

/* ---- state ---------------------------------------------------------------- */

static Chain *chain_of(Checkpoint *c, int op_id)
{
    for (int i = 0; i < c->n_chains; i++)
        if (c->chains[i].op_id == op_id) return &c->chains[i];
    if (c->n_chains == CKPT_MAX_OPS) return NULL;
    Chain *ch = &c->chains[c->n_chains++];
    *ch = (Chain){.op_id = op_id};
    return ch;
}

static const char *state_path(Checkpoint *c, int op_id, int64_t version, bool snapshot)
{
    return path_of(c, "state/%d/%lld.%s", op_id, (long long)version, snapshot ? "snapshot" : "delta");
}

static int save_one(Checkpoint *c, Op *op, int64_t batch, Diag *d)
{
    Chain *ch = chain_of(c, op->id);
    if (!ch) return diag_error(d, SPAN_NONE, "a query with more than %d stateful operators cannot be checkpointed",
                               CKPT_MAX_OPS);
    bool full = ch->n == 0 || ch->n >= MAX_CHAIN || ch->delta_bytes > ch->snapshot_bytes;
    StateWriter *w = &c->w;
    sw_begin(w, full ? STATE_FILE_SNAPSHOT : STATE_FILE_DELTA);
    sw_u32(w, (uint32_t)op->id);
    sw_i64(w, batch);
    if (op->vt->save(op, w, full, d) < 0) return -1;
    if (state_mkdirs(path_of(c, "state/%d", op->id), d) < 0) return -1;
    int64_t bytes = (int64_t)w->buf.len;
    char *p = xstrdup(state_path(c, op->id, batch, full));
    int rc = sw_write_file(w, p, full ? "mid-compaction" : "mid-state-write", d);
    free(p);
    if (rc < 0) return -1;
    if (full) {
        ch->n = 0;
        ch->snapshot_bytes = bytes;
        ch->delta_bytes = 0;
    } else {
        ch->delta_bytes += bytes;
    }
    ch->versions[ch->n++] = batch;
    return 0;
}

int ckpt_save_state(Checkpoint *c, int64_t batch, Op **ops, int n, StateWriter *w, Diag *d)
{
    for (int i = 0; i < n; i++)
        if (save_one(c, ops[i], batch, d) < 0) return -1;
    sw_u32(w, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        const Chain *ch = chain_of(c, ops[i]->id);
        sw_u32(w, (uint32_t)ch->op_id);
        sw_i64(w, ch->snapshot_bytes);
        sw_i64(w, ch->delta_bytes);
        sw_u32(w, (uint32_t)ch->n);
        for (int k = 0; k < ch->n; k++) sw_i64(w, ch->versions[k]);
    }
    return 0;
}

/* Load one state file into op. */
static int load_file(Checkpoint *c, Op *op, int64_t version, bool snapshot, Diag *d)
{
    StateReader r;
    char *p = xstrdup(state_path(c, op->id, version, snapshot));
    int rc = sr_open(&r, p, snapshot ? STATE_FILE_SNAPSHOT : STATE_FILE_DELTA, false, d);
    if (rc >= 0) {
        uint32_t id = sr_u32(&r);
        int64_t v = sr_i64(&r);
        if (!r.bad && (id != (uint32_t)op->id || v != version)) {
            diag_error(d, SPAN_NONE, "checkpoint file \"%s\" is damaged: it holds the state of operator %u after "
                       "batch %lld", p, id, (long long)v);
            rc = -1;
        } else {
            rc = op->vt->load(op, &r, snapshot, d);
            if (rc == 0) rc = sr_finish(&r, d);
        }
        sr_close(&r);
    }
    free(p);
    return rc < 0 ? -1 : 0;
}

int ckpt_load_state(Checkpoint *c, StateReader *r, Op **ops, int n, Diag *d)
{
    uint32_t count = sr_u32(r);
    if (!r->bad && count != (uint32_t)n)
        return diag_error(d, SPAN_NONE, "checkpoint file \"%s\" is damaged: it lists the state of %u operators, "
                          "the query has %d", r->path, count, n);
    for (uint32_t i = 0; i < count && !r->bad; i++) {
        Chain ch = {.op_id = (int)sr_u32(r)};
        ch.snapshot_bytes = sr_i64(r);
        ch.delta_bytes = sr_i64(r);
        ch.n = (int)sr_u32(r);
        if (r->bad || ch.n < 1 || ch.n > MAX_CHAIN) break;
        for (int k = 0; k < ch.n; k++) ch.versions[k] = sr_i64(r);
        Op *op = NULL;
        for (int k = 0; k < n; k++)
            if (ops[k]->id == ch.op_id) op = ops[k];
        if (!op) break;
        for (int k = 0; k < ch.n && !r->bad; k++)
            if (load_file(c, op, ch.versions[k], k == 0, d) < 0) return -1;
        Chain *mine = chain_of(c, ch.op_id);
        *mine = ch;
    }
    if (r->bad || c->n_chains != n) {
        r->bad = true;
        return sr_finish(r, d);
    }
    return 0;
}

/* ---- retention -------------------------------------------------------------- */

/* Remove DIR/sub/N for N < below (names that are not numbers stay). */
static void remove_older(Checkpoint *c, const char *sub, int64_t below, const char *suffix)
{
    char *dir = xstrdup(path_of(c, "%s", sub));
    DIR *dh = opendir(dir);
    if (dh) {
        struct dirent *e;
        while ((e = readdir(dh))) {
            char *end;
            if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
            long long v = strtoll(e->d_name, &end, 10);
            if (v >= below || (suffix ? strncmp(end, suffix, strlen(suffix)) != 0 : *end != 0)) continue;
            unlinkat(dirfd(dh), e->d_name, 0);
        }
        closedir(dh);
    }
    free(dir);
}

void ckpt_cleanup(Checkpoint *c, int64_t batch)
{
    if (batch >= CKPT_RETAIN) {
        remove_older(c, "offsets", batch - CKPT_RETAIN, NULL);
        remove_older(c, "commits", batch - CKPT_RETAIN, NULL);
    }
    for (int i = 0; i < c->n_chains; i++) {
        const Chain *ch = &c->chains[i];
        if (ch->n == 0) continue;
        char sub[32];
        snprintf(sub, sizeof sub, "state/%d", ch->op_id);
        remove_older(c, sub, ch->versions[0], ".");
    }
}
