/* Unit tests: the parser — every statement kind and expression form,
 * printed as S-expressions (format documented in grammar/ast.c), operator
 * precedence, keywords usable as names, and node spans. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "grammar/parse.h"
#include "sql_parser.h"

/* Parse `sql` (exactly one statement) and compare its S-expression. */
static void expect_ast(const char *sql, const char *want)
{
    Arena *a = arena_new();
    Diag d = {0};
    AstList *stmts = ast_list_new(a);
    int rc = parse_script(a, sql, stmts, &d);
    cr_assert_eq(rc, 0, "parse failed: %s\n  in: %s", d.message, sql);
    cr_assert_eq(stmts->n, 1, "%d statements in: %s", stmts->n, sql);
    StrBuf out = STRBUF_INIT;
    ast_print_stmt(stmts->items[0], &out);
    cr_expect_str_eq(sb_str(&out), want, "in: %s", sql);
    sb_free(&out);
    diag_clear(&d);
    arena_free(a);
}

/* The S-expression of the first select item of `SELECT <expr>`. */
static void expect_expr(const char *expr, const char *want)
{
    Arena *a = arena_new();
    Diag d = {0};
    StrBuf sql = STRBUF_INIT;
    sb_printf(&sql, "SELECT %s", expr);
    AstList *stmts = ast_list_new(a);
    int rc = parse_script(a, sb_str(&sql), stmts, &d);
    cr_assert_eq(rc, 0, "parse failed: %s\n  in: %s", d.message, sb_str(&sql));
    AstStmt *s = stmts->items[0];
    AstSelectItem *it = s->select->items->items[0];
    StrBuf out = STRBUF_INIT;
    ast_print_expr(it->expr, &out);
    cr_expect_str_eq(sb_str(&out), want, "in: %s", expr);
    sb_free(&out);
    sb_free(&sql);
    diag_clear(&d);
    arena_free(a);
}

/* ---- statements ---- */

Test(parser, create_stream_with_watermark)
{
    expect_ast(
        "CREATE STREAM logs (\n"
        "  ip TEXT, ts TIMESTAMP, method TEXT, endpoint TEXT, status INT, latency_ms INT,\n"
        "  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND\n"
        ") WITH (connector = 'stdin', format = 'csv');",
        "(create-stream logs (columns (ip text) (ts timestamp) (method text) "
        "(endpoint text) (status int) (latency_ms int)) "
        "(watermark ts (- ts (interval '10' second))) "
        "(with (connector 'stdin') (format 'csv')))");
}

Test(parser, create_table_options)
{
    expect_ast(
        "CREATE TABLE IF NOT EXISTS books (id BIGINT, name TEXT, year BIGINT)\n"
        "  WITH (connector = 'file', path = 'books.json', header = TRUE,\n"
        "        delimiter = ';', max_batch_rows = 100, skew = -2.5,\n"
        "        'Quoted.Key' = Bare, on_error = fail)",
        "(create-table :if-not-exists books (columns (id bigint) (name text) "
        "(year bigint)) (with (connector 'file') (path 'books.json') "
        "(header 'true') (delimiter ';') (max_batch_rows '100') (skew '-2.5') "
        "(\"quoted.key\" 'bare') (on_error 'fail')))");
}

Test(parser, create_without_columns_or_options)
{
    expect_ast("CREATE STREAM r WITH (connector = 'rate')",
               "(create-stream r (with (connector 'rate')))");
    expect_ast("create table t (a int)", "(create-table t (columns (a int)))");
    /* a column may be called watermark; WATERMARK FOR starts the clause */
    expect_ast("CREATE STREAM s (watermark int, WATERMARK FOR watermark AS watermark)",
               "(create-stream s (columns (watermark int)) (watermark watermark watermark))");
}

Test(parser, create_sink)
{
    expect_ast("CREATE SINK out WITH (connector = 'file', path = 'out/', format = 'json', per_batch = true)",
               "(create-sink out (with (connector 'file') (path 'out/') "
               "(format 'json') (per_batch 'true')))");
}

