/* Unit tests: diagnostics rendering with carets and typo hints. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "engine/base/diag.h"

Test(diag, renders_line_column_and_caret)
{
    const char *src = "SELECT a\nFROM logs WHERE latncy > 1;";
    Diag d = {0};
    d.span = SPAN_NONE;
    diag_error(&d, (Span){25, 6}, "column \"%s\" does not exist", "latncy");
    diag_hint(&d, "did you mean \"%s\"?", "latency");
    StrBuf out = STRBUF_INIT;
    diag_render(&d, NULL, src, &out);
    cr_assert_str_eq(sb_str(&out),
        "error: column \"latncy\" does not exist\n"
        "  at line 2, column 17:\n"
        "    FROM logs WHERE latncy > 1;\n"
        "                    ^^^^^^\n"
        "hint: did you mean \"latency\"?\n");
    sb_free(&out);
    diag_clear(&d);
}

Test(diag, first_error_wins_and_file_name_shown)
{
    Diag d = {0};
    cr_assert_eq(diag_error(&d, (Span){0, 3}, "first"), -1);
    diag_error(&d, (Span){1, 1}, "second");
    StrBuf out = STRBUF_INIT;
    diag_render(&d, "q.sql", "abc", &out);
    cr_assert_str_eq(sb_str(&out), "error: first\n  at q.sql, line 1, column 1:\n    abc\n    ^^^\n");
    sb_free(&out);
    diag_clear(&d);
}

Test(diag, closest_name)
{
    const char *names[] = {"latency", "status", "endpoint"};
    cr_assert_str_eq(diag_closest("latncy", names, 3), "latency");
    cr_assert_str_eq(diag_closest("STATUS", names, 3), "status");
    cr_assert_null(diag_closest("zzzzzz", names, 3));
}
