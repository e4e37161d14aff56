/* Unit tests: arena and strbuf. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "engine/base/arena.h"
#include "engine/base/strbuf.h"

Test(arena, alignment_and_growth)
{
    Arena *a = arena_new();
    for (int i = 1; i < 5000; i++) {
        char *p = arena_alloc(a, (size_t)(i % 97) + 1);
        cr_assert_eq((uintptr_t)p % 16, 0);
        memset(p, 'x', (size_t)(i % 97) + 1);
    }
    void *big = arena_alloc(a, 1u << 20);   /* larger than a block */
    cr_assert_not_null(big);
    cr_assert_geq(arena_reserved(a), arena_used(a));
    arena_free(a);
}

Test(arena, reset_reuses_first_block)
{
    Arena *a = arena_new();
    for (int i = 0; i < 100; i++) arena_alloc(a, 10000);
    arena_reset(a);
    cr_assert_eq(arena_used(a), 0);
    cr_assert_leq(arena_reserved(a), 1u << 20);
    char *s = arena_strdup(a, "hello");
    cr_assert_str_eq(s, "hello");
    arena_free(a);
}

Test(arena, calloc_zeroes)
{
    Arena *a = arena_new();
    unsigned char *p = arena_calloc(a, 256);
    for (int i = 0; i < 256; i++) cr_assert_eq(p[i], 0);
    arena_free(a);
}

Test(strbuf, printf_and_take)
{
    StrBuf sb = STRBUF_INIT;
    cr_assert_str_eq(sb_str(&sb), "");
    sb_printf(&sb, "%d-%s", 42, "x");
    sb_repeat(&sb, '=', 3);
    sb_putc(&sb, '!');
    cr_assert_str_eq(sb_str(&sb), "42-x===!");
    for (int i = 0; i < 1000; i++) sb_puts(&sb, "abcdefghij");
    cr_assert_eq(sb.len, 8 + 10000);
    char *s = sb_take(&sb);
    cr_assert_eq(strlen(s), 10008);
    free(s);
    cr_assert_eq(sb.len, 0);
}
