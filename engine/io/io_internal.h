/* io_internal — the pieces of an Input, shared by the files of engine/io.
 *
 * An Input is three layers:
 *   connector  (conn_*.c)  bytes from somewhere, never blocking, possibly
 *                          in parts (the files of a directory); or, for
 *                          a generator (rate), rows directly;
 *   buffer     (input.c)   a big read buffer, compacted or swapped between
 *                          calls, with line/byte/record accounting;
 *   format     (fmt_*.c)   frames records in the buffer and parses them
 *                          straight into the column vectors of a Batch.
 * Conversions from text to typed values live in convert.c, bad-record
 * reporting in badrec.c, option checking in options.c.
 *
 * Not a public header: only engine/io and its unit tests include it. */
#ifndef SLUICE_IO_INTERNAL_H
#define SLUICE_IO_INTERNAL_H

#include <signal.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "engine/base/strbuf.h"
#include "conn_nexmark.h"
#include "input.h"


/* ---- connectors --------------------------------------------------- */

typedef enum ConnRead {
    CONN_DATA,      /* *n > 0 bytes were read */
    CONN_NONE,      /* nothing available right now */
    CONN_EOF,       /* the connector has ended */
    CONN_ERR,       /* I/O error (Diag filled) */
    CONN_PART_END,  /* a part ended (a file of a directory, a tailed file
                       before truncation or rotation, a socket connection
                       before a reconnect): its unterminated last record
                       is final; reading goes on with the next part, whose
                       lines count from 1 again (*n is 0) */
} ConnRead;

typedef struct Conn {
    int fd;
    bool own_fd;     /* close fd on input_close */
    bool tail;       /* file: keep following at EOF */
    bool pollable;   /* a pipe, socket or tty: worth poll()ing */
    const char *path;
    void *state;     /* the connector's own state (freed by its close) */
} Conn;

typedef struct ConnVtab {
    const char *name;
    const char *const *options;   /* connector-specific option names, NULL-ended */
    int (*open)(Input *in, Conn *c, int stdin_fd, Diag *d);
    ConnRead (*read)(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d);
    int (*fd)(const Conn *c);
    bool (*bounded)(const Conn *c);
    void (*close)(Conn *c);
    /* Optional: a micro-batch begins (per-batch limits). */
    void (*begin_batch)(Conn *c);
    /* Optional: a generator makes rows itself instead of bytes for a
     * format (read is then unused). Up to max_rows rows into out from row
     * 0; returns the count; *eof once it has ended. */
    uint32_t (*generate)(Input *in, Conn *c, Batch *out, uint32_t max_rows, bool *eof);
    /* The connector ends a stream's micro-batches itself (begin_batch),
     * counting max_batch_rows in its own unit (nexmark: generator
     * events); the executor then gets no row limit. */
    bool limits_batches;
} ConnVtab;

/* Shared by connectors that read a descriptor (conn_fd.c). */
ConnRead conn_read_fd(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d);
int conn_fd_poll(const Conn *c);
void conn_fd_close(Conn *c);

extern const ConnVtab conn_stdin;
extern const ConnVtab conn_file;
extern const ConnVtab conn_directory;
extern const ConnVtab conn_socket;
extern const ConnVtab conn_rate;
extern const ConnVtab conn_nexmark;

/* Milliseconds of a monotonic clock (for retry timers). */
int64_t conn_mono_ms(void);

/* ---- formats ------------------------------------------------------ */

/* Parse complete records from in->buf[in->pos .. in->end) into `out`,
 * starting at row *rows, until *rows == max_rows or no complete record is
 * left. `final`: the connector has ended, so an unterminated last record
 * is a record. Returns 0, or -1 when a bad record fails the input. */
typedef int (*FormatParse)(Input *in, Batch *out, uint32_t *rows,
                           uint32_t max_rows, bool final);

typedef struct FormatVtab {
    const char *name;
    const char *const *options;   /* format-specific option names, NULL-ended */
    /* Check the schema fits the format (span: the format option). */
    int (*check_schema)(const InputDef *def, Span span, Diag *d);
    /* Per-Input parser state in in->fstate (may stay NULL). */
    void (*open)(Input *in);
    void (*close)(Input *in);
    FormatParse parse;
} FormatVtab;

