/* introspect — statements that describe the session to its user: SHOW
 * CREATE STREAM|TABLE|SINK (the DDL that makes it again), SHOW FUNCTIONS
 * (with signatures), HELP topic (one statement explained). SHOW SETTINGS
 * is in settings.c; SHOW STREAMS, QUERIES, ... and DESCRIBE in
 * statements.c. Prints to the session's output; changes nothing. */
#include "session.h"
#include "engine/base/mem.h"
#include "engine/base/timeutil.h"

#include <string.h>
#include <strings.h>

/* ---- SHOW CREATE ---------------------------------------------------------------- */

static void put_quoted(StrBuf *sb, const char *v)
{
    sb_putc(sb, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '\'') sb_putc(sb, '\'');
        sb_putc(sb, *p);
    }
    sb_putc(sb, '\'');
}

static void put_options(StrBuf *sb, const Options *o)
{
    if (o->n == 0) return;
    sb_puts(sb, "\n  WITH (");
    for (int i = 0; i < o->n; i++) {
        sb_printf(sb, "%s%s = ", i ? ", " : "", o->items[i].key);
        put_quoted(sb, o->items[i].value);
    }
    sb_putc(sb, ')');
}

int stmt_show_create(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    CatalogKind want = st->show.kind == OBJ_STREAM ? CAT_STREAM : st->show.kind == OBJ_TABLE ? CAT_TABLE : CAT_SINK;
    CatalogEntry *e = catalog_find(&s->catalog, st->show.name);
    if (!e || e->kind != want) {
        if (e) {
            diag_error(c->diag, st->show.name_span, "\"%s\" is a %s, not a %s", st->show.name,
                       catalog_kind_name(e->kind), catalog_kind_name(want));
            diag_hint(c->diag, "use SHOW CREATE %s %s",
                      e->kind == CAT_STREAM ? "STREAM" : e->kind == CAT_TABLE ? "TABLE" : "SINK", st->show.name);
            return -1;
        }
        diag_error(c->diag, st->show.name_span, "%s \"%s\" does not exist", catalog_kind_name(want), st->show.name);
        const char *names[256];
        int n = 0;
        for (int i = 0; i < s->catalog.n && n < 256; i++)
            if (s->catalog.entries[i]->kind == want) names[n++] = s->catalog.entries[i]->def.name;
        const char *close = diag_closest(st->show.name, names, n);
        if (close) diag_hint(c->diag, "did you mean \"%s\"?", close);
        return -1;
    }
    StrBuf sb = STRBUF_INIT;
    if (e->kind == CAT_SINK) {
        sb_printf(&sb, "CREATE SINK %s", e->def.name);
    } else {
        sb_printf(&sb, "CREATE %s %s (", e->kind == CAT_STREAM ? "STREAM" : "TABLE", e->def.name);
        for (int i = 0; i < e->def.schema.n; i++)
            sb_printf(&sb, "%s\n  %s %s", i ? "," : "", e->def.schema.cols[i].name,
                      type_name(e->def.schema.cols[i].type));
        if (e->wm_column >= 0) {
            const char *col = e->def.schema.cols[e->wm_column].name;
            sb_printf(&sb, ",\n  WATERMARK FOR %s AS %s", col, col);
            if (e->wm_delay_us > 0) {
                sb_puts(&sb, " - INTERVAL '");
                time_format_interval(e->wm_delay_us, &sb);
                sb_putc(&sb, '\'');
            }
        }
        sb_puts(&sb, "\n)");
    }
    put_options(&sb, &e->def.options);
    sb_puts(&sb, ";\n");
    fputs(sb_str(&sb), s->cfg.out);
    fflush(s->cfg.out);
    sb_free(&sb);
    return 0;
}

/* ---- SHOW FUNCTIONS ------------------------------------------------------------ */

typedef struct FnRows {
    Arena *a;
    const char **cells;
    int n, cap;
} FnRows;

static void add_fn(FnRows *r, const char *kind, const char *name, const char *sig)
{
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 64;
        const char **cells = ARENA_ARRAY(r->a, const char *, (size_t)cap * 3);
        if (r->n) memcpy(cells, r->cells, sizeof *cells * (size_t)r->n * 3);
        r->cells = cells;
        r->cap = cap;
    }
    r->cells[r->n * 3] = arena_strdup(r->a, name);
    r->cells[r->n * 3 + 1] = kind;
    r->cells[r->n * 3 + 2] = arena_strdup(r->a, sig);
    r->n++;
}

static void add_scalar(const char *name, const char *sig, void *arg) { add_fn(arg, "scalar", name, sig); }

int stmt_show_functions(StmtCtx *c)
{
    FnRows r = {.a = arena_new()};
    static const char *const aggs[][2] = {
        {"count", "count(*) -> BIGINT"}, {"count", "count(any) -> BIGINT"},
        {"sum", "sum(BIGINT|DOUBLE) -> same"}, {"avg", "avg(BIGINT|DOUBLE) -> DOUBLE"},
        {"mean", "mean(BIGINT|DOUBLE) -> DOUBLE"}, {"min", "min(any) -> same"},
        {"max", "max(any) -> same"}, {"first", "first(any) -> same"}, {"last", "last(any) -> same"},
    };
    static const char *const windows[][2] = {
        {"window", "window(TIMESTAMP, INTERVAL[, INTERVAL slide]) in GROUP BY"},
        {"session_window", "session_window(TIMESTAMP, INTERVAL gap) in GROUP BY"},
        {"tumble", "TUMBLE(stream, TIMESTAMP, INTERVAL) in FROM"},
        {"hop", "HOP(stream, TIMESTAMP, INTERVAL slide, INTERVAL size) in FROM"},
        {"session", "SESSION(stream, TIMESTAMP, INTERVAL gap) in FROM"},
        {"explode", "explode(split(TEXT, TEXT)) -> TEXT, one row each"},
    };
    expr_each_function(add_scalar, &r);
    for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++) add_fn(&r, "aggregate", aggs[i][0], aggs[i][1]);
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) add_fn(&r, "table", windows[i][0], windows[i][1]);
    const char *names[] = {"name", "kind", "signature"};
    session_print_rows(c->s, names, 3, r.cells, r.n);
    arena_free(r.a);
    return 0;
}

