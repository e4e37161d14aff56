/* Unit tests: the scanner — token kinds, values and exact byte spans,
 * keywords, case folding, quoting, comments, numbers, lexical errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "grammar/parse.h"
#include "sql_parser.h"

/* Every token of text[off..] as "name(value)[off,len]" separated by
 * spaces; value only for identifiers, numbers and strings. Stops at the end
 * or at an error ("ERROR[off,len] message"). */
static void lex_dump(const char *text, uint32_t off, StrBuf *out)
{
    Arena *a = arena_new();
    Diag d = {0};
    LexState ls = {a, &d, text, off, off};
    void *scanner = lex_open(&ls);
    for (;;) {
        SQL_STYPE val;
        Span loc;
        int tok = sql_scan(&val, &loc, scanner);
        if (out->len) sb_putc(out, ' ');
        if (tok == SQL_error) {
            sb_printf(out, "ERROR[%u,%u] %s", d.span.off, d.span.len, d.message);
            break;
        }
        if (tok == END_OF_INPUT) {
            sb_printf(out, "EOF[%u,%u]", loc.off, loc.len);
            break;
        }
        sb_puts(out, sql_token_name(tok));
        if (tok == IDENT || tok == INTEGER || tok == FLOAT || tok == STRING)
            sb_printf(out, "(%s)", val.str);
        sb_printf(out, "[%u,%u]", loc.off, loc.len);
    }
    lex_close(scanner);
    diag_clear(&d);
    arena_free(a);
}

static void expect_tokens(const char *text, uint32_t off, const char *want)
{
    StrBuf out = STRBUF_INIT;
    lex_dump(text, off, &out);
    cr_expect_str_eq(sb_str(&out), want, "text: %s", text);
    sb_free(&out);
}

Test(lexer, tokens_and_exact_spans)
{
    expect_tokens("SELECT a, b1 FROM logs;",  0,
        "K_SELECT[0,6] identifier(a)[7,1] ','[8,1] identifier(b1)[10,2] "
        "K_FROM[13,4] identifier(logs)[18,4] ';'[22,1] EOF[23,0]");
}

Test(lexer, operators)
{
    expect_tokens("a<>b!=c<=d>=e||f::g=h<i>j+-*/%()[].", 0,
        "identifier(a)[0,1] <>[1,2] identifier(b)[3,1] <>[4,2] identifier(c)[6,1] "
        "<=[7,2] identifier(d)[9,1] >=[10,2] identifier(e)[12,1] ||[13,2] "
        "identifier(f)[15,1] ::[16,2] identifier(g)[18,1] '='[19,1] "
        "identifier(h)[20,1] '<'[21,1] identifier(i)[22,1] '>'[23,1] "
        "identifier(j)[24,1] '+'[25,1] '-'[26,1] '*'[27,1] '/'[28,1] '%'[29,1] "
        "'('[30,1] ')'[31,1] '['[32,1] ']'[33,1] '.'[34,1] EOF[35,0]");
}

Test(lexer, case_folding_and_quoted_identifiers)
{
    expect_tokens("SeLeCt MyCol, \"MyCol\", \"a \"\"q\"\" b\", \"select\"", 0,
        "K_SELECT[0,6] identifier(mycol)[7,5] ','[12,1] identifier(MyCol)[14,7] "
        "','[21,1] identifier(a \"q\" b)[23,11] ','[34,1] identifier(select)[36,8] "
        "EOF[44,0]");
}

Test(lexer, keyword_values_are_lower_case)
{
    Arena *a = arena_new();
    Diag d = {0};
    const char *text = "TimeStamp";
    LexState ls = {a, &d, text, 0, 0};
    void *scanner = lex_open(&ls);
    SQL_STYPE val;
    Span loc;
    cr_assert_eq(sql_scan(&val, &loc, scanner), K_TIMESTAMP);
    cr_assert_str_eq(val.str, "timestamp");
    lex_close(scanner);
    arena_free(a);
}

