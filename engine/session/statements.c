/* statements — DDL and session statements: CREATE STREAM/TABLE/SINK,
 * DROP, SHOW, DESCRIBE, SET, HELP. Queries (SELECT, INSERT, STOP) are in
 * session.c, the query table in queries.c, EXPLAIN in explain.c. */
#include "session.h"
#include "engine/base/bytesize.h"
#include "engine/base/timeutil.h"
#include "settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- CREATE STREAM / TABLE ------------------------------------------------ */

/* WATERMARK FOR c AS c [- INTERVAL ...]: the delay, or -1 on error. */
static int watermark_delay(StmtCtx *c, Arena *a, const AstStmt *st, int64_t *delay)
{
    const AstExpr *e = st->create.wm_expr;
    const char *col = st->create.wm_column;
    *delay = 0;
    if (e->kind == AST_COLUMN && !e->column.qualifier && strcasecmp(e->column.name, col) == 0)
        return 0;
    if (e->kind == AST_BINARY && e->binary.op == OP_SUB && e->binary.left->kind == AST_COLUMN &&
        strcasecmp(e->binary.left->column.name, col) == 0) {
        Analyzer az = {.arena = a, .catalog = &c->s->catalog, .src = c->src, .diag = c->diag};
        if (analyze_interval_literal(&az, e->binary.right, delay) < 0) return -1;
        if (*delay < 0)
            return diag_error(c->diag, e->binary.right->span, "the watermark delay must not be negative");
        return 0;
    }
    diag_error(c->diag, e->span, "a watermark must be written as %s - INTERVAL '...'", col);
    diag_hint(c->diag, "e.g. WATERMARK FOR %s AS %s - INTERVAL '10' SECOND", col, col);
    return -1;
}

int stmt_create_source(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    const char *kind = st->create.kind == OBJ_STREAM ? "stream" : "table";
    CatalogEntry *old = catalog_find(&s->catalog, st->create.name);
    if (old) {
        if (st->create.if_not_exists) return 0;
        diag_error(c->diag, st->create.name_span, "%s \"%s\" already exists",
                   catalog_kind_name(old->kind), st->create.name);
        diag_hint(c->diag, "DROP %s %s first, or use CREATE %s IF NOT EXISTS",
                  old->kind == CAT_STREAM ? "STREAM" : old->kind == CAT_TABLE ? "TABLE" : "SINK",
                  st->create.name, st->create.kind == OBJ_STREAM ? "STREAM" : "TABLE");
        return -1;
    }
    /* Build the definition in a scratch entry; add it only if valid. */
    Catalog scratch;
    catalog_init(&scratch);
    CatalogEntry *e = catalog_add(&scratch, st->create.kind == OBJ_STREAM ? CAT_STREAM : CAT_TABLE,
                                  st->create.name);
    Arena *a = e->arena;
    int n = st->create.columns->n;
    if (n == 0) {
        diag_error(c->diag, st->create.name_span, "%s \"%s\" needs at least one column", kind, st->create.name);
        goto fail;
    }
    e->def.schema.n = n;
    e->def.schema.cols = ARENA_ARRAY(a, Column, n);
    for (int i = 0; i < n; i++) {
        const AstColumnDef *cd = st->create.columns->items[i];
        Type t;
        if (!type_from_name(cd->type_name, &t)) {
            diag_error(c->diag, cd->type_span, "unknown type \"%s\"", cd->type_name);
            diag_hint(c->diag, "types: BOOLEAN, INT, BIGINT, DOUBLE, TEXT, TIMESTAMP, INTERVAL");
            goto fail;
        }
        for (int j = 0; j < i; j++)
            if (strcasecmp(e->def.schema.cols[j].name, cd->name) == 0) {
                diag_error(c->diag, cd->span, "column \"%s\" is declared twice", cd->name);
                goto fail;
            }
        e->def.schema.cols[i] = (Column){.name = arena_strdup(a, cd->name), .type = t};
    }
    if (st->create.wm_column) {
        int wc = schema_find(&e->def.schema, st->create.wm_column);
        if (wc < 0) {
            diag_error(c->diag, st->create.wm_span, "watermark column \"%s\" is not a column of %s",
                       st->create.wm_column, st->create.name);
            goto fail;
        }
        if (e->def.schema.cols[wc].type != TYPE_TIMESTAMP) {
            diag_error(c->diag, st->create.wm_span, "watermark column \"%s\" must be a TIMESTAMP, not %s",
                       st->create.wm_column, type_name(e->def.schema.cols[wc].type));
            goto fail;
        }
        if (st->create.kind != OBJ_STREAM) {
            diag_error(c->diag, st->create.wm_span, "a TABLE cannot have a watermark");
            diag_hint(c->diag, "watermarks bound the state of unbounded inputs: declare a STREAM");
            goto fail;
        }
        if (watermark_delay(c, a, st, &e->wm_delay_us) < 0) goto fail;
        e->wm_column = wc;
        e->def.schema.cols[wc].event_time = EVT_TIME;
    }
    int no = st->create.options ? st->create.options->n : 0;
    e->def.options.n = no;
    e->def.options.items = ARENA_ARRAY(a, Option, no > 0 ? no : 1);
    for (int i = 0; i < no; i++) {
        const AstOption *o = st->create.options->items[i];
        for (int j = 0; j < i; j++)
            if (strcasecmp(e->def.options.items[j].key, o->key) == 0) {
                diag_error(c->diag, o->span, "option \"%s\" is given twice", o->key);
                goto fail;
            }
        e->def.options.items[i] = (Option){arena_strdup(a, o->key), arena_strdup(a, o->value),
                                           o->value_span.off, o->value_span.len};
    }
    if (!options_get(&e->def.options, "connector")) {
        diag_error(c->diag, st->create.name_span, "%s \"%s\" has no connector", kind, st->create.name);
        diag_hint(c->diag, "add WITH (connector = 'stdin', format = 'csv') or "
                  "WITH (connector = 'file', path = '...', format = 'csv')");
        goto fail;
    }
    if (input_validate(&e->def, c->diag) < 0) goto fail;
    /* Move the entry from scratch into the session catalog. */
    CatalogEntry *kept = catalog_add(&s->catalog, e->kind, e->def.name);
    arena_free(kept->arena);
    *kept = *e;
    e->arena = NULL;
    scratch.n = 0;
    free(scratch.entries[0]);
    catalog_free(&scratch);
    return 0;
fail:
    catalog_free(&scratch);
    return -1;
}