/* ---- HELP topic ------------------------------------------------------------------ */

static const struct { const char *topic; const char *text; } topics[] = {
    {"select",
     "SELECT [DISTINCT] expr [AS name], ... FROM source [JOIN ... ON ...]\n"
     "  [WHERE cond] [GROUP BY expr, ... | window(ts, size[, slide]) | session_window(ts, gap)]\n"
     "  [HAVING cond] [EMIT APPEND|FINAL|UPDATE|CHANGES|COMPLETE [EVERY INTERVAL '2' SECOND]]\n"
     "  [ORDER BY expr [ASC|DESC], ...] [LIMIT n]\n"
     "Runs in the foreground until its inputs end (Ctrl-C stops it).\n"
     "  EMIT APPEND    each row once, when final (aggregations need a watermark)\n"
     "  EMIT FINAL     as APPEND; over bounded inputs, one result at their end\n"
     "  EMIT UPDATE    the rows changed in each batch (CHANGES is the same)\n"
     "  EMIT COMPLETE  the whole result table after each batch\n"
     "  LIMIT n        on a stream: the query ends after n rows\n"
     "  ORDER BY       on a stream: only over an aggregation in COMPLETE mode\n"
     "See docs/language.md#select.\n"},
    {"create",
     "CREATE STREAM [IF NOT EXISTS] name (col TYPE, ...[, WATERMARK FOR col AS col - INTERVAL '10' SECOND])\n"
     "  WITH (connector = 'stdin'|'file'|'directory'|'socket'|'rate'|'nexmark', format = 'csv'|'json'|'text', ...)\n"
     "CREATE TABLE [IF NOT EXISTS] name (col TYPE, ...) WITH (connector = 'file', path = '...', format = '...')\n"
     "CREATE SINK name WITH (connector = 'file'|'stdout', path = '...', format = 'csv'|'json')\n"
     "SHOW CREATE STREAM|TABLE|SINK name prints the statement again.\n"
     "See docs/language.md#create-stream.\n"},
    {"insert",
     "INSERT INTO sink SELECT ...\n"
     "Starts a background query writing to a sink and returns at once; SHOW QUERIES\n"
     "lists it, STOP QUERY n ends it. See docs/language.md#background-queries.\n"},
    {"set",
     "SET name = value   (SET name TO value)\n"
     "Changes a setting of the session; RESET name restores its default, RESET ALL every\n"
     "one; SHOW SETTINGS lists them with values and defaults. Dot commands such as\n"
     ".maxrows and .timer set the same settings.\n"},
    {"show",
     "SHOW STREAMS | TABLES | SINKS | QUERIES | PROGRESS | SETTINGS | FUNCTIONS\n"
     "SHOW CREATE STREAM|TABLE|SINK name\n"},
    {"explain",
     "EXPLAIN [LOGICAL|PHYSICAL] SELECT ... | INSERT INTO ...\n"
     "Prints the plans, the optimizer's rules and the output mode without running.\n"},
    {"stop",
     "STOP QUERY n   (TERMINATE n)\n"
     "Stops background query n after its current micro-batch; SHOW QUERIES gives n.\n"},
    {"drop", "DROP STREAM|TABLE|SINK [IF EXISTS] name\n"},
    {"describe", "DESCRIBE name   (DESC name): the columns of a stream or table, the options of a sink\n"},
    {"reset", "RESET name | RESET ALL: settings back to their defaults (SHOW SETTINGS shows them)\n"},
    {"emit", NULL},              /* same text as select */
};

int stmt_help_topic(StmtCtx *c, const AstStmt *st)
{
    const char *want = st->help.topic;
    if (strcasecmp(want, "emit") == 0 || strcasecmp(want, "limit") == 0) want = "select";
    if (strcasecmp(want, "terminate") == 0) want = "stop";
    if (strcasecmp(want, "desc") == 0) want = "describe";
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) {
        if (topics[i].text && strcasecmp(topics[i].topic, want) == 0) {
            fputs(topics[i].text, c->s->cfg.out);
            fflush(c->s->cfg.out);
            return 0;
        }
    }
    const char *names[sizeof topics / sizeof topics[0]];
    int n = 0;
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) names[n++] = topics[i].topic;
    Span at = {st->span.off + 5, st->span.len > 5 ? st->span.len - 5 : 0};
    while (at.len && c->src[at.off] == ' ') at.off++, at.len--;
    diag_error(c->diag, at, "no help on \"%s\"", st->help.topic);
    const char *close = diag_closest(st->help.topic, names, n);
    if (close) diag_hint(c->diag, "did you mean HELP %s?", close);
    else diag_hint(c->diag, "HELP; lists the statements; topics: SELECT, CREATE, INSERT, SET, SHOW, "
                   "EXPLAIN, STOP, DROP, DESCRIBE, RESET");
    return -1;
}
