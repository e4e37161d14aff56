/* fuzz_sql — libFuzzer target for the SQL front end.
 *
 * The input is SQL text. A fresh session declares a few streams, a table
 * and a sink (PRELUDE: every column type, a watermark), then runs each
 * statement of the input: DDL, SHOW, DESCRIBE, SET and HELP as the
 * session does; SELECT and INSERT INTO as EXPLAIN (parse, analysis,
 * logical plan, optimizer, physical plan and its description) so that no
 * source is ever opened or read; a failing statement's error is rendered
 * with its caret. Any crash, leak, sanitizer report or hang is a bug.
 *
 * It does not execute queries (the readers have their own targets,
 * fuzz_csv and fuzz_json). Seed corpus: tests/fuzz/corpus/sql/ and the
 * golden cases of tests/sql/cases/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/session/session.h"
#include "grammar/parse.h"

static const char PRELUDE[] =
    "CREATE STREAM logs (ts TIMESTAMP, level TEXT, status INT, latency_ms DOUBLE,"
    " ok BOOLEAN, msg TEXT, d INTERVAL, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)"
    " WITH (connector = 'stdin', format = 'csv');\n"
    "CREATE STREAM clicks (ts TIMESTAMP, user_id BIGINT, url TEXT,"
    " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)"
    " WITH (connector = 'file', path = 'clicks.json', format = 'json');\n"
    "CREATE STREAM lines (value TEXT) WITH (connector = 'stdin', format = 'text');\n"
    "CREATE TABLE users (user_id BIGINT, name TEXT, country TEXT, score DOUBLE)"
    " WITH (connector = 'file', path = 'users.csv', format = 'csv', header = 'true');\n"
    "CREATE SINK out WITH (connector = 'file', path = 'out', format = 'json');\n";

/* One statement as the session would run it, but SELECT and INSERT are
 * planned (EXPLAIN) instead of started. */
static int run(StmtCtx *c, AstStmt *st)
{
    switch (st->kind) {
    case STMT_CREATE_SOURCE: return stmt_create_source(c, st);
    case STMT_CREATE_SINK: return stmt_create_sink(c, st);
    case STMT_DROP: return stmt_drop(c, st);
    case STMT_SHOW: return stmt_show(c, st);
    case STMT_DESCRIBE: return stmt_describe(c, st);
    case STMT_SET: return stmt_set(c, st);
    case STMT_HELP: return stmt_help(c, st);
    case STMT_STOP: return stmt_stop(c, st);
    case STMT_EXPLAIN: return stmt_explain(c, st);
    case STMT_SELECT:
    case STMT_INSERT: {
        AstStmt ex = {.kind = STMT_EXPLAIN, .span = st->span};
        ex.explain.level = EXPLAIN_ALL;
        ex.explain.stmt = st;
        return stmt_explain(c, &ex);
    }
    }
    return 0;
}

/* Run every statement of text; returns how many failed. */
static int run_text(Sluice *s, const char *text, FILE *sink)
{
    uint32_t off = 0;
    int failed = 0;
    for (int guard = 0; guard < 1000; guard++) {
        Arena *pa = arena_new();
        Diag d = {0};
        d.span = SPAN_NONE;
        uint32_t next = off;
        AstStmt *st = parse_next(pa, text, off, &next, &d);
        bool parse_failed = !st && d.set;
        if (st) {
            StmtCtx c = {.s = s, .src = text, .diag = &d};
            if (run(&c, st) < 0 && !d.set) {
                fprintf(stderr, "fuzz_sql: a statement failed without an error message\n");
                abort();
            }
        }
        if (d.set) {
            failed++;
            StrBuf out = STRBUF_INIT;
            diag_render(&d, "fuzz.sql", text, &out);
            fputs(sb_str(&out), sink);
            sb_free(&out);
        }
        diag_clear(&d);
        arena_free(pa);
        if (!st && !parse_failed) break;
        if (parse_failed) {
            if (next <= off) {
                const char *semi = strchr(text + off, ';');
                if (!semi) break;
                next = (uint32_t)(semi - text) + 1;
            }
        }
        if (next <= off) break;
        off = next;
    }
    return failed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    static FILE *null_out;
    if (!null_out) null_out = fopen("/dev/null", "w");
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    SluiceConfig cfg = {.format = FORMAT_TABLE, .out = null_out, .err = null_out,
                        .stdin_fd = -1, .interactive = true};
    Sluice *s = sluice_new(&cfg);
    if (run_text(s, PRELUDE, stderr) != 0) abort();   /* the target's own bug */
    run_text(s, text, null_out);
    sluice_free(s);
    free(text);
    return 0;
}