/* ---- CREATE SINK ------------------------------------------------------------ */

int stmt_create_sink(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    const char *name = st->create_sink.name;
    CatalogEntry *old = catalog_find(&s->catalog, name);
    if (old) {
        diag_error(c->diag, st->create_sink.name_span, "%s \"%s\" already exists",
                   catalog_kind_name(old->kind), name);
        if (old->kind == CAT_SINK) diag_hint(c->diag, "DROP SINK %s first", name);
        return -1;
    }
    /* Options are checked (without I/O) before the entry exists. */
    Arena *a = arena_new();
    const AstList *ol = st->create_sink.options;
    int no = ol ? ol->n : 0;
    Options opts = {.n = no, .items = ARENA_ARRAY(a, Option, no > 0 ? no : 1)};
    for (int i = 0; i < no; i++) {
        const AstOption *o = ol->items[i];
        opts.items[i] = (Option){o->key, o->value, o->value_span.off, o->value_span.len};
    }
    if (sink_validate(name, &opts, c->diag) < 0) {
        if (!span_valid(c->diag->span)) c->diag->span = st->create_sink.name_span;
        arena_free(a);
        return -1;
    }
    arena_free(a);
    CatalogEntry *e = catalog_add(&s->catalog, CAT_SINK, name);
    e->def.options.n = no;
    e->def.options.items = ARENA_ARRAY(e->arena, Option, no > 0 ? no : 1);
    for (int i = 0; i < no; i++) {
        const AstOption *o = ol->items[i];
        e->def.options.items[i] = (Option){arena_strdup(e->arena, o->key), arena_strdup(e->arena, o->value),
                                           o->value_span.off, o->value_span.len};
    }
    return 0;
}

