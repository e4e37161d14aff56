/* handwritten — the bench `window` workload written by hand in C, as the
 * yardstick for sluice's goal ("within 1.5x of the same aggregation
 * hand-written in C"). Not part of the meson build: bench/run.sh compiles
 * it with `cc -O2`.
 *
 * Reads `ts,key,value` CSV rows on standard input (ts as
 * "YYYY-MM-DD HH:MM:SS[.ffffff]", UTC; value a 64-bit integer) and prints
 * `window_start,key,count,sum` per 10-second tumbling window of ts and key,
 * with sluice's streaming semantics:
 *   watermark = the largest ts seen - 1 s;
 *   a window [start, start + 10 s) is printed and freed once its end is
 *   <= the watermark; the remaining ones at end of input;
 *   a row whose window has closed (end <= watermark) is late and dropped
 *   (counted on standard error).
 * The watermark advances per row, as sluice's does with max_batch_rows = 1
 * (with larger micro-batches sluice judges lateness by the previous
 * batch's watermark, so it may keep a few rows this drops; the bench data,
 * 50 ms of jitter against 1 s, has no late rows either way).
 *
 * Design: input in 1 MiB read(2) chunks, lines split with memchr; each open
 * window owns an open-addressing hash table (linear probing) over a dense
 * array of groups in first-seen order, so closing a window prints that
 * array and clears the table. Open windows are few (the watermark is 1 s
 * behind), so they are found by a linear scan behind a last-used cache.
 *
 * Usage: handwritten < events.csv > result.csv
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW_US (10 * 1000000LL)
#define DELAY_US  (1 * 1000000LL)
#define CHUNK (1 << 20)

typedef struct {
    uint64_t hash;
    uint32_t key_off, key_len;      /* the key's bytes in Window.keys */
    int64_t count, sum;
} Group;

typedef struct {
    int64_t start;                  /* µs since the epoch */
    char label[48];                 /* start as "YYYY-MM-DD HH:MM:SS" */
    int label_len;
    uint32_t *slots;                /* group index + 1; 0 = empty */
    uint32_t mask;                  /* slot count - 1 (a power of two) */
    Group *groups;
    uint32_t n, groups_cap;
    char *keys;
    size_t keys_len, keys_cap;
} Window;

static Window **open_w, **spare_w;  /* open windows; cleared ones to reuse */
static size_t n_open, open_cap, n_spare;
static Window *last_w;              /* the window of the previous row */
static int64_t next_close = INT64_MAX;   /* smallest end of an open window */

static void *check(void *p)
{
    if (!p) { fputs("handwritten: out of memory\n", stderr); exit(1); }
    return p;
}
static void *xrealloc(void *p, size_t n) { return check(realloc(p, n)); }

/* ---- output ---------------------------------------------------------- */

static char out_buf[CHUNK + 4096];
static size_t out_len;

static void flush_out(void)
{
    if (out_len && fwrite(out_buf, 1, out_len, stdout) != out_len) {
        perror("handwritten: write");
        exit(1);
    }
    out_len = 0;
}

/* Append v in decimal. */
static char *put_i64(char *p, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) *p++ = '-';
    while (n) *p++ = tmp[--n];
    return p;
}

/* ---- time ------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (the usual
 * era-of-400-years arithmetic), and back. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        unsigned c = (unsigned)(s[i] - '0');
        if (c > 9) return -1;
        v = v * 10 + (int)c;
    }
    return v;
}

/* Parse "YYYY-MM-DD HH:MM:SS[.f{1,6}]" (exactly s[0..n)) to µs; the date's
 * day number is cached, as consecutive rows nearly always share it. */