Test(parser, drop_show_describe)
{
    expect_ast("DROP STREAM logs", "(drop stream logs)");
    expect_ast("DROP TABLE IF EXISTS books", "(drop table :if-exists books)");
    expect_ast("drop sink out", "(drop sink out)");
    expect_ast("DROP STREAM if", "(drop stream if)");
    expect_ast("SHOW STREAMS", "(show streams)");
    expect_ast("show Tables", "(show tables)");
    expect_ast("SHOW SINKS", "(show sinks)");
    expect_ast("SHOW QUERIES", "(show queries)");
    expect_ast("SHOW PROGRESS", "(show progress)");
    expect_ast("DESCRIBE logs", "(describe logs)");
    expect_ast("DESC \"Logs\"", "(describe \"Logs\")");
}

Test(parser, set)
{
    expect_ast("SET clock = 'simulated'", "(set clock 'simulated')");
    expect_ast("SET clock_step TO '5 seconds'", "(set clock_step '5 seconds')");
    expect_ast("SET flush_on_end = FALSE", "(set flush_on_end 'false')");
    expect_ast("SET max_batch_rows = 100", "(set max_batch_rows '100')");
    expect_ast("SET watermark_policy = Max", "(set watermark_policy 'max')");
    expect_ast("SET offset = -1", "(set offset '-1')");
}

Test(parser, insert_explain_stop_help)
{
    expect_ast("INSERT INTO out SELECT * FROM logs",
               "(insert out (select (items *) (from (table logs))))");
    expect_ast("EXPLAIN SELECT a FROM t",
               "(explain (select (items a) (from (table t))))");
    expect_ast("EXPLAIN LOGICAL SELECT 1", "(explain logical (select (items 1)))");
    expect_ast("EXPLAIN PHYSICAL INSERT INTO o SELECT 1",
               "(explain physical (insert o (select (items 1))))");
    expect_ast("STOP QUERY 3", "(stop 3)");
    expect_ast("TERMINATE 4", "(stop 4)");
    expect_ast("TERMINATE QUERY 5", "(stop 5)");
    expect_ast("HELP", "(help)");
    expect_ast("HELP Select", "(help select)");
}

/* ---- queries ---- */

Test(parser, full_select)
{
    expect_ast(
        "SELECT window.start, window.end, level, count(*) AS n, avg(latency_ms)\n"
        "FROM logs\n"
        "WHERE status >= 400\n"
        "GROUP BY window(ts, '10 minutes', '5 minutes'), level\n"
        "HAVING count(*) > 2\n"
        "EMIT UPDATE;",
        "(select (items window.start window.end level (as (call count *) n) "
        "(call avg latency_ms)) (from (table logs)) (where (>= status 400)) "
        "(group-by (call window ts '10 minutes' '5 minutes') level) "
        "(having (> (call count *) 2)) (emit update))");
}

Test(parser, select_without_from_and_distinct)
{
    expect_ast("SELECT 1", "(select (items 1))");
    expect_ast("SELECT DISTINCT a, b FROM t", "(select :distinct (items a b) (from (table t)))");
    expect_ast("SELECT *, t.* FROM t", "(select (items * t.*) (from (table t)))");
}

Test(parser, aliases)
{
    expect_ast("SELECT a AS x, b y, c AS \"Z\", d AS from FROM t AS u",
               "(select (items (as a x) (as b y) (as c \"Z\") (as d from)) "
               "(from (as (table t) u)))");
    expect_ast("SELECT 1 FROM t u", "(select (items 1) (from (as (table t) u)))");
}

