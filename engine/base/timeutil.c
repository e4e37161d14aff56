/* timeutil — parsing and printing of timestamps and intervals (see
 * timeutil.h). Civil-date conversion uses the era/day-of-era method. */
#include "timeutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Read exactly n digits at *p. */
static bool digits(const char **p, const char *end, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || !isdigit((unsigned char)**p)) return false;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *out = v;
    return true;
}

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

TimeParse time_parse_timestamp_checked(const char *s, size_t len, int64_t *out_us)
{
    const char *p = s, *end = s + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    while (end > p && isspace((unsigned char)end[-1])) end--;
    int mo, d, h = 0, mi = 0, sec = 0;
    int64_t y = 0, frac = 0;
    bool neg_year = false;
    if (p < end && *p == '-') { neg_year = true; p++; }
    const char *ys = p;
    while (p < end && isdigit((unsigned char)*p)) p++;
    if (p - ys < 4 || p - ys > 6) return TIME_PARSE_BAD;
    for (const char *q = ys; q < p; q++) y = y * 10 + (*q - '0');   /* at most 999999 */
    if (neg_year) y = -y;
    if (p >= end || *p != '-') return TIME_PARSE_BAD;
    p++;
    if (!digits(&p, end, 2, &mo) || p >= end || *p != '-') return TIME_PARSE_BAD;
    p++;
    if (!digits(&p, end, 2, &d)) return TIME_PARSE_BAD;
    if (p < end && (*p == ' ' || *p == 'T' || *p == 't')) {
        p++;
        if (!digits(&p, end, 2, &h) || p >= end || *p != ':') return TIME_PARSE_BAD;
        p++;
        if (!digits(&p, end, 2, &mi)) return TIME_PARSE_BAD;
        if (p < end && *p == ':') {
            p++;
            if (!digits(&p, end, 2, &sec)) return TIME_PARSE_BAD;
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                int nd = 0;
                while (p < end && isdigit((unsigned char)*p)) {
                    if (nd < 6) { frac = frac * 10 + (*p - '0'); nd++; }
                    p++;
                }
                if (nd == 0) return TIME_PARSE_BAD;
                for (; nd < 6; nd++) frac *= 10;
            }
        }
    }
    int64_t offset_s = 0;
    if (p < end && (*p == 'Z' || *p == 'z')) {
        p++;
    } else if (p < end && (*p == '+' || *p == '-') && h + mi + sec + frac >= 0) {
        int sign = *p == '-' ? -1 : 1, oh, om = 0;
        p++;
        if (!digits(&p, end, 2, &oh)) return TIME_PARSE_BAD;
        if (p < end && *p == ':') p++;
        if (p < end && !digits(&p, end, 2, &om)) return TIME_PARSE_BAD;
        offset_s = sign * (oh * 3600 + om * 60);
    }
    if (p != end) return TIME_PARSE_BAD;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1) return TIME_PARSE_BAD;
    if (d > mdays[mo - 1] + (mo == 2 && leap(y))) return TIME_PARSE_BAD;
    if (h > 23 || mi > 59 || sec > 60) return TIME_PARSE_BAD;
    /* A well-formed date outside the range: said apart from junk. Years
     * 0000 and 10000 still go through the arithmetic (no overflow there),
     * since an offset can bring them back in range. */
    if (y < 0 || y > 10000) return TIME_PARSE_RANGE;
    int64_t days = time_days_from_civil(y, (unsigned)mo, (unsigned)d);
    int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_s;
    int64_t us = secs * US_PER_SEC + frac;
    if (us < TIME_MIN_US || us > TIME_MAX_US) return TIME_PARSE_RANGE;
    *out_us = us;
    return TIME_PARSE_OK;
}

bool time_parse_timestamp(const char *s, size_t len, int64_t *out_us)
{
    return time_parse_timestamp_checked(s, len, out_us) == TIME_PARSE_OK;
}

