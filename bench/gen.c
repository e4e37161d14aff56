/* gen — benchmark data: N rows of `ts,key,value` CSV on stdout or to a file.
 *
 *   ts     "YYYY-MM-DD HH:MM:SS.mmm" (UTC), from 2023-04-15 00:00:00, 10 ms
 *          apart on average, with up to 50 ms of jitter (slightly out of
 *          order, as real event times are)
 *   key    one of 1000 keys, "k000" .. "k999", uniformly
 *   value  an integer 0 .. 9999
 *
 * Fixed seed: the same N gives the same bytes on every machine. Written for
 * speed (hand-rolled formatting, one big buffer) so that generating 10 M
 * rows takes a second or two; not part of the meson build (bench/run.sh
 * compiles it with cc).
 *
 * With --json the same rows come as JSON Lines:
 *   {"ts":"2023-04-15 00:00:00.012","key":"k042","value":1234}
 *
 * Usage: gen [--json] ROWS [OUT]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NKEYS 1000
#define START_EPOCH_S 1681516800LL   /* 2023-04-15 00:00:00 UTC */

static uint64_t rng_state = 0x5eed5eed2023ULL;

/* splitmix64: small, fast, good enough for test data. */
static uint64_t next_rand(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Write v (>= 0) as decimal at p; returns the end. */
static char *put_uint(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = tmp[--n];
    return p;
}

/* Copy a NUL-terminated string to p; returns the end. */
static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* Write n as exactly `width` digits. */
static char *put_fixed(char *p, unsigned n, int width)
{
    for (int i = width - 1; i >= 0; i--) { p[i] = (char)('0' + n % 10); n /= 10; }
    return p + width;
}

int main(int argc, char **argv)
{
    int json = argc > 1 && strcmp(argv[1], "--json") == 0;
    argv += json;
    argc -= json;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen [--json] ROWS [OUT]\n");
        return 2;
    }
    char *end;
    long long rows = strtoll(argv[1], &end, 10);
    if (*end || rows < 0) {
        fprintf(stderr, "gen: bad row count: %s\n", argv[1]);
        return 2;
    }
    FILE *out = stdout;
    if (argc == 3 && !(out = fopen(argv[2], "w"))) {
        perror(argv[2]);
        return 1;
    }

    enum { BUF = 1 << 20 };
    static char buf[BUF + 256];
    char *p = buf;
    char sec_text[20];              /* "YYYY-MM-DD HH:MM:SS" of cached_sec */
    long long cached_sec = -1;

    for (long long i = 0; i < rows; i++) {
        long long ms = i * 10 + (long long)(next_rand() % 51);
        long long sec = START_EPOCH_S + ms / 1000;
        if (sec != cached_sec) {
            time_t t = (time_t)sec;
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(sec_text, sizeof sec_text, "%Y-%m-%d %H:%M:%S", &tm);
            cached_sec = sec;
        }
        if (json) p = put_str(p, "{\"ts\":\"");
        memcpy(p, sec_text, 19);
        p += 19;
        *p++ = '.';
        p = put_fixed(p, (unsigned)(ms % 1000), 3);
        p = put_str(p, json ? "\",\"key\":\"k" : ",k");
        p = put_fixed(p, (unsigned)(next_rand() % NKEYS), 3);
        p = put_str(p, json ? "\",\"value\":" : ",");
        p = put_uint(p, next_rand() % 10000);
        if (json) *p++ = '}';
        *p++ = '\n';
        if (p - buf >= BUF) {
            if (fwrite(buf, 1, (size_t)(p - buf), out) != (size_t)(p - buf)) {
                perror("gen: write");
                return 1;
            }
            p = buf;
        }
    }
    if (fwrite(buf, 1, (size_t)(p - buf), out) != (size_t)(p - buf) || fclose(out) != 0) {
        perror("gen: write");
        return 1;
    }
    return 0;
}