Test(lexer, strings)
{
    expect_tokens("'it''s' '' 'a\nb'", 0,
        "string(it's)[0,7] string()[8,2] string(a\nb)[11,5] EOF[16,0]");
}

Test(lexer, numbers)
{
    expect_tokens("42 3.14 .5 7. 1e10 2.5E-3 9223372036854775808", 0,
        "integer(42)[0,2] decimal number(3.14)[3,4] decimal number(.5)[8,2] "
        "decimal number(7.)[11,2] decimal number(1e10)[14,4] "
        "decimal number(2.5E-3)[19,6] integer(9223372036854775808)[26,19] EOF[45,0]");
}

Test(lexer, comments_are_skipped)
{
    expect_tokens("a -- line\n/* block\n * more */ b/**/c--end", 0,
        "identifier(a)[0,1] identifier(b)[30,1] identifier(c)[35,1] EOF[41,0]");
    expect_tokens("a - -1", 0,
        "identifier(a)[0,1] '-'[2,1] '-'[4,1] integer(1)[5,1] EOF[6,0]");
}

Test(lexer, spans_from_an_offset)
{
    /* Scanning from mid-text keeps offsets into the whole text. */
    expect_tokens("SELECT 1; SELECT 'x'", 10,
        "K_SELECT[10,6] string(x)[17,3] EOF[20,0]");
}

Test(lexer, utf8_identifiers)
{
    expect_tokens("SELECT caf\xc3\xa9", 0,
        "K_SELECT[0,6] identifier(caf\xc3\xa9)[7,5] EOF[12,0]");
}

Test(lexer, errors)
{
    expect_tokens("SELECT 'abc", 0,
        "K_SELECT[0,6] ERROR[7,1] unterminated string literal");
    expect_tokens("a \"abc", 0,
        "identifier(a)[0,1] ERROR[2,1] unterminated quoted identifier");
    expect_tokens("a /* x * / y", 0,
        "identifier(a)[0,1] ERROR[2,2] unterminated comment");
    expect_tokens("a # b", 0, "identifier(a)[0,1] ERROR[2,1] unexpected character \"#\"");
    expect_tokens("a \x01", 0, "identifier(a)[0,1] ERROR[2,1] unexpected byte 0x01");
    expect_tokens("x 12abc", 0, "identifier(x)[0,1] ERROR[2,5] invalid number \"12abc\"");
    expect_tokens("x \"\"", 0, "identifier(x)[0,1] ERROR[2,2] zero-length quoted identifier");
}

Test(lexer, keyword_table_is_sorted_and_complete)
{
    for (int i = 1; i < sql_keyword_count; i++)
        cr_expect(strcmp(sql_keywords[i - 1].name, sql_keywords[i].name) < 0,
                  "%s before %s", sql_keywords[i - 1].name, sql_keywords[i].name);
    int n = 0;
    while (parse_keywords[n]) n++;
    cr_assert_eq(n, sql_keyword_count);
    cr_assert_str_eq(parse_keywords[0], "AND");
    /* Every keyword scans to its token, in any case. */
    for (int i = 0; i < sql_keyword_count; i++) {
        const SqlKeyword *kw = &sql_keywords[i];
        cr_expect_eq(sql_keyword_find(kw->name, strlen(kw->name)), kw);
        char low[32];
        size_t len = strlen(kw->name);
        for (size_t j = 0; j <= len; j++)
            low[j] = (char)(kw->name[j] >= 'A' && kw->name[j] <= 'Z'
                            ? kw->name[j] + 32 : kw->name[j]);
        cr_expect_eq(sql_keyword_find(low, len), kw, "%s", low);
    }
    cr_expect_null(sql_keyword_find("window", 6));
    cr_expect_null(sql_keyword_find("selec", 5));
    cr_expect_null(sql_keyword_find("selects", 7));
}