int stmt_drop(StmtCtx *c, const AstStmt *st)
{
    CatalogEntry *e = catalog_find(&c->s->catalog, st->drop.name);
    CatalogKind want = st->drop.kind == OBJ_STREAM ? CAT_STREAM : st->drop.kind == OBJ_TABLE ? CAT_TABLE : CAT_SINK;
    if (!e) {
        if (st->drop.if_exists) return 0;
        return diag_error(c->diag, st->drop.name_span, "%s \"%s\" does not exist",
                          catalog_kind_name(want), st->drop.name);
    }
    if (e->kind != want) {
        diag_error(c->diag, st->drop.name_span, "\"%s\" is a %s, not a %s", st->drop.name,
                   catalog_kind_name(e->kind), catalog_kind_name(want));
        diag_hint(c->diag, "use DROP %s %s", e->kind == CAT_STREAM ? "STREAM" : e->kind == CAT_TABLE ? "TABLE" : "SINK",
                  st->drop.name);
        return -1;
    }
    /* A running query points into the entry (plan, writer options). */
    const RunningQuery *rq = e->kind == CAT_SINK ? queries_writing(&c->s->queries, e->def.name)
                                                 : queries_reading(&c->s->queries, &e->def);
    if (rq) {
        diag_error(c->diag, st->drop.name_span, "%s %s is used by running query %lld (%s)",
                   catalog_kind_name(e->kind), e->def.name, (long long)rq->id, rq->label);
        diag_hint(c->diag, "STOP QUERY %lld first", (long long)rq->id);
        return -1;
    }
    catalog_drop(&c->s->catalog, e);
    return 0;
}

/* ---- SHOW / DESCRIBE -------------------------------------------------------- */

void session_print_rows(Sluice *s, const char *const *names, int n_cols, const char *const *cells, int n_rows)
{
    Arena *a = arena_new();
    Schema sc = {.n = n_cols, .cols = ARENA_ARRAY(a, Column, n_cols)};
    Type *types = ARENA_ARRAY(a, Type, n_cols);
    for (int i = 0; i < n_cols; i++) {
        sc.cols[i] = (Column){.name = names[i], .type = TYPE_TEXT};
        types[i] = TYPE_TEXT;
    }
    Renderer *r = render_new(s->cfg.format, s->cfg.out, &sc);
    render_begin(r, -1);
    Batch *b = batch_new(a, types, n_cols);
    for (int row = 0; row < n_rows; row++) {
        uint32_t i = b->n_rows;
        for (int col = 0; col < n_cols; col++) {
            const char *v = cells[row * n_cols + col];
            if (v) {
                Value val = value_text(v, (uint32_t)strlen(v));
                vec_set(&b->cols[col], i, &val, a);
            } else {
                vec_set_null(&b->cols[col], i, a);
            }
        }
        b->n_rows = b->n_sel = i + 1;
        if (b->n_rows == BATCH_CAP) {
            render_rows(r, b);
            batch_clear(b);
        }
    }
    if (b->n_rows) render_rows(r, b);
    render_end(r);
    if (render_error(r) && !s->out_errno) s->out_errno = render_error(r);
    render_free(r);
    arena_free(a);
}

static const char *watermark_text(Arena *a, const CatalogEntry *e)
{
    if (e->wm_column < 0) return NULL;
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s - ", e->def.schema.cols[e->wm_column].name);
    time_format_interval(e->wm_delay_us, &sb);
    const char *t = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return t;
}