Test(parser, emit_modes)
{
    expect_ast("SELECT a FROM t EMIT APPEND", "(select (items a) (from (table t)) (emit append))");
    expect_ast("SELECT a FROM t EMIT FINAL", "(select (items a) (from (table t)) (emit final))");
    expect_ast("SELECT a FROM t EMIT CHANGES", "(select (items a) (from (table t)) (emit update))");
    expect_ast("SELECT a FROM t EMIT COMPLETE", "(select (items a) (from (table t)) (emit complete))");
    expect_ast("SELECT a FROM t EMIT COMPLETE EVERY INTERVAL '2' SECOND",
               "(select (items a) (from (table t)) "
               "(emit complete (every (interval '2' second))))");
    expect_ast("SELECT a FROM t EMIT EVERY INTERVAL '2' SECOND",
               "(select (items a) (from (table t)) "
               "(emit default (every (interval '2' second))))");
}

Test(parser, order_limit_and_emit_at_the_end)
{
    expect_ast("SELECT a, b FROM t GROUP BY a EMIT COMPLETE ORDER BY a DESC NULLS LAST, b ASC NULLS FIRST, c LIMIT 10",
               "(select (items a b) (from (table t)) (group-by a) (emit complete) "
               "(order-by (desc a :nulls-last) (asc b :nulls-first) (asc c)) (limit 10))");
    expect_ast("SELECT a FROM t ORDER BY a LIMIT 3 EMIT COMPLETE",
               "(select (items a) (from (table t)) (emit complete) "
               "(order-by (asc a)) (limit 3))");
    expect_ast("SELECT a FROM t LIMIT 3 EMIT UPDATE",
               "(select (items a) (from (table t)) (emit update) (limit 3))");
}

Test(parser, joins)
{
    expect_ast(
        "SELECT * FROM a JOIN b ON a.id = b.id INNER JOIN c ON true "
        "LEFT JOIN d ON 1 LEFT OUTER JOIN e ON 2 RIGHT JOIN f ON 3 "
        "RIGHT OUTER JOIN g ON 4 FULL JOIN h ON 5 FULL OUTER JOIN i ON 6 "
        "LEFT SEMI JOIN j ON 7 CROSS JOIN k",
        "(select (items *) (from (join cross (join left-semi (join full "
        "(join full (join right (join right (join left (join left (join inner "
        "(join inner (table a) (table b) (= a.id b.id)) (table c) true) "
        "(table d) 1) (table e) 2) (table f) 3) (table g) 4) (table h) 5) "
        "(table i) 6) (table j) 7) (table k))))");
    expect_ast("SELECT * FROM logs l JOIN services AS s ON l.svc = s.id",
               "(select (items *) (from (join inner (as (table logs) l) "
               "(as (table services) s) (= l.svc s.id))))");
}

Test(parser, stream_stream_join_with_time_bound)
{
    expect_ast("SELECT * FROM clicks c JOIN impressions i ON c.ad_id = i.ad_id "
               "AND c.ts BETWEEN i.ts AND i.ts + INTERVAL '1' HOUR",
               "(select (items *) (from (join inner (as (table clicks) c) "
               "(as (table impressions) i) (and (= c.ad_id i.ad_id) "
               "(between c.ts i.ts (+ i.ts (interval '1' hour)))))))");
}

Test(parser, subqueries_and_ctes)
{
    expect_ast("SELECT word, count(*) FROM (SELECT explode(split(value, ' ')) AS word FROM lines) w GROUP BY word",
               "(select (items word (call count *)) (from (as (subquery (select "
               "(items (as (call explode (call split value ' ')) word)) "
               "(from (table lines)))) w)) (group-by word))");
    expect_ast("SELECT * FROM (SELECT 1)", "(select (items *) (from (subquery (select (items 1)))))");
    expect_ast("WITH a AS (SELECT x FROM t), b AS (SELECT x FROM a) SELECT x FROM b",
               "(select (with (cte a (select (items x) (from (table t)))) "
               "(cte b (select (items x) (from (table a))))) (items x) (from (table b)))");
    expect_ast("INSERT INTO o WITH a AS (SELECT 1) SELECT * FROM a",
               "(insert o (select (with (cte a (select (items 1)))) (items *) (from (table a))))");
}

