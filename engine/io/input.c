/* input — an Input: a connector, a read buffer and a format.
 *
 * The read buffer (INPUT_BUF_SIZE, grown for longer records) holds the
 * bytes [pos, end) not yet consumed. input_next lets the format parse
 * complete records out of it, and reads more from the connector when the
 * buffer holds no complete record. TEXT values of a returned batch point
 * into the buffer, so while a call has produced rows the buffer is never
 * moved: the unconsumed tail goes to a fresh buffer and the old one is
 * "retired" until the next call (then it becomes the spare).
 *
 * Long records: a record needs a line end (unless the input ended), so
 * the bytes after the current record's start are searched for '\n' once,
 * and the format is asked to parse only once one has arrived: a long
 * line costs one pass however many reads it takes. A record longer than
 * max_record_bytes is a bad record; its bytes are dropped as they arrive
 * up to its line end (the buffer stays at about twice the limit), so
 * even /dev/zero ends in a report rather than in exhausted memory.
 *
 * Parts: when the connector says a part ended (CONN_PART_END: a file of
 * a directory, a tailed file that was truncated or rotated), what is
 * buffered is parsed as final, then line numbers, the CSV header and the
 * byte offset start over for the next part. Generators (rate) bypass the
 * buffer and the format and write rows themselves.
 *
 * Not here: formats (fmt_*.c), connectors (conn_*.c), options. */
#include <stdlib.h>
#include <string.h>

#include "engine/base/bytesize.h"
#include "engine/base/mem.h"
#include "io_internal.h"

#define INPUT_BUF_SIZE ((size_t)1 << 20)
/* One input_next that has produced no row returns after reading this
 * much, so that an endless record being skipped cannot hold the
 * executor (interrupts, other queries) for ever. */
#define READ_BUDGET ((size_t)64 << 20)

static char *describe(const InputDef *def, const char *path)
{
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s %s", def->is_stream ? "stream" : "table", def->name);
    if (path) sb_printf(&sb, " (%s)", path);
    return sb_take(&sb);
}

Input *input_open(const InputDef *def, const bool *needed, int stdin_fd,
                  FILE *err, Diag *d)
{
    return input_open_interruptible(def, needed, stdin_fd, err, NULL, d);
}

Input *input_open_interruptible(const InputDef *def, const bool *needed, int stdin_fd,
                                FILE *err, const volatile sig_atomic_t *interrupt, Diag *d)
{
    InputConfig cfg;
    if (input_config(def, &cfg, d) < 0) return NULL;
    Input *in = xcalloc(1, sizeof *in);
    in->interrupt = interrupt;
    in->cfg = cfg;
    in->cv = cfg.conn;
    in->fv = cfg.fmt;
    in->err = err;
    in->path = cfg.path ? xstrdup(cfg.path) : NULL;
    in->null_value = xstrdup(cfg.null_value);
    in->null_len = strlen(in->null_value);
    in->cfg.path = in->path;                 /* the def may not outlive us */
    in->cfg.null_value = in->null_value;
    in->what = describe(def, NULL);
    in->label = describe(def, in->path);
    in->is_stream = def->is_stream;
    in->name = xstrdup(def->name);

    int n = def->schema.n;
    in->n_cols = n;
    in->types = xcalloc((size_t)n + 1, sizeof *in->types);
    in->names = xcalloc((size_t)n + 1, sizeof *in->names);
    in->name_lens = xcalloc((size_t)n + 1, sizeof *in->name_lens);
    in->needed = xcalloc((size_t)n + 1, sizeof *in->needed);
    in->store = xcalloc((size_t)n + 1, sizeof *in->store);
    for (int i = 0; i < n; i++) {
        in->types[i] = def->schema.cols[i].type;
        in->names[i] = xstrdup(def->schema.cols[i].name);
        in->name_lens[i] = strlen(in->names[i]);
        in->needed[i] = needed ? needed[i] : true;
        in->store[i] = input_store_fn(in->types[i]);
    }

    in->cap = INPUT_BUF_SIZE;
    in->buf = xmalloc(in->cap);
    in->line = 1;
    in->header_pending = cfg.header;
    in->conn.fd = -1;
    in->conn.path = in->path;
    in->conn.tail = cfg.tail;
    in->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!in->c_locale) abort();               /* the C locale always exists */
    if (in->cv->open(in, &in->conn, stdin_fd, d) < 0) {
        input_close(in);
        return NULL;
    }
    if (in->fv->open) in->fv->open(in);
    return in;
}