/* A cell of a SHOW result, formatted into the statement's arena. */
static const char *cell(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *cell(Arena *a, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return arena_strdup(a, buf);
}

static const char *watermark_cell(Arena *a, int64_t wm)
{
    if (wm == WATERMARK_NONE) return NULL;
    char buf[48];
    time_format_timestamp_buf(wm, buf);
    return arena_strdup(a, buf);
}

/* SHOW STREAMS / TABLES / SINKS. */
static void show_catalog(Sluice *s, Arena *a, CatalogKind want)
{
    const char *src_names[] = {"name", "connector", "format", "columns", "watermark"};
    const char *sink_names[] = {"name", "connector", "format", "path"};
    int nc = want == CAT_STREAM ? 5 : 4;
    const char **cells = ARENA_ARRAY(a, const char *, (size_t)(s->catalog.n + 1) * 5);
    int rows = 0;
    for (int i = 0; i < s->catalog.n; i++) {
        const CatalogEntry *e = s->catalog.entries[i];
        if (e->kind != want) continue;
        const char **row = cells + rows * nc;
        const char *fmt = options_get(&e->def.options, "format");
        row[0] = e->def.name;
        row[1] = options_get(&e->def.options, "connector");
        const char *conn = row[1] ? row[1] : "";
        /* Generators have no text format; the others default to csv. */
        row[2] = fmt ? fmt : strcmp(conn, "rate") == 0 || strcmp(conn, "nexmark") == 0 ? conn : "csv";
        if (want == CAT_SINK) row[3] = options_get(&e->def.options, "path");
        else row[3] = cell(a, "%d", e->def.schema.n);
        if (nc == 5) row[4] = watermark_text(a, e);
        rows++;
    }
    session_print_rows(s, want == CAT_SINK ? sink_names : src_names, nc, cells, rows);
}

/* SHOW QUERIES: every query of the session, running or ended. */
static void show_queries(Sluice *s, Arena *a)
{
    const char *names[] = {"id", "kind", "sink", "status", "batches", "input_rows",
                           "input_rows_per_s", "watermark"};
    enum { NC = 8 };
    const QueryTable *t = &s->queries;
    const char **cells = ARENA_ARRAY(a, const char *, (size_t)(t->n + 1) * NC);
    for (int i = 0; i < t->n; i++) {
        const RunningQuery *rq = t->items[i];
        const char **row = cells + i * NC;
        row[0] = cell(a, "%lld", (long long)rq->id);
        row[1] = rq->background ? "insert" : "select";
        row[2] = rq->sink;
        row[3] = query_status_name(rq->status);
        row[4] = cell(a, "%lld", (long long)rq->batches);
        row[5] = cell(a, "%lld", (long long)rq->input_rows);
        row[6] = rq->batches ? cell(a, "%.0f", queries_input_rate(rq)) : NULL;
        row[7] = watermark_cell(a, rq->last.watermark);
    }
    session_print_rows(s, names, NC, cells, t->n);
}

/* SHOW PROGRESS: the last micro-batch of each query (NULLs before its
 * first one). */
static void show_progress(Sluice *s, Arena *a)
{
    const char *names[] = {"query", "batch", "input_rows", "input_rows_per_s", "processed_rows_per_s",
                           "duration_ms", "watermark", "state_rows", "state_bytes",
                           "dropped_by_watermark", "bad_records"};
    enum { NC = 11 };
    const QueryTable *t = &s->queries;
    const char **cells = ARENA_ARRAY(a, const char *, (size_t)(t->n + 1) * NC);
    for (int i = 0; i < t->n; i++) {
        const RunningQuery *rq = t->items[i];
        const BatchProgress *p = &rq->last;
        const char **row = cells + i * NC;
        row[0] = cell(a, "%lld", (long long)rq->id);
        if (rq->batches == 0) {
            for (int k = 1; k < NC; k++) row[k] = NULL;
            continue;
        }
        row[1] = cell(a, "%lld", (long long)p->batch_id);
        row[2] = cell(a, "%lld", (long long)p->input_rows);
        row[3] = cell(a, "%.0f", p->input_rows_per_s);
        row[4] = cell(a, "%.0f", p->processed_rows_per_s);
        row[5] = cell(a, "%.3f", p->duration_ms);
        row[6] = watermark_cell(a, p->watermark);
        row[7] = cell(a, "%lld", (long long)p->state_rows);
        row[8] = cell(a, "%lld", (long long)p->state_bytes);
        row[9] = cell(a, "%lld", (long long)p->dropped_late);
        row[10] = cell(a, "%lld", (long long)p->bad_records);
    }
    session_print_rows(s, names, NC, cells, t->n);
}

int stmt_show(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    Arena *a = arena_new();
    switch (st->show.what) {
    case SHOW_STREAMS: show_catalog(s, a, CAT_STREAM); break;
    case SHOW_TABLES: show_catalog(s, a, CAT_TABLE); break;
    case SHOW_SINKS: show_catalog(s, a, CAT_SINK); break;
    case SHOW_QUERIES: show_queries(s, a); break;
    case SHOW_PROGRESS: show_progress(s, a); break;
    case SHOW_SETTINGS: settings_show_all(s); break;
    case SHOW_FUNCTIONS: stmt_show_functions(c); break;
    case SHOW_CREATE:
        arena_free(a);
        return stmt_show_create(c, st);
    }
    arena_free(a);
    return 0;
}

int stmt_describe(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    CatalogEntry *e = catalog_find(&s->catalog, st->describe.name);
    if (!e) {
        diag_error(c->diag, st->describe.name_span, "stream, table or sink \"%s\" does not exist", st->describe.name);
        const char *names[256];
        int n = 0;
        for (int i = 0; i < s->catalog.n && n < 256; i++) names[n++] = s->catalog.entries[i]->def.name;
        const char *close = diag_closest(st->describe.name, names, n);
        if (close) diag_hint(c->diag, "did you mean \"%s\"?", close);
        return -1;
    }
    Arena *a = arena_new();
    if (e->kind == CAT_SINK) {               /* a sink has options, not columns */
        int no = e->def.options.n;
        const char **cells = ARENA_ARRAY(a, const char *, (size_t)no * 2 + 1);
        for (int i = 0; i < no; i++) {
            cells[i * 2] = e->def.options.items[i].key;
            cells[i * 2 + 1] = e->def.options.items[i].value;
        }
        const char *names[] = {"option", "value"};
        session_print_rows(s, names, 2, cells, no);
        arena_free(a);
        return 0;
    }
    int n = e->def.schema.n;
    const char **cells = ARENA_ARRAY(a, const char *, (size_t)n * 3 + 1);
    for (int i = 0; i < n; i++) {
        cells[i * 3] = e->def.schema.cols[i].name;
        cells[i * 3 + 1] = type_name(e->def.schema.cols[i].type);
        cells[i * 3 + 2] = i == e->wm_column ? watermark_text(a, e) : NULL;
    }
    const char *names[] = {"column", "type", "watermark"};
    session_print_rows(s, names, 3, cells, n);
    arena_free(a);
    return 0;
}

/* ---- SET / RESET ------------------------------------------------------------ */

int stmt_set(StmtCtx *c, const AstStmt *st)
{
    return settings_set(c->s, st->set.name, st->set.value, st->span, st->set.value_span, c->diag);
}

int stmt_reset(StmtCtx *c, const AstStmt *st)
{
    const char *name = strcasecmp(st->set.name, "all") == 0 ? NULL : st->set.name;
    return settings_reset(c->s, name, st->set.value_span, c->diag);
}

/* ---- HELP ------------------------------------------------------------------ */

static const char help_text[] =
    "Statements (end each with ;):\n"
    "  CREATE STREAM name (col TYPE, ..., [WATERMARK FOR col AS col - INTERVAL '10' SECOND])\n"
    "      WITH (connector = 'stdin'|'file'|'directory'|'socket'|'rate'|'nexmark',\n"
    "            format = 'csv'|'json'|'text', ...)\n"
    "  Windows in GROUP BY: window(ts, size[, slide]), session_window(ts, gap);\n"
    "      in FROM: TUMBLE(t, ts, size), HOP(t, ts, slide, size), SESSION(t, ts, gap)\n"
    "  Joins: [INNER|LEFT|RIGHT|FULL] [OUTER] JOIN, LEFT SEMI JOIN ... ON ...\n"
    "  CREATE TABLE name (col TYPE, ...) WITH (connector = 'file', path = '...', format = '...')\n"
    "  CREATE SINK name WITH (connector = 'file'|'stdout', path = '...', format = 'csv'|'json',\n"
    "      per_batch = true|false)\n"
    "  INSERT INTO sink SELECT ...              runs in the background; STOP QUERY n ends it\n"
    "  DROP STREAM|TABLE|SINK [IF EXISTS] name  DESCRIBE name\n"
    "  SHOW STREAMS | TABLES | SINKS | QUERIES | PROGRESS\n"
    "  SELECT ... FROM ... [WHERE ...] [GROUP BY ...] [HAVING ...]\n"
    "      [EMIT APPEND|UPDATE|COMPLETE [EVERY INTERVAL '2' SECOND]] [ORDER BY ...] [LIMIT n]\n"
    "  EXPLAIN [LOGICAL|PHYSICAL] SELECT ... | INSERT INTO ...\n"
    "  STOP QUERY n (or TERMINATE n)\n"
    "  SET flush_on_end = true|false;  SET format = 'table'|'csv'|'json'|'changelog'\n"
    "  SET watermark_policy = 'min'|'max';  SET clock = 'system'|'simulated'\n"
    "  SET clock_start = '2023-04-16 09:00:00';  SET clock_step = '5 seconds'\n"
    "  SET memory_limit = '4GB'|'512MiB'|'50%'  (default 80% of the memory available)\n"
    "Types: BOOLEAN, INT/BIGINT, DOUBLE, TEXT, TIMESTAMP, INTERVAL.\n"
    "Full reference: docs/language.md.\n";

int stmt_help(StmtCtx *c, const AstStmt *st)
{
    if (st->help.topic) return stmt_help_topic(c, st);
    fputs(help_text, c->s->cfg.out);
    session_flush_out(c->s);
    return 0;
}
