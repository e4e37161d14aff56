/* Unit tests: the analyzer — plans built from SQL, output modes, and
 * errors with their spans. */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/analyze/analyze.h"
#include "grammar/parse.h"

static Catalog cat;

/* logs.ts is watermarked too, for the stream-stream join tests. */
static void logs_watermark(void)
{
    CatalogEntry *l = catalog_find(&cat, "logs");
    l->wm_column = 3;
    l->def.schema.cols[3].event_time = EVT_TIME;
}

static void setup_catalog(void)
{
    catalog_init(&cat);
    CatalogEntry *e = catalog_add(&cat, CAT_STREAM, "logs");
    static Column cols[] = {{.name = "ip", .type = TYPE_TEXT}, {.name = "status", .type = TYPE_INT64}, {.name = "latency", .type = TYPE_INT64},
                            {.name = "ts", .type = TYPE_TIMESTAMP}};
    e->def.schema = (Schema){4, cols};
    CatalogEntry *c = catalog_add(&cat, CAT_STREAM, "clicks");
    static Column ccols[] = {{.name = "ip", .type = TYPE_TEXT}, {.name = "cts", .type = TYPE_TIMESTAMP, .event_time = EVT_TIME}};
    c->def.schema = (Schema){2, ccols};
    c->wm_column = 1;
    logs_watermark();
    CatalogEntry *t = catalog_add(&cat, CAT_TABLE, "svc");
    static Column tcols[] = {{.name = "name", .type = TYPE_TEXT}, {.name = "tier", .type = TYPE_INT64}};
    t->def.schema = (Schema){2, tcols};
}

static void teardown_catalog(void) { catalog_free(&cat); }

/* Analyze one SELECT; returns the plan text or the error message. */
static char *run(const char *sql, Query *q)
{
    Arena *a = arena_new();
    Diag d = {0};
    d.span = SPAN_NONE;
    uint32_t next;
    AstStmt *st = parse_next(a, sql, 0, &next, &d);
    cr_assert_not_null(st, "parse failed: %s", d.message ? d.message : "?");
    Analyzer az = {.arena = a, .catalog = &cat, .src = sql, .diag = &d};
    StrBuf out = STRBUF_INIT;
    if (analyze_query(&az, st->select, q) == 0) {
        plan_print(q->plan, &out);
    } else {
        sb_printf(&out, "error: %s @%u+%u", d.message, d.span.off, d.span.len);
        if (d.hint) sb_printf(&out, " hint: %s", d.hint);
    }
    diag_clear(&d);
    arena_free(a);
    return sb_take(&out);
}

TestSuite(analyze, .init = setup_catalog, .fini = teardown_catalog);

Test(analyze, aggregate_defaults_to_update)
{
    Query q;
    char *p = run("SELECT ip, count(*) AS n FROM logs WHERE status >= 400 GROUP BY ip", &q);
    cr_assert_not(strncmp(p, "error", 5) == 0, "%s", p);
    cr_assert_eq(q.mode, MODE_UPDATE);
    cr_assert(q.has_aggregate);
    cr_assert_not(q.is_static);
    free(p);
}

Test(analyze, plain_query_defaults_to_append)
{
    Query q;
    char *p = run("SELECT upper(ip) FROM logs", &q);
    cr_assert_eq(q.mode, MODE_APPEND);
    free(p);
}

Test(analyze, table_only_query_is_static)
{
    Query q;
    char *p = run("SELECT name FROM svc ORDER BY name LIMIT 1", &q);
    cr_assert(q.is_static, "%s", p);
    free(p);
}

Test(analyze, unknown_column_has_hint_and_span)
{
    Query q;
    char *p = run("SELECT latncy FROM logs", &q);
    cr_assert_str_eq(p, "error: column \"latncy\" does not exist @7+6 hint: did you mean \"latency\"?");
    free(p);
}

Test(analyze, append_refused_for_aggregation_without_watermark)
{
    Query q;
    char *p = run("SELECT ip, count(*) FROM logs GROUP BY ip EMIT APPEND", &q);
    cr_assert(strstr(p, "error: EMIT APPEND is not allowed for an aggregation without a watermark") == p, "%s", p);
    free(p);
}

Test(analyze, complete_refused_without_aggregation)
{
    Query q;
    char *p = run("SELECT ip FROM logs EMIT COMPLETE", &q);
    cr_assert(strstr(p, "error: EMIT COMPLETE needs an aggregation") == p, "%s", p);
    free(p);
}

Test(analyze, order_by_refused_on_plain_stream)
{
    Query q;
    char *p = run("SELECT ip FROM logs ORDER BY ip", &q);
    cr_assert(strstr(p, "error: ORDER BY on a stream is only allowed after an aggregation in COMPLETE mode") == p, "%s", p);
    free(p);
}

Test(analyze, non_grouped_column_refused)
{
    Query q;
    char *p = run("SELECT ip, status, count(*) FROM logs GROUP BY ip", &q);
    cr_assert_str_eq(p, "error: column \"status\" must appear in GROUP BY or be used in an aggregate function @11+6");
    free(p);
}

Test(analyze, aggregate_in_where_refused)
{
    Query q;
    char *p = run("SELECT ip FROM logs WHERE count(*) > 1 GROUP BY ip", &q);
    cr_assert_str_eq(p, "error: aggregate functions are not allowed in WHERE @26+8 hint: filter on an aggregate with HAVING");
    free(p);
}

Test(analyze, unknown_stream_hint)
{
    Query q;
    char *p = run("SELECT * FROM lgos", &q);
    cr_assert_str_eq(p, "error: stream or table \"lgos\" does not exist @14+4 hint: did you mean \"logs\"?");
    free(p);
}

Test(analyze, join_on_splits_keys_time_bound_and_residual)
{
    Query q;
    char *p = run("SELECT l.ip, c.cts FROM logs l JOIN clicks c ON l.ip = c.ip "
                  "AND c.cts BETWEEN l.ts AND l.ts + INTERVAL '1' HOUR AND l.status > 400", &q);
    cr_assert(strstr(p, "Join Inner keys=[ip = ip] on=((cts >= ts) AND (cts <= (ts + INTERVAL '1 hour')) "
                        "AND (status > 400)), bound cts - 1 hour <= ts <= cts; "
                        "state bounded by the watermark: a left row is evicted once "
                        "ts + 1 hour < watermark, a right row once cts < watermark") != NULL,
              "%s", p);
    free(p);
}

Test(analyze, left_outer_stream_join_needs_a_bound)
{
    Query q;
    char *p = run("SELECT * FROM logs l LEFT JOIN clicks c ON l.ip = c.ip", &q);
    cr_assert(strstr(p, "error: LEFT OUTER JOIN of two streams needs a watermark on the right stream "
                        "and a time constraint in ON") == p, "%s", p);
    free(p);
    p = run("SELECT * FROM logs l LEFT JOIN clicks c ON l.ip = c.ip AND c.cts >= l.ts "
            "AND c.cts <= l.ts + INTERVAL '10' MINUTE", &q);
    cr_assert(strstr(p, ", bound cts - 10 minutes <= ts <= cts; state bounded by the "
                        "watermark: a left row is evicted once ts + 10 minutes < watermark") != NULL,
              "%s", p);
    free(p);
}

Test(analyze, stream_static_right_outer_refused)
{
    Query q;
    char *p = run("SELECT * FROM logs l RIGHT JOIN svc s ON l.ip = s.name", &q);
    cr_assert(strstr(p, "error: RIGHT OUTER JOIN of a stream with a static table is not supported") == p,
              "%s", p);
    free(p);
}
