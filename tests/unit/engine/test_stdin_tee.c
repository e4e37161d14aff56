/* Unit tests: standard input copied to several readers by the tee. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "engine/session/stdin_tee.h"

/* Everything readable now on fd (after a pump). */
static size_t drain(int fd, char *out, size_t cap)
{
    size_t got = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (got < cap - 1 && poll(&p, 1, 0) > 0) {
        ssize_t n = read(fd, out + got, cap - 1 - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    out[got] = '\0';
    return got;
}

Test(stdin_tee, every_reader_gets_every_byte_from_when_it_opened)
{
    int src[2];
    cr_assert_eq(pipe(src), 0);
    StdinTee *t = tee_new(src[0]);
    Diag d = {0};
    int a = tee_open(t, &d), b = tee_open(t, &d);
    cr_assert(a >= 0 && b >= 0);
    cr_assert(write(src[1], "one\ntwo\n", 8) == 8);
    tee_pump(t, 100);
    char buf[64];
    drain(a, buf, sizeof buf);
    cr_assert_str_eq(buf, "one\ntwo\n");
    int c = tee_open(t, &d);                      /* opened later */
    cr_assert(write(src[1], "three\n", 6) == 6);
    tee_pump(t, 100);
    drain(b, buf, sizeof buf);
    cr_assert_str_eq(buf, "one\ntwo\nthree\n");
    drain(c, buf, sizeof buf);
    cr_assert_str_eq(buf, "three\n");
    tee_close(t, a);
    close(src[1]);                                /* end of standard input */
    tee_pump(t, 100);
    drain(b, buf, sizeof buf);
    char x;
    cr_assert_eq(read(b, &x, 1), 0, "the reader sees the end");
    cr_assert_eq(read(c, &x, 1), 0);
    tee_free(t);                /* src[0]'s number held a's pipe: closed */
}

Test(stdin_tee, no_reader_leaves_input_for_the_next)
{
    int src[2];
    cr_assert_eq(pipe(src), 0);
    StdinTee *t = tee_new(src[0]);
    cr_assert(write(src[1], "kept\n", 5) == 5);
    tee_pump(t, 0);                               /* nobody reads yet */
    struct pollfd fds[4];
    cr_assert_eq(tee_fds(t, fds, 4), 0);
    Diag d = {0};
    int a = tee_open(t, &d);
    cr_assert_eq(a, src[0], "a lone reader reads standard input itself");
    tee_pump(t, 100);
    char buf[16];
    drain(a, buf, sizeof buf);
    cr_assert_str_eq(buf, "kept\n");
    tee_free(t);
    close(src[0]);
    close(src[1]);
}