void input_close(Input *in)
{
    if (!in) return;
    input_flush_reports(in);
    if (in->fv->close) in->fv->close(in);
    in->cv->close(&in->conn);
    for (int i = 0; i < in->n_cols; i++) free(in->names[i]);
    free(in->names);
    free(in->name_lens);
    free(in->types);
    free(in->needed);
    free(in->store);
    for (int i = 0; i < in->n_retired; i++) free(in->retired[i].p);
    free(in->retired);
    free(in->spare);
    free(in->buf);
    free(in->path);
    free(in->null_value);
    free(in->what);
    free(in->label);
    free(in->name);
    sb_free(&in->reason);
    sb_free(&in->scratch);
    sb_free(&in->tmp);
    if (in->c_locale) freelocale(in->c_locale);
    free(in);
}

int input_fd(const Input *in) { return in->cv->fd(&in->conn); }
bool input_bounded(const Input *in) { return in->cv->bounded(&in->conn); }
int64_t input_bad_records(const Input *in) { return in->bad_total; }
bool input_fails_on_error(const Input *in) { return in->cfg.fail; }

int64_t input_buffer_bytes(const Input *in)
{
    size_t n = in->cap + (in->spare ? in->cap : 0);
    for (int i = 0; i < in->n_retired; i++) n += in->retired[i].cap;
    return (int64_t)n;
}
int64_t input_max_batch_rows(const Input *in, bool with_default)
{
    if (in->cv->limits_batches) return 0;
    if (in->cfg.max_batch_rows > 0) return in->cfg.max_batch_rows;
    return with_default ? INPUT_DEFAULT_BATCH_ROWS : 0;
}

void input_set_label(Input *in, const char *where)
{
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s %s", in->is_stream ? "stream" : "table", in->name);
    if (where) sb_printf(&sb, " (%s)", where);
    free(in->label);
    in->label = sb_take(&sb);
}

void input_begin_batch(Input *in)
{
    input_flush_reports(in);
    in->reports = 0;
    if (in->cv->begin_batch) in->cv->begin_batch(&in->conn);
}

InputOffset input_offset(const Input *in)
{
    return (InputOffset){.parts = in->parts_done, .bytes = in->base + (int64_t)in->pos,
                         .records = in->records};
}

/* Rows of the previous call no longer point into retired buffers. */
static void recycle(Input *in)
{
    for (int i = 0; i < in->n_retired; i++) {
        if (!in->spare && in->retired[i].cap == in->cap) in->spare = in->retired[i].p;
        else free(in->retired[i].p);
    }
    in->n_retired = 0;
}

/* Make room and read once from the connector. `pinned`: rows of this
 * call point into the current buffer, which must not move. */
static ConnRead fill(Input *in, bool pinned, Diag *d)
{
    size_t tail = in->end - in->pos;
    if (pinned) {
        char *nb;
        nb = in->spare ? in->spare : xmalloc(in->cap);
        in->spare = NULL;
        memcpy(nb, in->buf + in->pos, tail);
        if (in->n_retired == in->cap_retired) {
            size_t cap = (size_t)in->cap_retired;
            in->retired = xgrow(in->retired, &cap, cap + 1, sizeof *in->retired);
            in->cap_retired = (int)cap;
        }
        in->retired[in->n_retired++] = (RetiredBuf){in->buf, in->cap};
        in->buf = nb;
    } else if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, tail);
    }
    in->base += (int64_t)in->pos;
    in->pos = 0;
    in->end = tail;
    if (in->end == in->cap) {                 /* one record fills the buffer */
        in->cap *= 2;
        in->buf = xrealloc(in->buf, in->cap);
        free(in->spare);
        in->spare = NULL;
    }
    size_t got = 0;
    ConnRead r = in->cv->read(in, &in->conn, in->buf + in->end, in->cap - in->end, &got, d);
    in->end += got;
    /* A UTF-8 byte order mark at the very start (of a part) is not data. */
    if (in->base == 0 && in->pos == 0 && in->end >= 3 &&
        memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0 && in->line == 1)
        in->pos = 3;
    return r;
}

/* Columns the plan does not need come back NULL. */
static void finish_batch(Input *in, Batch *out, uint32_t rows)
{
    out->n_rows = out->n_sel = rows;
    for (int c = 0; c < in->n_cols && c < out->n_cols; c++)
        if (!in->needed[c])
            out->cols[c].valid = arena_calloc(out->arena, VALID_WORDS * sizeof(uint64_t));
}

