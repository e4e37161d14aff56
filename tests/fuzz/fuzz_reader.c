/* fuzz_reader — libFuzzer target for one input format, reading bytes as a
 * stream input would. Built twice: FUZZ_FORMAT "csv" (fuzz_csv) and
 * "json" (fuzz_json).
 *
 * The first byte of the input picks the options (CSV: header, delimiter,
 * quote, null_value; both: timestamp_format, on_error, which columns are
 * needed, the batch size); the rest is the data, handed to the 'stdin'
 * connector through a memory file, over a fixed schema with every column
 * type. Each batch's values are read back (TEXT bytes included) so that a
 * value pointing at freed or uninitialised memory is caught. A crash,
 * leak, sanitizer report or hang is a bug; a bad record (skipped or, with
 * on_error = 'fail', an error) is not.
 *
 * Seed corpus: tests/fuzz/corpus/csv/ and tests/fuzz/corpus/json/ (the
 * first byte of each seed is the options byte). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine/io/input.h"

#ifndef FUZZ_FORMAT
#error "define FUZZ_FORMAT"
#endif

static const struct { const char *name; Type type; } COLS[] = {
    {"ts", TYPE_TIMESTAMP}, {"id", TYPE_INT64}, {"price", TYPE_DOUBLE},
    {"name", TYPE_TEXT}, {"ok", TYPE_BOOL}, {"gap", TYPE_INTERVAL},
    {"note", TYPE_TEXT},
};
#define N_COLS ((int)(sizeof COLS / sizeof COLS[0]))

/* Touch every byte of every live value (ASan/MSan see a bad pointer). */
static uint64_t consume(const Batch *b)
{
    uint64_t h = 0;
    for (uint32_t r = 0; r < b->n_rows; r++)
        for (int c = 0; c < b->n_cols; c++) {
            const Vector *v = &b->cols[c];
            if (vec_is_null(v, r)) continue;
            switch (v->type) {
            case TYPE_TEXT: {
                Str s = VEC_STR(v)[r];
                for (uint32_t i = 0; i < s.len; i++) h = h * 31 + (unsigned char)s.ptr[i];
                break;
            }
            case TYPE_DOUBLE: { double x = VEC_F64(v)[r]; uint64_t u; memcpy(&u, &x, 8); h ^= u; break; }
            case TYPE_BOOL: h += VEC_BOOL(v)[r]; break;
            default: h ^= (uint64_t)VEC_I64(v)[r]; break;
            }
        }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20) return 0;
    unsigned o = data[0];
    data++, size--;

    Column cols[N_COLS];
    bool needed[N_COLS];
    for (int i = 0; i < N_COLS; i++) {
        cols[i] = (Column){.name = COLS[i].name, .type = COLS[i].type};
        needed[i] = !(o & 0x80) || i % 2 == 0;      /* some runs read a subset */
    }
    static const char *const delims[] = {",", ";", "\t", "|"};
    static const char *const ts_formats[] = {"iso", "epoch_s", "epoch_ms", "epoch_us"};
    Option opts[10];
    int n = 0;
    opts[n++] = (Option){.key = "connector", .value = "stdin"};
    opts[n++] = (Option){.key = "format", .value = FUZZ_FORMAT};
    opts[n++] = (Option){.key = "timestamp_format", .value = ts_formats[o & 3]};
    opts[n++] = (Option){.key = "on_error", .value = (o & 4) ? "fail" : "skip"};
    if (strcmp(FUZZ_FORMAT, "csv") == 0) {
        opts[n++] = (Option){.key = "header", .value = (o & 8) ? "true" : "false"};
        opts[n++] = (Option){.key = "delimiter", .value = delims[(o >> 4) & 3]};
        if (o & 0x40) opts[n++] = (Option){.key = "null_value", .value = "NULL"};
        if ((o & 0x30) == 0x30) opts[n++] = (Option){.key = "quote", .value = "'"};
    }
    InputDef def = {.name = "fuzz", .is_stream = true,
                    .schema = {.n = N_COLS, .cols = cols},
                    .options = {.n = n, .items = opts}};

    static FILE *null_err;
    if (!null_err) null_err = fopen("/dev/null", "w");
    Diag d = {0};
    d.span = SPAN_NONE;
    if (input_validate(&def, &d) < 0) {
        fprintf(stderr, "fuzz_reader: options refused: %s\n", d.message);
        abort();
    }
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) abort();

    Input *in = input_open(&def, needed, fd, null_err, &d);
    if (!in) {
        fprintf(stderr, "fuzz_reader: open failed: %s\n", d.message);
        abort();
    }
    static Arena *a;                        /* kept: fewer large mappings */
    if (!a) a = arena_new();
    Type types[N_COLS];
    for (int i = 0; i < N_COLS; i++) types[i] = COLS[i].type;
    uint32_t max_rows = (o & 0x40) ? 3 : BATCH_CAP;
    volatile uint64_t sink = 0;
    bool eof = false;
    for (int guard = 0; !eof && guard < 100000; guard++) {
        arena_reset(a);
        Batch *b = batch_new(a, types, N_COLS);
        input_begin_batch(in);
        int got = input_next(in, b, max_rows, &eof, &d);
        if (got < 0) {
            if (!d.set) {
                fprintf(stderr, "fuzz_reader: input_next failed without an error\n");
                abort();
            }
            break;
        }
        if ((uint32_t)got != b->n_rows && b->n_sel != (uint32_t)got) {
            fprintf(stderr, "fuzz_reader: input_next returned %d, batch has %u rows\n", got, b->n_rows);
            abort();
        }
        sink += consume(b);
    }
    if (!eof && !d.set) {
        fprintf(stderr, "fuzz_reader: the input never ended\n");
        abort();
    }
    (void)sink;
    (void)input_offset(in);
    input_close(in);
    arena_reset(a);
    diag_clear(&d);
    close(fd);
    return 0;
}
