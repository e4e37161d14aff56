/* Unit tests: lexical and syntax errors — exact message, span and hint,
 * and the rendered block with its caret. */
#include <criterion/criterion.h>
#include <string.h>

#include "grammar/parse.h"

/* Parse `sql`, expect failure with this message, span and hint (NULL: no
 * hint). */
static void expect_error(const char *sql, const char *message, uint32_t off,
                         uint32_t len, const char *hint)
{
    Arena *a = arena_new();
    Diag d = {0};
    AstList *stmts = ast_list_new(a);
    cr_assert_eq(parse_script(a, sql, stmts, &d), -1, "parsed: %s", sql);
    cr_assert(d.set);
    cr_expect_str_eq(d.message, message, "in: %s", sql);
    cr_expect_eq(d.span.off, off, "span.off %u in: %s", d.span.off, sql);
    cr_expect_eq(d.span.len, len, "span.len %u in: %s", d.span.len, sql);
    if (hint) cr_expect_str_eq(d.hint ? d.hint : "(none)", hint, "in: %s", sql);
    else cr_expect_null(d.hint, "hint \"%s\" in: %s", d.hint, sql);
    diag_clear(&d);
    arena_free(a);
}

Test(errors, missing_expression)
{
    expect_error("SELECT FROM t", "syntax error at \"FROM\": expected an expression", 7, 4, NULL);
    expect_error("SELECT a, FROM t", "syntax error at \"FROM\": expected an expression", 10, 4, NULL);
    expect_error("SELECT a FROM t WHERE a = 'x' AND",
                 "syntax error at end of input: expected an expression", 33, 0, NULL);
}

Test(errors, end_of_input)
{
    expect_error("SELECT a FROM", "syntax error at end of input: expected a name or \"(\"", 13, 0, NULL);
    expect_error("INSERT INTO s", "syntax error at end of input: expected SELECT or WITH", 13, 0, NULL);
    expect_error("CREATE STREAM s (a int",
                 "syntax error at end of input: expected \")\" or \",\"", 22, 0, NULL);
    expect_error("SET x", "syntax error at end of input: expected \"=\" or TO", 5, 0, NULL);
}

Test(errors, misspelt_keywords)
{
    expect_error("SELEC 1", "syntax error at \"SELEC\": expected a statement", 0, 5,
                 "did you mean SELECT?");
    expect_error("crate stream s", "syntax error at \"crate\": expected a statement", 0, 5,
                 "did you mean CREATE?");
    /* FORM was taken as an alias of a; the error shows on t */
    expect_error("SELECT a FORM t",
                 "syntax error at \"t\": expected \",\", FROM, WHERE, GROUP BY, HAVING, "
                 "EMIT, ORDER BY, ...", 14, 1, "did you mean FROM instead of \"FORM\"?");
    expect_error("SELECT a FROM t GRUOP BY a",
                 "syntax error at \"BY\": expected JOIN, WHERE, GROUP BY, HAVING, EMIT, "
                 "ORDER BY, LIMIT or \";\"", 22, 2, "did you mean GROUP instead of \"GRUOP\"?");
    expect_error("SELECT a FROM t EMIT UPDAT",
                 "syntax error at \"UPDAT\": expected EVERY, APPEND, CHANGES, COMPLETE, "
                 "FINAL or UPDATE", 21, 5, "did you mean UPDATE?");
    expect_error("SELECT * FROM t LEFT JION u ON a",
                 "syntax error at \"JION\": expected JOIN, OUTER or SEMI", 21, 4,
                 "did you mean JOIN?");
    /* short words get no far-fetched hint */
    expect_error("SELECT CAST(x int)", "syntax error at \"int\": expected AS or an operator",
                 14, 3, NULL);
}

Test(errors, unbalanced_and_operators)
{
    expect_error("SELECT (a FROM t", "syntax error at \"FROM\": expected \")\" or an operator",
                 10, 4, NULL);
    expect_error("SELECT count(* FROM t", "syntax error at \"FROM\": expected \")\"", 15, 4, NULL);
    expect_error("SELECT x BETWEEN 1 2", "syntax error at \"2\": expected AND or an operator",
                 19, 1, NULL);
    expect_error("SELECT a FROM t WHERE x = 1 2",
                 "syntax error at \"2\": expected GROUP BY, HAVING, EMIT, ORDER BY, LIMIT, "
                 "an operator or \";\"", 28, 1, NULL);
}

Test(errors, statement_words)
{
    expect_error("SHOW foo",
                 "syntax error at \"foo\": expected CREATE, PROGRESS, QUERIES, SINKS, STREAMS, TABLES, FUNCTIONS or SETTINGS",
                 5, 3, NULL);
    expect_error("DROP VIEW v", "syntax error at \"VIEW\": expected SINK, STREAM or TABLE",
                 5, 4, NULL);
    expect_error("CREATE STREAM s (a)", "syntax error at \")\": expected a type name", 18, 1, NULL);
    expect_error("SELECT a FROM t ORDER a", "syntax error at \"a\": expected BY", 22, 1, NULL);
    expect_error("SELECT a FROM t EMIT UPDATE EMIT COMPLETE",
                 "syntax error at \"EMIT\": expected EVERY, ORDER BY, LIMIT or \";\"", 28, 4, NULL);
    expect_error("SELECT a FROM t LEFT u", "syntax error at \"u\": expected JOIN, OUTER or SEMI",
                 21, 1, NULL);
}