Test(parser, window_table_functions)
{
    expect_ast("SELECT window_start, count(*) FROM TUMBLE(logs, ts, INTERVAL '1' HOUR) GROUP BY window_start",
               "(select (items window_start (call count *)) (from (func tumble logs ts "
               "(interval '1' hour))) (group-by window_start))");
    expect_ast("SELECT * FROM HOP(logs, ts, INTERVAL '5' MINUTE, INTERVAL '10' MINUTES) AS w",
               "(select (items *) (from (as (func hop logs ts (interval '5' minute) "
               "(interval '10' minutes)) w)))");
    expect_ast("SELECT * FROM SESSION(logs, ts, INTERVAL '5' MINUTE)",
               "(select (items *) (from (func session logs ts (interval '5' minute))))");
    /* Flink's spelling normalises to the same tree */
    expect_ast("SELECT * FROM TABLE(TUMBLE(TABLE logs, DESCRIPTOR(ts), INTERVAL '1' HOUR))",
               "(select (items *) (from (func tumble logs ts (interval '1' hour))))");
    expect_ast("SELECT * FROM TABLE(HOP(TABLE logs, DESCRIPTOR(ts), INTERVAL '1' HOUR, INTERVAL '2' HOUR)) t",
               "(select (items *) (from (as (func hop logs ts (interval '1' hour) "
               "(interval '2' hour)) t)))");
}

/* ---- expressions ---- */

Test(parser, literals)
{
    expect_expr("42", "42");
    expect_expr("9223372036854775807", "9223372036854775807");
    expect_expr("9223372036854775808", "9.223372036854776e+18");
    expect_expr("1.5", "1.5");
    expect_expr("2.", "2.0");
    expect_expr(".25", "0.25");
    expect_expr("1e3", "1000.0");
    expect_expr("1.5e-7", "1.5e-07");
    expect_expr("'it''s'", "'it''s'");
    expect_expr("''", "''");
    expect_expr("TRUE", "true");
    expect_expr("false", "false");
    expect_expr("NULL", "null");
    expect_expr("INTERVAL '10' SECOND", "(interval '10' second)");
    expect_expr("interval '3' Hours", "(interval '3' hours)");
    expect_expr("INTERVAL '10 seconds'", "(interval '10 seconds')");
    expect_expr("TIMESTAMP '2023-04-16 09:00:00'", "(timestamp '2023-04-16 09:00:00')");
}

Test(parser, literal_values)
{
    Arena *a = arena_new();
    Diag d = {0};
    AstList *l = ast_list_new(a);
    cr_assert_eq(parse_script(a, "SELECT -9223372036854775807, 99999999999999999999, 'x''y'", l, &d), 0);
    AstList *items = ((AstStmt *)l->items[0])->select->items;
    AstExpr *neg = ((AstSelectItem *)items->items[0])->expr;
    cr_assert_eq(neg->kind, AST_UNARY);
    cr_assert_eq(neg->unary.arg->lit.kind, LIT_INT);
    cr_assert_eq(neg->unary.arg->lit.i, INT64_C(9223372036854775807));
    AstExpr *big = ((AstSelectItem *)items->items[1])->expr;
    cr_assert_eq(big->lit.kind, LIT_FLOAT);
    cr_assert_float_eq(big->lit.f, 1e20, 1e5);
    AstExpr *s = ((AstSelectItem *)items->items[2])->expr;
    cr_assert_str_eq(s->lit.s, "x'y");
    arena_free(a);
}

Test(parser, columns_and_names)
{
    expect_expr("a", "a");
    expect_expr("T.A", "t.a");
    expect_expr("\"T\".\"A b\"", "\"T\".\"A b\"");
    expect_expr("\"a\"\"b\"", "\"a\"\"b\"");
    expect_expr("window.start", "window.start");
    expect_expr("window.end", "window.end");
    expect_expr("session_window.end", "session_window.end");
    expect_expr("t.select", "t.select");
}