/* The current part is fully consumed: the next one starts at byte 0,
 * line 1, with its own header. Reports still pending name the old part. */
static void next_part(Input *in)
{
    input_flush_reports(in);
    in->part_end = false;
    in->parts_done++;
    in->line = 1;
    in->header_pending = in->cfg.header;
    in->base = -(int64_t)in->pos;             /* fill() adds pos: offset 0 */
    in->no_nl_until = 0;                      /* offsets start over */
    in->skipping = false;
}

/* Could a record end in the buffer? Only at a '\n' (or at the end of
 * the input): bytes already searched are not searched again. */
static bool may_end_record(Input *in)
{
    int64_t start = in->base + (int64_t)in->pos;
    if (in->no_nl_until < start) in->no_nl_until = start;
    size_t from = (size_t)(in->no_nl_until - in->base);
    if (from >= in->end) return false;
    if (memchr(in->buf + from, '\n', in->end - from)) return true;
    in->no_nl_until = in->base + (int64_t)in->end;
    return false;
}

/* Drop the bytes of a record being skipped, up to and including its
 * line end (or everything when none has arrived). */
static void skip_long(Input *in, bool final)
{
    const char *p = in->buf + in->pos;
    const char *nl = memchr(p, '\n', in->end - in->pos);
    if (nl) {
        input_consume(in, nl + 1, 1, false);
        in->skipping = false;
        return;
    }
    in->pos = in->end;
    if (final) in->skipping = false;
}

void input_reason_too_long(Input *in)
{
    char lim[32];
    sb_reset(&in->reason);
    sb_printf(&in->reason, "record longer than max_record_bytes (%s)",
              bytesize_format(in->cfg.max_record_bytes, lim));
}

/* The record at pos has no end within max_record_bytes: a bad record
 * (counted, reported, or failing the input), whose rest is skipped. */
static int too_long(Input *in)
{
    input_reason_too_long(in);
    in->records++;
    if (input_bad_record(in, in->line) < 0) return -1;
    in->skipping = true;
    skip_long(in, false);
    return 0;
}

static int generate(Input *in, Batch *out, uint32_t max_rows, bool *eof)
{
    uint32_t rows = in->cv->generate(in, &in->conn, out, max_rows, eof);
    in->records += rows;
    if (*eof) in->done = true;
    finish_batch(in, out, rows);
    return (int)rows;
}

int input_next(Input *in, Batch *out, uint32_t max_rows, bool *eof, Diag *d)
{
    *eof = false;
    batch_clear(out);
    recycle(in);
    if (in->done) { *eof = true; return 0; }
    if (max_rows > BATCH_CAP) max_rows = BATCH_CAP;
    in->d = d;
    if (in->cv->generate) return generate(in, out, max_rows, eof);
    uint32_t rows = 0;
    size_t read = 0;
    while (rows < max_rows) {
        bool final = in->conn_eof || in->part_end;
        if (in->skipping) skip_long(in, final);
        if (!in->skipping && (final || may_end_record(in)) &&
            in->fv->parse(in, out, &rows, max_rows, final) < 0) {
            finish_batch(in, out, 0);
            return -1;
        }
        if (rows >= max_rows) break;
        /* What is left is one incomplete record. */
        if (!in->skipping && (int64_t)(in->end - in->pos) > in->cfg.max_record_bytes &&
            too_long(in) < 0) {
            finish_batch(in, out, 0);
            return -1;
        }
        if (rows == 0 && read >= READ_BUDGET) break;
        if (in->conn_eof) break;              /* parsed with final = true */
        if (in->part_end) {
            if (in->pos < in->end) break;     /* a format left bytes: not expected */
            next_part(in);
        }
        size_t before = in->end - in->pos;
        ConnRead r = fill(in, rows > 0, d);
        read += in->end - in->pos - before;
        if (r == CONN_ERR) { finish_batch(in, out, 0); return -1; }
        if (r == CONN_NONE) break;
        if (r == CONN_EOF) in->conn_eof = true;
        if (r == CONN_PART_END) in->part_end = true;
    }
    if (in->conn_eof && in->pos == in->end) {
        in->done = true;
        input_flush_reports(in);
        *eof = true;
    }
    finish_batch(in, out, rows);
    return (int)rows;
}
