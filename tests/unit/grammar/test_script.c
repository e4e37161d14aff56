/* Unit tests: scripts — statement splitting, parse_next offsets across
 * statements, empty statements, and parse_is_complete for the REPL. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/parse.h"

static char *print_stmt(const AstStmt *s)
{
    StrBuf out = STRBUF_INIT;
    ast_print_stmt(s, &out);
    return sb_take(&out);
}

Test(script, parse_script_splits_statements)
{
    const char *sql = ";; SELECT 1; -- one\n\nSHOW STREAMS ;\n/* c */ SET a = 'b;c';;\nSELECT 2";
    Arena *a = arena_new();
    Diag d = {0};
    AstList *stmts = ast_list_new(a);
    cr_assert_eq(parse_script(a, sql, stmts, &d), 0);
    cr_assert_eq(stmts->n, 4);
    const char *want[] = {"(select (items 1))", "(show streams)", "(set a 'b;c')",
                          "(select (items 2))"};
    const uint32_t offs[] = {3, 21, 44, 60}, lens[] = {8, 12, 13, 8};
    for (int i = 0; i < 4; i++) {
        AstStmt *s = stmts->items[i];
        char *p = print_stmt(s);
        cr_expect_str_eq(p, want[i]);
        free(p);
        cr_expect_eq(s->span.off, offs[i], "stmt %d off %u", i, s->span.off);
        cr_expect_eq(s->span.len, lens[i], "stmt %d len %u", i, s->span.len);
    }
    arena_free(a);
}

Test(script, empty_scripts)
{
    const char *texts[] = {"", "   ", ";", " ;; ; ", "-- only a comment", "/* c */ ;"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        Arena *a = arena_new();
        Diag d = {0};
        AstList *stmts = ast_list_new(a);
        cr_expect_eq(parse_script(a, texts[i], stmts, &d), 0, "%s", texts[i]);
        cr_expect_eq(stmts->n, 0);
        cr_expect(!d.set);
        arena_free(a);
    }
}

Test(script, parse_next_walks_statement_by_statement)
{
    const char *sql = "SELECT 1;\n  SHOW TABLES; DESCRIBE \"T\"\n;  -- end\n";
    Arena *a = arena_new();
    Diag d = {0};
    uint32_t off = 0, next = 0;

    AstStmt *s = parse_next(a, sql, off, &next, &d);
    cr_assert_not_null(s);
    cr_expect_eq(s->span.off, 0);
    cr_expect_eq(s->span.len, 8);
    cr_expect_eq(next, 9);

    off = next;
    s = parse_next(a, sql, off, &next, &d);
    cr_assert_not_null(s);
    cr_expect_eq(s->kind, STMT_SHOW);
    cr_expect_eq(s->span.off, 12);
    cr_expect_eq(s->span.len, 11);
    cr_expect_eq(next, 24);

    off = next;
    s = parse_next(a, sql, off, &next, &d);
    cr_assert_not_null(s);
    cr_expect_eq(s->kind, STMT_DESCRIBE);
    cr_expect_str_eq(s->describe.name, "T");
    cr_expect_eq(s->describe.name_span.off, 34);
    cr_expect_eq(s->describe.name_span.len, 3);
    cr_expect_eq(s->span.off, 25);
    cr_expect_eq(s->span.len, 12);
    cr_expect_eq(next, 39);

    off = next;
    s = parse_next(a, sql, off, &next, &d);
    cr_expect_null(s);
    cr_expect(!d.set);
    cr_expect_eq(next, (uint32_t)strlen(sql));
    arena_free(a);
}

Test(script, parse_next_without_final_semicolon_and_with_errors)
{
    const char *sql = "SELECT a FROM t; SELECT b FROM";
    Arena *a = arena_new();
    Diag d = {0};
    uint32_t next = 0;
    AstStmt *s = parse_next(a, sql, 17, &next, &d);
    cr_expect_null(s);
    cr_assert(d.set);
    cr_expect_str_eq(d.message, "syntax error at end of input: expected a name or \"(\"");
    cr_expect_eq(d.span.off, 30);
    diag_clear(&d);

    s = parse_next(a, "SHOW SINKS", 0, &next, &d);
    cr_assert_not_null(s);
    cr_expect_eq(next, 10);
    cr_expect_eq(s->span.len, 10);
    arena_free(a);
}

Test(script, is_complete)
{
    cr_expect(parse_is_complete(""));
    cr_expect(parse_is_complete("   \n "));
    cr_expect(parse_is_complete("-- just a comment"));
    cr_expect(parse_is_complete("/* a */ -- b\n"));
    cr_expect(parse_is_complete("SELECT 1;"));
    cr_expect(parse_is_complete("SELECT 1;  -- trailing"));
    cr_expect_not(parse_is_complete("SELECT 1; SELECT 'unfinished"));
    cr_expect_not(parse_is_complete("SELECT 1; SEL"));
    cr_expect(parse_is_complete(";"));
    cr_expect(parse_is_complete("SELECT 'it''s;'\n;"));

    cr_expect(!parse_is_complete("SELECT 1"));
    cr_expect(!parse_is_complete("SELECT 'a;b'"));
    cr_expect(!parse_is_complete("SELECT \"a;b\""));
    cr_expect(!parse_is_complete("SELECT 'it''s"));
    cr_expect(!parse_is_complete("SELECT 1 -- ;"));
    cr_expect(!parse_is_complete("SELECT 1 /* ; */"));
    cr_expect(!parse_is_complete("/* unfinished comment ;"));
}
