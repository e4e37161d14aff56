/* fmt_text — each line is one row of a single `value TEXT` column.
 *
 * The line is the value, without its line end (LF or CRLF); an empty line
 * is an empty string, not NULL. Nothing is unescaped, so values always
 * point into the read buffer. The schema must be exactly one TEXT
 * column. */
#include <string.h>

#include "io_internal.h"

static const char *const text_options[] = {NULL};

static int text_check_schema(const InputDef *def, Span span, Diag *d)
{
    const Schema *s = &def->schema;
    if (s->n == 1 && s->cols[0].type == TYPE_TEXT) return 0;
    const char *kind = def->is_stream ? "stream" : "table";
    if (s->n != 1)
        diag_error(d, span, "format 'text' needs exactly one TEXT column (value TEXT); "
                   "%s %s has %d columns", kind, def->name, s->n);
    else
        diag_error(d, span, "format 'text' needs exactly one TEXT column (value TEXT); "
                   "column \"%s\" of %s %s is %s", s->cols[0].name, kind, def->name,
                   type_name(s->cols[0].type));
    return -1;
}

static int text_parse(Input *in, Batch *out, uint32_t *rows, uint32_t max_rows, bool final)
{
    const bool needed = in->needed[0];
    while (*rows < max_rows) {
        const char *p = in->buf + in->pos, *end = in->buf + in->end;
        if (p == end) return 0;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && !final) return 0;
        const char *le = nl ? nl : end;
        input_consume(in, nl ? nl + 1 : end, nl != NULL, true);
        if (input_too_long(in, p, nl ? nl + 1 : end)) {
            if (input_bad_record(in, in->line - (nl != NULL)) < 0) return -1;
            continue;
        }
        if (le > p && le[-1] == '\r') le--;
        if (needed) input_store_text(out, 0, *rows, p, (size_t)(le - p));
        (*rows)++;
    }
    return 0;
}

const FormatVtab fmt_text = {
    .name = "text",
    .options = text_options,
    .check_schema = text_check_schema,
    .parse = text_parse,
};