Test(parser, calls)
{
    expect_expr("count(*)", "(call count *)");
    expect_expr("COUNT(DISTINCT ip)", "(call count :distinct ip)");
    expect_expr("coalesce(a, b, 0)", "(call coalesce a b 0)");
    expect_expr("proctime()", "(call proctime)");
    expect_expr("batch_id()", "(call batch_id)");
    expect_expr("current_timestamp", "(call current_timestamp :no-parens)");
    expect_expr("CURRENT_TIMESTAMP()", "(call current_timestamp)");
    expect_expr("left(s, 3)", "(call left s 3)");
    expect_expr("right(s, 3)", "(call right s 3)");
    expect_expr("replace(s, 'a', 'b')", "(call replace s 'a' 'b')");
    expect_expr("date_trunc('hour', ts)", "(call date_trunc 'hour' ts)");
    expect_expr("session_window(ts, '5 minutes')", "(call session_window ts '5 minutes')");
    expect_expr("year(ts)", "(call year ts)");
    expect_expr("timestamp(x)", "(call timestamp x)");
    expect_expr("split(value, ',')[0]", "(index (call split value ',') 0)");
}

Test(parser, case_and_cast)
{
    expect_expr("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END",
                "(case (when (> a 1) 'x') (when (> a 0) 'y') (else 'z'))");
    expect_expr("CASE status WHEN 200 THEN 'ok' END", "(case status (when 200 'ok'))");
    expect_expr("CASE WHEN x THEN end END", "(case (when x end))");
    expect_expr("CAST(x AS BIGINT)", "(cast x bigint)");
    expect_expr("CAST(s AS timestamp)", "(cast s timestamp)");
    expect_expr("CAST(s AS interval)", "(cast s interval)");
    expect_expr("x::double", "(cast x double)");
    expect_expr("x::int::text", "(cast (cast x int) text)");
}

Test(parser, predicates)
{
    expect_expr("a IS NULL", "(is-null a)");
    expect_expr("a IS NOT NULL", "(is-not-null a)");
    expect_expr("a IN (1, 2, 3)", "(in a 1 2 3)");
    expect_expr("a NOT IN ('x')", "(not-in a 'x')");
    expect_expr("a BETWEEN 1 AND 10", "(between a 1 10)");
    expect_expr("a NOT BETWEEN 1 AND 10", "(not-between a 1 10)");
    expect_expr("a LIKE '%x'", "(like a '%x')");
    expect_expr("a NOT LIKE '%x'", "(not-like a '%x')");
}

Test(parser, precedence)
{
    expect_expr("1 + 2 * 3", "(+ 1 (* 2 3))");
    expect_expr("1 - 2 - 3", "(- (- 1 2) 3)");
    expect_expr("(1 - 2) * 3 % 4 / 5", "(/ (% (* (- 1 2) 3) 4) 5)");
    expect_expr("a OR b AND c", "(or a (and b c))");
    expect_expr("a AND b OR c AND d", "(or (and a b) (and c d))");
    expect_expr("NOT a = b", "(not (= a b))");
    expect_expr("NOT a AND b", "(and (not a) b)");
    expect_expr("a = 1 OR NOT b <> 2", "(or (= a 1) (not (<> b 2)))");
    expect_expr("a || b || c", "(|| (|| a b) c)");
    expect_expr("a || b = c", "(= (|| a b) c)");
    expect_expr("a + b || c", "(|| (+ a b) c)");
    expect_expr("-a * b", "(* (- a) b)");
    expect_expr("- -a", "(- (- a))");
    expect_expr("+a", "(+ a)");
    expect_expr("-x::int", "(- (cast x int))");
    expect_expr("-a[1]", "(- (index a 1))");
    expect_expr("a < b AND c >= d", "(and (< a b) (>= c d))");
    expect_expr("a != b", "(<> a b)");
    expect_expr("a = b IS NULL", "(is-null (= a b))");
    expect_expr("a LIKE b = c", "(= (like a b) c)");
    expect_expr("a = b NOT IN (1)", "(= a (not-in b 1))");
    expect_expr("NOT a NOT LIKE 'x'", "(not (not-like a 'x'))");
    expect_expr("a BETWEEN 1 AND 2 AND b", "(and (between a 1 2) b)");
    expect_expr("a BETWEEN b + 1 AND c * 2 OR d", "(or (between a (+ b 1) (* c 2)) d)");
    expect_expr("a NOT BETWEEN 1 AND 2 OR c", "(or (not-between a 1 2) c)");
    expect_expr("ts - INTERVAL '10' SECOND > x", "(> (- ts (interval '10' second)) x)");
}

