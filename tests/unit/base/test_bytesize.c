/* Unit tests of bytesize: memory amounts as written in SET memory_limit
 * and max_record_bytes, and as printed in messages. */
#include <criterion/criterion.h>

#include "engine/base/bytesize.h"

static int64_t parse(const char *s, int64_t pct_of)
{
    int64_t v = -1;
    return bytesize_parse(s, pct_of, &v) ? v : -1;
}

Test(bytesize, units)
{
    cr_expect_eq(parse("100", 0), 100);
    cr_expect_eq(parse("16MB", 0), 16000000);
    cr_expect_eq(parse("16 mib", 0), 16 * 1024 * 1024);
    cr_expect_eq(parse("1.5GiB", 0), 1536LL * 1024 * 1024);
    cr_expect_eq(parse("2 KB", 0), 2000);
    cr_expect_eq(parse("3kib", 0), 3072);
    cr_expect_eq(parse("1TB", 0), 1000000000000LL);
    cr_expect_eq(parse("0", 0), 0);
    cr_expect_eq(parse(" 7 bytes ", 0), 7);
}

Test(bytesize, percentages)
{
    cr_expect_eq(parse("50%", 1000), 500);
    cr_expect_eq(parse("80 %", 1000), 800);
    cr_expect_eq(parse("50%", 0), -1);       /* not allowed here */
    cr_expect_eq(parse("150%", 1000), -1);
}

Test(bytesize, refused)
{
    cr_expect_eq(parse("", 0), -1);
    cr_expect_eq(parse("MB", 0), -1);
    cr_expect_eq(parse("-1MB", 0), -1);
    cr_expect_eq(parse("12 parsecs", 0), -1);
    cr_expect_eq(parse("1 GB extra", 0), -1);
    cr_expect_eq(parse("1e30", 0), -1);
}

Test(bytesize, format)
{
    char b[32];
    cr_expect_str_eq(bytesize_format(0, b), "0 bytes");
    cr_expect_str_eq(bytesize_format(1, b), "1 byte");
    cr_expect_str_eq(bytesize_format(1023, b), "1023 bytes");
    cr_expect_str_eq(bytesize_format(1024, b), "1 KiB");
    cr_expect_str_eq(bytesize_format(4 << 20, b), "4 MiB");
    cr_expect_str_eq(bytesize_format(1536LL << 20, b), "1.5 GiB");
    cr_expect_str_eq(bytesize_format((4 << 20) + 1, b), "4.0 MiB");
}

Test(bytesize, available)
{
    cr_expect_gt(bytesize_available_memory(), 0);
}