static int parse_ts(const char *s, size_t n, int64_t *out)
{
    static char last_date[10];
    static int64_t last_days;
    if (n < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        return -1;
    if (memcmp(s, last_date, 10) != 0) {
        int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
        last_days = days_from_civil(y, mo, d);
        memcpy(last_date, s, 10);
    }
    int h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return -1;
    int64_t frac = 0;
    if (n > 19) {
        int nf = (int)n - 20;
        if (s[19] != '.' || nf < 1 || nf > 6 || (frac = digits(s + 20, nf)) < 0) return -1;
        for (int i = nf; i < 6; i++) frac *= 10;
    }
    *out = ((last_days * 24 + h) * 60 + mi) * 60000000LL + sec * 1000000LL + frac;
    return 0;
}

/* ---- windows ----------------------------------------------------------- */

/* The open window starting at `start`, opened (from the spare ones if
 * any) if need be. spare_w has open_cap room: every window was once open. */
static Window *window_get(int64_t start)
{
    if (last_w && last_w->start == start) return last_w;
    for (size_t i = 0; i < n_open; i++)
        if (open_w[i]->start == start) return last_w = open_w[i];

    Window *w = n_spare ? spare_w[--n_spare] : check(calloc(1, sizeof(Window)));
    if (!w->slots) {
        w->mask = 2047;
        w->slots = check(calloc(w->mask + 1, sizeof *w->slots));
    }
    w->start = start;
    int64_t days = (start >= 0 ? start : start - 86399999999LL) / 86400000000LL;
    int64_t sod = (start - days * 86400000000LL) / 1000000, y;
    int mo, d;
    civil_from_days(days, &y, &mo, &d);
    w->label_len = snprintf(w->label, sizeof w->label, "%04lld-%02d-%02d %02d:%02d:%02d",
             (long long)y, mo, d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
    if (n_open == open_cap) {
        open_cap = open_cap ? 2 * open_cap : 8;
        open_w = xrealloc(open_w, open_cap * sizeof *open_w);
        spare_w = xrealloc(spare_w, open_cap * sizeof *spare_w);
    }
    open_w[n_open++] = w;
    if (start + WINDOW_US < next_close) next_close = start + WINDOW_US;
    return last_w = w;
}

static void grow_slots(Window *w)
{
    uint32_t mask = w->mask * 2 + 1;
    uint32_t *slots = check(calloc((size_t)mask + 1, sizeof *slots));
    for (uint32_t g = 0; g < w->n; g++) {
        uint32_t i = (uint32_t)w->groups[g].hash & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = g + 1;
    }
    free(w->slots);
    w->slots = slots;
    w->mask = mask;
}

/* Add one row to the group of `key` in window w. */
static void window_add(Window *w, const char *key, uint32_t len, int64_t value)
{
    uint64_t h = 0xcbf29ce484222325ULL;          /* FNV-1a */
    for (uint32_t i = 0; i < len; i++) h = (h ^ (unsigned char)key[i]) * 0x100000001b3ULL;
    h ^= h >> 29;
    uint32_t i = (uint32_t)h & w->mask;
    for (uint32_t s; (s = w->slots[i]); i = (i + 1) & w->mask) {
        Group *g = &w->groups[s - 1];
        if (g->hash == h && g->key_len == len && memcmp(w->keys + g->key_off, key, len) == 0) {
            g->count++;
            g->sum += value;
            return;
        }
    }
    if (w->n == w->groups_cap) {
        w->groups_cap = w->groups_cap ? 2 * w->groups_cap : 1024;
        w->groups = xrealloc(w->groups, w->groups_cap * sizeof *w->groups);
    }
    if (w->keys_len + len > w->keys_cap) {
        while (w->keys_len + len > w->keys_cap) w->keys_cap = w->keys_cap ? 2 * w->keys_cap : 8192;
        w->keys = xrealloc(w->keys, w->keys_cap);
    }
    memcpy(w->keys + w->keys_len, key, len);
    w->groups[w->n] = (Group){h, (uint32_t)w->keys_len, len, 1, value};
    w->keys_len += len;
    w->slots[i] = ++w->n;
    if (w->n * 2 > w->mask) grow_slots(w);    /* keep the load under 1/2 */
}

/* Print window w's groups, clear it and put it aside for reuse. */
static void window_emit(Window *w)
{
    for (uint32_t k = 0; k < w->n; k++) {
        const Group *g = &w->groups[k];
        if (out_len + g->key_len + 128 > sizeof out_buf) flush_out();
        char *p = out_buf + out_len;
        memcpy(p, w->label, (size_t)w->label_len);
        p += w->label_len;
        *p++ = ',';
        memcpy(p, w->keys + g->key_off, g->key_len);
        p += g->key_len;
        *p++ = ',';
        p = put_i64(p, g->count);
        *p++ = ',';
        p = put_i64(p, g->sum);
        *p++ = '\n';
        out_len = (size_t)(p - out_buf);
    }
    memset(w->slots, 0, ((size_t)w->mask + 1) * sizeof *w->slots);
    w->n = 0;
    w->keys_len = 0;
    if (last_w == w) last_w = NULL;
    spare_w[n_spare++] = w;
}

/* Emit the windows whose end is <= wm (all of them for INT64_MAX). */
static void close_windows(int64_t wm)
{
    size_t kept = 0;
    next_close = INT64_MAX;
    for (size_t i = 0; i < n_open; i++) {
        Window *w = open_w[i];
        if (w->start + WINDOW_US <= wm) {
            window_emit(w);
        } else {
            open_w[kept++] = w;
            if (w->start + WINDOW_US < next_close) next_close = w->start + WINDOW_US;
        }
    }
    n_open = kept;
}

/* ---- input ------------------------------------------------------------- */

static int64_t max_ts = INT64_MIN, watermark = INT64_MIN, late_rows;
static long long line_no;

static void bad_line(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "handwritten: line %lld: %s: %.*s\n", line_no, what, (int)(n > 80 ? 80 : n), s);
    exit(1);
}

static void process_line(const char *s, size_t n)
{
    line_no++;
    if (n && s[n - 1] == '\r') n--;
    if (n == 0) return;
    const char *end = s + n;
    const char *c1 = memchr(s, ',', n);
    const char *c2 = c1 ? memchr(c1 + 1, ',', (size_t)(end - c1 - 1)) : NULL;
    if (!c2) bad_line("expected ts,key,value", s, n);

    int64_t ts;
    if (parse_ts(s, (size_t)(c1 - s), &ts) != 0) bad_line("bad timestamp", s, n);
    const char *v = c2 + 1;
    int neg = v < end && *v == '-';
    v += neg;
    if (v == end || end - v > 18) bad_line("bad value (up to 18 digits)", s, n);
    int64_t value = 0;
    for (; v < end; v++) {
        unsigned d = (unsigned)(*v - '0');
        if (d > 9) bad_line("bad value", s, n);
        value = value * 10 + d;
    }
    if (neg) value = -value;

    int64_t start = ts - ((ts % WINDOW_US) + WINDOW_US) % WINDOW_US;
    if (start + WINDOW_US <= watermark) { late_rows++; return; }   /* closed */
    window_add(window_get(start), c1 + 1, (uint32_t)(c2 - c1 - 1), value);
    if (ts > max_ts) {
        max_ts = ts;
        watermark = ts - DELAY_US;
        if (watermark >= next_close) close_windows(watermark);
    }
}

int main(void)
{
    size_t cap = CHUNK, len = 0;      /* buf[0..len): unprocessed input */
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (len == cap) buf = xrealloc(buf, cap *= 2);    /* a very long line */
        ssize_t r = read(0, buf + len, cap - len);
        if (r < 0) { perror("handwritten: read"); return 1; }
        if (r == 0) break;
        const char *p = buf, *stop = buf + len + r, *nl;
        while ((nl = memchr(p, '\n', (size_t)(stop - p)))) {
            process_line(p, (size_t)(nl - p));
            p = nl + 1;
        }
        len = (size_t)(stop - p);       /* the split line: keep for the next read */
        memmove(buf, p, len);
    }
    if (len) process_line(buf, len);
    close_windows(INT64_MAX);
    flush_out();
    if (late_rows) fprintf(stderr, "handwritten: %lld late rows dropped\n", (long long)late_rows);
    free(buf);
    return fflush(stdout) == 0 ? 0 : 1;
}