/* Words that must keep working as names. */
Test(parser, keywords_as_identifiers)
{
    expect_ast("SELECT count, timestamp, window.start FROM t",
               "(select (items count timestamp window.start) (from (table t)))");
    expect_ast("SELECT time, date, value, year, month, day, hour, minute, second, "
               "name, key, type, status, level, format, path, start, end, first, "
               "last, left, right, stream, table, sink, query, queries, progress, "
               "streams, tables, explain, show, set, update, final, nulls FROM t",
               "(select (items time date value year month day hour minute second "
               "name key type status level format path start end first last left "
               "right stream table sink query queries progress streams tables "
               "explain show set update final nulls) (from (table t)))");
    expect_ast("CREATE STREAM stream (timestamp timestamp, key text, value text, "
               "level int, type text, end timestamp, table text)",
               "(create-stream stream (columns (timestamp timestamp) (key text) "
               "(value text) (level int) (type text) (end timestamp) (table text)))");
    expect_ast("SELECT * FROM progress JOIN left ON left.a = progress.b",
               "(select (items *) (from (join inner (table progress) (table left) "
               "(= left.a progress.b))))");
    expect_ast("SELECT timestamp 'x' AS timestamp",
               "(select (items (as (timestamp 'x') timestamp)))");
}

/* Every keyword after '.' and AS; every non-reserved one as a column and
 * a function; unreserved ones also as bare aliases; reserved ones not. */
Test(parser, every_keyword_class)
{
    for (int i = 0; i < sql_keyword_count; i++) {
        const SqlKeyword *kw = &sql_keywords[i];
        char low[32], sql[160], want[256];
        size_t n = strlen(kw->name);
        for (size_t j = 0; j <= n; j++)
            low[j] = (char)(kw->name[j] >= 'A' && kw->name[j] <= 'Z'
                            ? kw->name[j] + 32 : kw->name[j]);
        snprintf(sql, sizeof sql, "SELECT t.%s AS %s FROM t", kw->name, kw->name);
        /* Names fold to lower case; an alias keeps its case for output. */
        snprintf(want, sizeof want, "(select (items (as t.%s \"%s\")) (from (table t)))", low, kw->name);
        expect_ast(sql, want);

        snprintf(sql, sizeof sql, "SELECT %s, %s(1) FROM t", kw->name, kw->name);
        if (kw->kwclass == KW_R) {
            Arena *a = arena_new();
            Diag d = {0};
            AstList *l = ast_list_new(a);
            cr_expect_eq(parse_script(a, sql, l, &d), -1, "%s", sql);
            diag_clear(&d);
            arena_free(a);
            continue;
        }
        snprintf(want, sizeof want, "(select (items %s (call %s 1)) (from (table t)))", low, low);
        expect_ast(sql, want);
        if (kw->kwclass == KW_U) {
            snprintf(sql, sizeof sql, "SELECT 1 %s FROM t %s", kw->name, kw->name);
            snprintf(want, sizeof want, "(select (items (as 1 \"%s\")) (from (as (table t) %s)))", kw->name, low);
            expect_ast(sql, want);
        }
    }
}

/* ---- spans ---- */