Test(errors, reserved_words_and_unsupported)
{
    expect_error("CREATE STREAM s (from text)", "syntax error at \"from\": expected a name",
                 17, 4, "FROM is a reserved word; to use it as a name, write it in double "
                 "quotes: \"from\"");
    expect_error("SELECT a FROM t UNION SELECT b FROM u",
                 "syntax error at \"UNION\": expected a name, AS, JOIN, WHERE, GROUP BY, "
                 "HAVING, EMIT, ...", 16, 5, "UNION, INTERSECT and EXCEPT are not supported");
}

Test(errors, lexical)
{
    expect_error("SELECT 'abc", "unterminated string literal", 7, 1, NULL);
    expect_error("SELECT 'it''s", "unterminated string literal", 7, 1, NULL);
    expect_error("SELECT \"abc FROM t", "unterminated quoted identifier", 7, 1, NULL);
    expect_error("SELECT a /* x", "unterminated comment", 9, 2, NULL);
    expect_error("SELECT #", "unexpected character \"#\"", 7, 1, NULL);
    expect_error("SELECT a FROM t WHERE b ! c", "unexpected character \"!\"", 24, 1, NULL);
    expect_error("SELECT 12abc", "invalid number \"12abc\"", 7, 5, NULL);
    expect_error("SELECT \"\" FROM t", "zero-length quoted identifier", 7, 2, NULL);
    /* a lexical error right after NOT (scanned one token ahead) */
    expect_error("SELECT NOT 'x", "unterminated string literal", 11, 1, NULL);
}

Test(errors, semantic_checks_in_the_grammar)
{
    expect_error("SELECT 1e999", "number \"1e999\" is out of range", 7, 5, NULL);
    expect_error("CREATE STREAM s (a int, WATERMARK FOR a AS a, WATERMARK FOR a AS a)",
                 "only one WATERMARK clause is allowed", 46, 20, NULL);
    expect_error("STOP QUERY 99999999999999999999",
                 "query id 99999999999999999999 is out of range", 11, 20, NULL);
}

Test(errors, long_tokens_are_shortened)
{
    expect_error("SELECT a FROM t 'a very long string literal that goes on and on'",
                 "syntax error at 'a very long string literal t...': expected a name, "
                 "AS, JOIN, WHERE, GROUP BY, HAVING, EMIT, ...", 16, 48, NULL);
}

Test(errors, deep_nesting_is_an_error_not_a_crash)
{
    StrBuf sql = STRBUF_INIT;
    sb_puts(&sql, "SELECT ");
    sb_repeat(&sql, '(', 20000);
    sb_putc(&sql, '1');
    sb_repeat(&sql, ')', 20000);
    Arena *a = arena_new();
    Diag d = {0};
    AstList *stmts = ast_list_new(a);
    cr_assert_eq(parse_script(a, sb_str(&sql), stmts, &d), -1);
    cr_assert_str_eq(d.message, "statement is nested too deeply");
    diag_clear(&d);
    arena_free(a);
    sb_free(&sql);
}

Test(errors, error_in_a_later_statement_keeps_the_earlier_ones)
{
    const char *sql = "SELECT 1;\nSELECT 2 +;\nSELECT 3;";
    Arena *a = arena_new();
    Diag d = {0};
    AstList *stmts = ast_list_new(a);
    cr_assert_eq(parse_script(a, sql, stmts, &d), -1);
    cr_assert_eq(stmts->n, 1);
    StrBuf out = STRBUF_INIT;
    diag_render(&d, "q.sql", sql, &out);
    cr_assert_str_eq(sb_str(&out),
        "error: syntax error at \";\": expected an expression\n"
        "  at q.sql, line 2, column 11:\n"
        "    SELECT 2 +;\n"
        "              ^\n");
    sb_free(&out);
    diag_clear(&d);
    arena_free(a);
}

Test(errors, rendered_with_hint)
{
    const char *sql = "SELECT ip\nFORM logs";
    Arena *a = arena_new();
    Diag d = {0};
    AstList *stmts = ast_list_new(a);
    cr_assert_eq(parse_script(a, sql, stmts, &d), -1);
    StrBuf out = STRBUF_INIT;
    diag_render(&d, NULL, sql, &out);
    cr_assert_str_eq(sb_str(&out),
        "error: syntax error at \"logs\": expected \",\", FROM, WHERE, GROUP BY, "
        "HAVING, EMIT, ORDER BY, ...\n"
        "  at line 2, column 6:\n"
        "    FORM logs\n"
        "         ^^^^\n"
        "hint: did you mean FROM instead of \"FORM\"?\n");
    sb_free(&out);
    diag_clear(&d);
    arena_free(a);
}