int time_format_timestamp_buf(int64_t us, char *buf)
{
    int64_t secs = time_floor_div(us, US_PER_SEC);
    int64_t frac = us - secs * US_PER_SEC;
    int64_t days = time_floor_div(secs, 86400);
    int64_t rem = secs - days * 86400;
    int64_t y;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    int n = snprintf(buf, 32, "%04lld-%02u-%02u %02d:%02d:%02d", (long long)y, m, d,
                     (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    if (frac) n += snprintf(buf + n, 32 - (size_t)n, ".%06lld", (long long)frac);
    return n;
}

void time_format_timestamp(int64_t us, StrBuf *out)
{
    char buf[48];
    int n = time_format_timestamp_buf(us, buf);
    sb_append(out, buf, (size_t)n);
}

static const struct { const char *name; int64_t us; } units[] = {
    {"microsecond", 1}, {"microseconds", 1}, {"us", 1},
    {"millisecond", 1000}, {"milliseconds", 1000}, {"ms", 1000},
    {"second", US_PER_SEC}, {"seconds", US_PER_SEC}, {"sec", US_PER_SEC},
    {"secs", US_PER_SEC}, {"s", US_PER_SEC},
    {"minute", US_PER_MIN}, {"minutes", US_PER_MIN}, {"min", US_PER_MIN},
    {"mins", US_PER_MIN}, {"m", US_PER_MIN},
    {"hour", US_PER_HOUR}, {"hours", US_PER_HOUR}, {"h", US_PER_HOUR},
    {"hr", US_PER_HOUR}, {"hrs", US_PER_HOUR},
    {"day", US_PER_DAY}, {"days", US_PER_DAY}, {"d", US_PER_DAY},
    {"week", 7 * US_PER_DAY}, {"weeks", 7 * US_PER_DAY}, {"w", 7 * US_PER_DAY},
};

static bool unit_us(const char *name, size_t len, int64_t *out)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strlen(units[i].name) == len && strncasecmp(name, units[i].name, len) == 0) {
            *out = units[i].us;
            return true;
        }
    }
    return false;
}

bool time_parse_interval(const char *s, const char *unit, int64_t *out_us)
{
    const char *p = s;
    double total = 0;
    int terms = 0;
    while (isspace((unsigned char)*p)) p++;
    if (strncasecmp(p, "interval", 8) == 0 && isspace((unsigned char)p[8])) p += 8;
    while (*p) {
        while (isspace((unsigned char)*p)) p++;
        if (!*p) break;
        char *num_end;
        double v = strtod(p, &num_end);
        if (num_end == p || !isfinite(v)) return false;
        p = num_end;
        while (isspace((unsigned char)*p)) p++;
        const char *us = p;
        while (isalpha((unsigned char)*p)) p++;
        int64_t mult;
        if (p == us) {
            if (!unit || terms > 0) return false;
            if (!unit_us(unit, strlen(unit), &mult)) return false;
        } else if (!unit_us(us, (size_t)(p - us), &mult)) {
            return false;
        }
        total += v * (double)mult;
        terms++;
        while (isspace((unsigned char)*p) || *p == ',') p++;
    }
    if (terms == 0) return false;
    if (total > 9.2e18 || total < -9.2e18) return false;
    *out_us = (int64_t)(total < 0 ? total - 0.5 : total + 0.5);
    return true;
}

void time_format_interval(int64_t us, StrBuf *out)
{
    if (us == 0) { sb_puts(out, "0 seconds"); return; }
    if (us < 0) { sb_putc(out, '-'); us = -us; }
    static const struct { int64_t us; const char *one, *many; } parts[] = {
        {US_PER_DAY, "day", "days"}, {US_PER_HOUR, "hour", "hours"},
        {US_PER_MIN, "minute", "minutes"}, {US_PER_SEC, "second", "seconds"},
        {1000, "millisecond", "milliseconds"}, {1, "microsecond", "microseconds"},
    };
    bool first = true;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int64_t n = us / parts[i].us;
        if (!n) continue;
        us -= n * parts[i].us;
        sb_printf(out, "%s%lld %s", first ? "" : " ", (long long)n,
                  n == 1 ? parts[i].one : parts[i].many);
        first = false;
    }
}