Test(parser, spans)
{
    const char *sql = "  -- lead\n  SELECT a + bb AS x FROM logs l WHERE s = 'q' EMIT UPDATE ;";
    Arena *a = arena_new();
    Diag d = {0};
    AstList *l = ast_list_new(a);
    cr_assert_eq(parse_script(a, sql, l, &d), 0);
    AstStmt *st = l->items[0];
    /* the statement: from SELECT to UPDATE, no comment, no ';' */
    cr_assert_eq(st->span.off, 12);
    cr_assert_eq(st->span.len, 56);
    AstSelect *s = st->select;
    cr_assert_eq(s->span.off, 12);
    AstSelectItem *it = s->items->items[0];
    cr_assert_eq(it->span.off, 19);          /* a + bb AS x */
    cr_assert_eq(it->span.len, 11);
    cr_assert_eq(it->expr->span.off, 19);    /* a + bb */
    cr_assert_eq(it->expr->span.len, 6);
    cr_assert_eq(it->expr->binary.op_span.off, 21);
    cr_assert_eq(it->expr->binary.op_span.len, 1);
    cr_assert_eq(it->expr->binary.right->span.off, 23);
    cr_assert_eq(it->expr->binary.right->span.len, 2);
    cr_assert_eq(s->from->span.off, 36);     /* logs l */
    cr_assert_eq(s->from->span.len, 6);
    cr_assert_eq(s->from->table.name_span.off, 36);
    cr_assert_eq(s->from->table.name_span.len, 4);
    cr_assert_eq(s->where->binary.right->span.off, 53);   /* 'q' */
    cr_assert_eq(s->where->binary.right->span.len, 3);
    cr_assert_eq(s->emit_span.off, 57);
    cr_assert_eq(s->emit_span.len, 11);
    arena_free(a);
}

Test(parser, absent_parts)
{
    Arena *a = arena_new();
    Diag d = {0};
    AstList *l = ast_list_new(a);
    cr_assert_eq(parse_script(a, "SELECT a FROM t ORDER BY a; CREATE STREAM s", l, &d), 0);
    AstSelect *s = ((AstStmt *)l->items[0])->select;
    cr_expect_eq(s->emit, EMIT_DEFAULT);
    cr_expect(!span_valid(s->emit_span));
    cr_expect_null(s->every);
    cr_expect_null(s->ctes);
    cr_expect_null(s->group_by);
    cr_expect_null(s->where);
    cr_expect_null(s->limit);
    cr_expect_null(s->from->alias);
    AstStmt *c = l->items[1];
    cr_expect_eq(c->create.columns->n, 0);
    cr_expect_eq(c->create.options->n, 0);
    cr_expect_null(c->create.wm_column);
    cr_expect(!span_valid(c->create.wm_span));
    arena_free(a);
}

Test(parser, ddl_spans)
{
    const char *sql = "CREATE STREAM s (ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (format = 'csv')";
    Arena *a = arena_new();
    Diag d = {0};
    AstList *l = ast_list_new(a);
    cr_assert_eq(parse_script(a, sql, l, &d), 0);
    AstStmt *st = l->items[0];
    cr_assert_eq(st->span.off, 0);
    cr_assert_eq(st->span.len, strlen(sql));
    cr_assert_eq(st->create.name_span.off, 14);
    cr_assert_eq(st->create.name_span.len, 1);
    AstColumnDef *c = st->create.columns->items[0];
    cr_assert_eq(c->span.off, 17);
    cr_assert_eq(c->span.len, 12);
    cr_assert_eq(c->type_span.off, 20);
    cr_assert_eq(c->type_span.len, 9);
    cr_assert_eq(st->create.wm_span.off, 31);
    cr_assert_eq(st->create.wm_span.len, 22);
    AstOption *o = st->create.options->items[0];
    cr_assert_eq(o->span.off, 61);
    cr_assert_eq(o->span.len, 14);
    cr_assert_eq(o->value_span.off, 70);
    cr_assert_eq(o->value_span.len, 5);
    cr_assert_str_eq(o->value, "csv");
    arena_free(a);
}