extern const FormatVtab fmt_csv;
extern const FormatVtab fmt_json;
extern const FormatVtab fmt_text;
/* The rows of connector 'rate' (no parsing; checks the schema). */
extern const FormatVtab fmt_rate;
/* The rows of connector 'nexmark' (no parsing; checks the schema). */
extern const FormatVtab fmt_nexmark;

/* ---- configuration (options.c) ------------------------------------ */

typedef enum TsFormat { TS_TEXT, TS_EPOCH_S, TS_EPOCH_MS, TS_EPOCH_US } TsFormat;

/* Unaligned little loads for the word-at-a-time parsers (memcpy: no
 * alignment or aliasing assumptions; compilers make it one load). */
static inline uint64_t load8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}
static inline uint32_t load4(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* The last date seen by conv_timestamp (NULL: no caching). */
typedef struct TsCache {
    char date[10];           /* "YYYY-MM-DD" of day_us */
    bool valid;
    int64_t day_us;
    char second[19];         /* "YYYY-MM-DD HH:MM:SS" of second_us */
    bool second_valid;
    int64_t second_us;
} TsCache;

typedef struct InputConfig {
    const ConnVtab *conn;
    const FormatVtab *fmt;
    const char *path;        /* points into the InputDef */
    bool tail;
    bool header;
    char delim;
    int quote;               /* -1: no quoting */
    const char *null_value;  /* points into the InputDef; "" by default */
    TsFormat ts_format;
    bool fail;               /* on_error = 'fail' */
    int64_t max_batch_rows;  /* 0 = unset */
    int64_t max_record_bytes;/* longer records are bad (INPUT_DEFAULT_RECORD_BYTES) */
    bool is_stream;
    /* directory */
    int64_t max_files;       /* max_files_per_batch; 0 = no limit */
    bool available_now;      /* a STREAM ends after the files present at start */
    /* socket */
    const char *host;        /* points into the InputDef; "localhost" */
    int port;                /* 0 = unset */
    bool reconnect;
    /* rate */
    int64_t rows_per_second; /* default 1 */
    int64_t num_rows;        /* -1 = no end */
    bool has_start_time;
    int64_t start_time;      /* microseconds since the epoch */
    /* nexmark */
    NexmarkConfig nexmark;
} InputConfig;

/* Check and decode the options of def into cfg. -1 with d filled. */
int input_config(const InputDef *def, InputConfig *cfg, Diag *d);

/* ---- the Input ---------------------------------------------------- */

typedef struct RetiredBuf {
    char *p;
    size_t cap;
} RetiredBuf;

struct Input {
    InputConfig cfg;
    const ConnVtab *cv;
    const FormatVtab *fv;
    Conn conn;

    /* Set asynchronously (SIGINT/SIGTERM): a connector that waits at open
     * (socket connect) gives up. NULL: none. */
    const volatile sig_atomic_t *interrupt;
    char *what;              /* "stream logs" / "table books" */
    char *label;             /* what, with " (path)" for a file */
    char *name;              /* the stream or table name */
    bool is_stream;
    char *path;              /* own copy (file connector) */
    char *null_value;        /* own copy */
    size_t null_len;

    int n_cols;
    Type *types;
    char **names;
    size_t *name_lens;
    bool *needed;
    int (**store)(Input *, Batch *, int, uint32_t, const char *, size_t);
                             /* per column: input_store_fn(types[c]) */

    /* Read buffer: bytes [pos, end) not yet consumed. buf[0] is byte
     * `base` of the connector's stream. */
    char *buf;
    size_t cap, pos, end;
    int64_t base;
    RetiredBuf *retired;     /* buffers that rows of this call point into */
    int n_retired, cap_retired;
    char *spare;             /* a free buffer of `cap` bytes, or NULL */
    int64_t no_nl_until;     /* stream offset: the bytes from the current
                                record's start up to here hold no '\n', so
                                no record can end there (a long line is
                                scanned once, not once per read) */
    bool skipping;           /* dropping the rest of a record longer than
                                max_record_bytes, up to its line end */

    int64_t line;            /* line number of the next record in the
                                current part (1-based) */
    int64_t records;         /* records consumed (good + bad) */
    int64_t parts_done;      /* parts (files of a directory, ...) finished */
    bool header_pending;     /* per part: each file has its own header */
    bool part_end;           /* the connector said CONN_PART_END */
    bool conn_eof;
    bool done;

    /* Bad records. */
    FILE *err;
    int64_t bad_total;
    int reports;             /* reported in this micro-batch */
    int64_t unreported;      /* counted but not reported in this batch */
    StrBuf reason;           /* the current bad record's reason */
    Diag *d;                 /* the Diag of the running input_next */

    void *fstate;            /* the format's parser state */

    StrBuf scratch;          /* unescaped field text for conversions */
    StrBuf tmp;              /* NUL-terminated copies inside conversions */
    TsCache ts_cache;
    locale_t c_locale;       /* for strtod_l */
};

/* Set in->label to "stream logs (where)" (where NULL: no parentheses),
 * e.g. for the file of a directory being read. */
void input_set_label(Input *in, const char *where);

/* Mark a record consumed: the next one starts at `next`, `newlines` lines
 * later. `counted`: it was a record (not a header or blank line). */
static inline void input_consume(Input *in, const char *next, int64_t newlines,
                                 bool counted)
{
    in->pos = (size_t)(next - in->buf);
    in->line += newlines;
    in->records += counted;
}

/* ---- long records (input.c) --------------------------------------- */

/* Set in->reason to "record longer than max_record_bytes (...)". */
void input_reason_too_long(Input *in);
/* Is the complete record [p, next) (its line end not counted) longer
 * than max_record_bytes? Then the reason is set: the format reports it
 * as a bad record. */
static inline bool input_too_long(Input *in, const char *p, const char *next)
{
    size_t n = (size_t)(next - p);
    if ((int64_t)n <= in->cfg.max_record_bytes) return false;
    if (n && next[-1] == '\n') n--;
    if (n && next[-1 - (next[-1] == '\n')] == '\r') n--;
    if ((int64_t)n <= in->cfg.max_record_bytes) return false;
    input_reason_too_long(in);
    return true;
}

/* ---- bad records (badrec.c) --------------------------------------- */

/* The record starting at `line` is bad for the reason in in->reason.
 * Counts and reports it (skip) and returns 0, or fills in->d and returns
 * -1 under on_error = 'fail'. */
int input_bad_record(Input *in, int64_t line);
/* Print the "N more bad records" line for the current batch, if any. */
void input_flush_reports(Input *in);
/* A "warning: ..." or "note: ..." line on the Input's err stream. */
void input_warn(Input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void input_note(Input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Write text into sb for a message: control characters escaped, cut at
 * a readable length. */
void input_quote_text(StrBuf *sb, const char *p, size_t n);

/* ---- conversions (convert.c) -------------------------------------- */

/* Store the text p[0..n) as the value of column `col` at `row`, converted
 * to the column's type. TEXT is stored by reference (the caller makes sure
 * p lives long enough). Empty text is NULL for non-TEXT types. Returns 0,
 * or -1 with in->reason set when the text does not convert. */
typedef int (*StoreFn)(Input *in, Batch *out, int col, uint32_t row,
                       const char *p, size_t n);
/* The StoreFn of a column type (input_open keeps one per column in
 * in->store, so that no row switches on the type). */
StoreFn input_store_fn(Type t);
static inline int input_store(Input *in, Batch *out, int col, uint32_t row,
                              const char *p, size_t n)
{
    return in->store[col](in, out, col, row, p, n);
}
/* Row `row` of column `col` is NULL. */
static inline void input_store_null(Batch *out, int col, uint32_t row)
{
    vec_set_null(&out->cols[col], row, out->arena);
}
/* TEXT by reference, no conversion. */
static inline void input_store_text(Batch *out, int col, uint32_t row,
                                    const char *p, size_t n)
{
    Vector *v = &out->cols[col];
    VEC_STR(v)[row] = (Str){p, (uint32_t)n};
    vec_set_valid(v, row);
}

bool conv_int64(const char *p, size_t n, int64_t *out);
bool conv_double(const char *p, size_t n, locale_t loc, double *out);
bool conv_bool(const char *p, size_t n, uint8_t *out);
bool conv_timestamp(const char *p, size_t n, TsFormat f, TsCache *cache, int64_t *out);
bool conv_interval(const char *p, size_t n, StrBuf *scratch, int64_t *out);

#endif
