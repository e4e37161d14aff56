/* io_util — helpers for the engine/io unit tests (see io_util.h). */
#include "io_util.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/base/timeutil.h"

void io_opt(IoTest *t, const char *key, const char *value)
{
    int i = t->def.options.n++;
    cr_assert_lt(i, IO_MAX_OPTS);
    free(t->opt_values[i]);
    t->opt_values[i] = strdup(value);
    t->opts[i] = (Option){.key = key, .value = t->opt_values[i],
                          .span_off = 100u * (unsigned)(i + 1),
                          .span_len = (uint32_t)strlen(value)};
}

void io_init(IoTest *t, bool is_stream, const char *name, const char *schema, ...)
{
    memset(t, 0, sizeof *t);
    strcpy(t->dir, "/tmp/sluice-io-XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    t->def.name = name;
    t->def.is_stream = is_stream;
    t->def.schema.cols = t->cols;
    t->def.options.items = t->opts;
    t->d.span = SPAN_NONE;

    char *copy = strdup(schema), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char cname[64], tname[64];
        cr_assert_eq(sscanf(tok, " %63s %63s", cname, tname), 2, "bad schema %s", schema);
        int i = t->def.schema.n++;
        t->names[i] = strdup(cname);
        t->cols[i].name = t->names[i];
        cr_assert(type_from_name(tname, &t->cols[i].type), "type %s", tname);
        t->needed[i] = true;
    }
    free(copy);

    va_list ap;
    va_start(ap, schema);
    const char *k;
    while ((k = va_arg(ap, const char *))) io_opt(t, k, va_arg(ap, const char *));
    va_end(ap);

    t->arena = arena_new();
    Type types[IO_MAX_COLS];
    for (int i = 0; i < t->def.schema.n; i++) types[i] = t->cols[i].type;
    t->batch = batch_new(t->arena, types, t->def.schema.n);
    t->err = open_memstream(&t->err_buf, &t->err_len);
}

const char *io_file(IoTest *t, const char *fname, const char *data, size_t len)
{
    char *p = t->paths[t->n_paths++ % 8], tmp[256];
    snprintf(tmp, sizeof tmp, "%s/%s", t->dir, fname);
    memcpy(p, tmp, sizeof tmp);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return p;
}

Input *io_open(IoTest *t, int stdin_fd, bool use_mask)
{
    t->in = input_open(&t->def, use_mask ? t->needed : NULL, stdin_fd, t->err, &t->d);
    return t->in;
}

static void render(IoTest *t)
{
    Batch *b = t->batch;
    for (uint32_t r = 0; r < b->n_rows; r++) {
        for (int c = 0; c < b->n_cols; c++) {
            if (c) sb_putc(&t->rows, '|');
            Value v = vec_get(&b->cols[c], r);
            if (v.is_null) sb_puts(&t->rows, "NULL");
            else if (v.type == TYPE_TEXT) sb_printf(&t->rows, "[%.*s]", (int)v.s.len, v.s.ptr);
            else if (v.type == TYPE_INTERVAL) sb_printf(&t->rows, "%lldus", (long long)v.i);
            else value_format(&v, &t->rows);
        }
        sb_putc(&t->rows, '\n');
    }
}

int io_next(IoTest *t, uint32_t max_rows, bool *eof)
{
    arena_reset(t->arena);
    Type types[IO_MAX_COLS];
    for (int i = 0; i < t->def.schema.n; i++) types[i] = t->cols[i].type;
    t->batch = batch_new(t->arena, types, t->def.schema.n);
    int n = input_next(t->in, t->batch, max_rows, eof, &t->d);
    if (n > 0) render(t);
    return n;
}

long io_drain(IoTest *t, uint32_t max_rows)
{
    long total = 0;
    bool eof = false;
    for (int guard = 0; !eof && guard < 1000000; guard++) {
        int n = io_next(t, max_rows, &eof);
        if (n < 0) return -1;
        total += n;
    }
    return total;
}

long io_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long io_wait_rows(IoTest *t, long want, int timeout_ms, bool *eof)
{
    bool e = false;
    long total = 0, deadline = io_ms() + timeout_ms;
    while (total < want && !e && io_ms() < deadline) {
        int n = io_next(t, 2048, &e);
        if (n < 0) return -1;
        total += n;
        if (n > 0 || e) continue;
        int fd = input_fd(t->in);
        if (fd >= 0) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            poll(&p, 1, 10);
        } else {
            struct timespec nap = {0, 10 * 1000000L};
            nanosleep(&nap, NULL);
        }
    }
    if (eof) *eof = e;
    return total;
}

const char *io_err(IoTest *t)
{
    fflush(t->err);
    return t->err_buf ? t->err_buf : "";
}

const char *io_validate(IoTest *t)
{
    diag_clear(&t->d);
    if (input_validate(&t->def, &t->d) == 0) return "ok";
    return t->d.message;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

void io_done(IoTest *t)
{
    input_close(t->in);
    t->in = NULL;
    fclose(t->err);
    free(t->err_buf);
    diag_clear(&t->d);
    sb_free(&t->rows);
    arena_free(t->arena);
    for (int i = 0; i < t->def.schema.n; i++) free(t->names[i]);
    for (int i = 0; i < IO_MAX_OPTS; i++) { free(t->opt_values[i]); t->opt_values[i] = NULL; }
    if (t->pipe_fd > 0) close(t->pipe_fd);
    nftw(t->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}
