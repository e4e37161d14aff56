/* Unit tests: the socket connector against a listener on 127.0.0.1 and an
 * ephemeral port — lines across partial writes, the peer closing, a
 * refused connection, reconnecting after the server restarts. Every wait
 * is bounded; every socket is closed. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io_util.h"

#define WAIT_MS 5000

/* A socket bound to 127.0.0.1:port (0: any free port); listening if asked. */
static int bind_local(int port, bool listening)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert_geq(fd, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    if (listening) cr_assert_eq(listen(fd, 4), 0);
    return fd;
}

static int port_of(int fd)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    return ntohs(a.sin_port);
}

/* Accept within WAIT_MS, calling input_next meanwhile when `t` is given
 * (a reconnecting input only connects from inside input_next). */
static int accept_client(int lfd, IoTest *t)
{
    long deadline = io_ms() + WAIT_MS;
    while (io_ms() < deadline) {
        if (t) {
            bool eof;
            cr_assert_geq(io_next(t, 2048, &eof), 0);
        }
        struct pollfd p = {.fd = lfd, .events = POLLIN};
        if (poll(&p, 1, 20) == 1) {
            int c = accept(lfd, NULL, NULL);
            cr_assert_geq(c, 0);
            return c;
        }
    }
    cr_assert_fail("no connection within %d ms", WAIT_MS);
    return -1;
}

static void send_text(int fd, const char *s)
{
    cr_assert_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static void open_socket(IoTest *t, const char *format, const char *schema, int port,
                        bool reconnect)
{
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    io_init(t, true, "lines", schema, "connector", "socket", "host", "127.0.0.1",
            "port", ps, "format", format, NULL);
    if (reconnect) io_opt(t, "reconnect", "true");
    cr_assert_not_null(io_open(t, -1, false), "%s", t->d.message);
}

Test(socket, lines_across_partial_writes_until_the_peer_closes)
{
    int lfd = bind_local(0, true), port = port_of(lfd);
    IoTest t;
    open_socket(&t, "text", "value TEXT", port, false);
    int c = accept_client(lfd, NULL);
    cr_assert(input_bounded(t.in));
    cr_assert_geq(input_fd(t.in), 0);

    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);          /* nothing yet, no blocking */
    send_text(c, "hel");
    cr_assert_eq(io_wait_rows(&t, 1, 100, &eof), 0);   /* no newline yet */
    send_text(c, "lo\nwor");
    cr_assert_eq(io_wait_rows(&t, 1, WAIT_MS, &eof), 1);
    send_text(c, "ld\r\nlast");
    cr_assert_eq(io_wait_rows(&t, 1, WAIT_MS, &eof), 1);
    cr_assert_not(eof);
    close(c);                                           /* the peer closes: the end */
    cr_assert_eq(io_wait_rows(&t, 100, WAIT_MS, &eof), 1);
    cr_assert(eof);
    cr_assert_str_eq(sb_str(&t.rows), "[hello]\n[world]\n[last]\n");
    cr_assert_eq(input_offset(t.in).bytes, 17);
    cr_assert_str_eq(io_err(&t), "");
    io_done(&t);
    close(lfd);
}

Test(socket, reports_name_host_and_port)
{
    int lfd = bind_local(0, true), port = port_of(lfd);
    IoTest t;
    open_socket(&t, "csv", "n BIGINT, s TEXT", port, false);
    int c = accept_client(lfd, NULL);
    send_text(c, "1,a\nx,b\n2,c\n");
    close(c);
    bool eof = false;
    cr_assert_eq(io_wait_rows(&t, 100, WAIT_MS, &eof), 2);
    cr_assert(eof);
    char want[256];
    snprintf(want, sizeof want, "warning: bad record in stream lines (127.0.0.1:%d), line 2: "
             "column \"n\": cannot read \"x\" as BIGINT (skipped)\n", port);
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
    close(lfd);
}

Test(socket, refused_connection_is_an_error_at_open)
{
    int fd = bind_local(0, false), port = port_of(fd);  /* bound, not listening */
    IoTest t;
    char ps[16], want[256];
    snprintf(ps, sizeof ps, "%d", port);
    io_init(&t, true, "lines", "value TEXT", "connector", "socket", "host", "127.0.0.1",
            "port", ps, "format", "text", NULL);
    cr_assert_null(io_open(&t, -1, false));
    snprintf(want, sizeof want, "cannot connect to 127.0.0.1:%d for stream lines: "
             "Connection refused", port);
    cr_assert_str_eq(t.d.message, want);
    snprintf(want, sizeof want, "start a server first, e.g. nc -lk %d", port);
    cr_assert_str_eq(t.d.hint, want);
    io_done(&t);
    close(fd);
}

Test(socket, reconnects_after_the_server_restarts)
{
    int lfd = bind_local(0, true), port = port_of(lfd);
    IoTest t;
    open_socket(&t, "text", "value TEXT", port, true);
    cr_assert_not(input_bounded(t.in));
    int c = accept_client(lfd, NULL);
    send_text(c, "a\nb");
    close(c);                                           /* the server goes away */
    close(lfd);
    bool eof = false;
    cr_assert_eq(io_wait_rows(&t, 2, WAIT_MS, &eof), 2); /* "b" ends its connection */
    cr_assert_not(eof);
    cr_assert_eq(input_fd(t.in), -1);

    long t0 = io_ms();                                  /* retrying never blocks */
    for (int i = 0; i < 5; i++) cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_lt(io_ms() - t0, 50);

    lfd = bind_local(port, true);                       /* the server is back */
    c = accept_client(lfd, &t);
    send_text(c, "c\n");
    cr_assert_eq(io_wait_rows(&t, 1, WAIT_MS, &eof), 1);
    cr_assert_geq(input_fd(t.in), 0);
    cr_assert_str_eq(sb_str(&t.rows), "[a]\n[b]\n[c]\n");
    InputOffset off = input_offset(t.in);
    cr_assert_eq(off.parts, 1);
    cr_assert_eq(off.bytes, 2);
    cr_assert_eq(off.records, 3);
    char want[512];
    snprintf(want, sizeof want,
             "warning: connection to 127.0.0.1:%d for stream lines was closed by the peer; "
             "reconnecting\nnote: reconnected to 127.0.0.1:%d for stream lines\n", port, port);
    cr_assert_str_eq(io_err(&t), want);
    close(c);
    io_done(&t);
    close(lfd);
}

Test(socket, reconnect_waits_for_a_server_that_is_not_up_yet)
{
    int fd = bind_local(0, false), port = port_of(fd);  /* refuses for now */
    IoTest t;
    open_socket(&t, "text", "value TEXT", port, true);
    close(fd);
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    int lfd = bind_local(port, true);
    int c = accept_client(lfd, &t);
    send_text(c, "up\n");
    cr_assert_eq(io_wait_rows(&t, 1, WAIT_MS, &eof), 1);
    char want[512];
    snprintf(want, sizeof want,
             "warning: cannot connect to 127.0.0.1:%d for stream lines: Connection refused; "
             "retrying\nnote: connected to 127.0.0.1:%d for stream lines\n", port, port);
    cr_assert_str_eq(io_err(&t), want);
    close(c);
    io_done(&t);
    close(lfd);
}
