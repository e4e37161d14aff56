/* timeutil — timestamps and intervals as microseconds, parsed and printed.
 *
 * Timestamps are microseconds since 1970-01-01 00:00:00 UTC (negative
 * before). Intervals are microseconds; months and years are not accepted
 * because they have no fixed length. No time zones other than UTC: an
 * explicit offset in the input (Z, +02:00) is converted to UTC. */
#ifndef SLUICE_TIMEUTIL_H
#define SLUICE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define US_PER_SEC  INT64_C(1000000)
#define US_PER_MIN  (60 * US_PER_SEC)
#define US_PER_HOUR (60 * US_PER_MIN)
#define US_PER_DAY  (24 * US_PER_HOUR)

/* The supported range of TIMESTAMP values read from text or numbers:
 * 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC (Spark's
 * documented TimestampType range; every value in it prints with a
 * four-digit year). */
#define TIME_MIN_US (INT64_C(-62135596800) * US_PER_SEC)
#define TIME_MAX_US (INT64_C(253402300800) * US_PER_SEC - 1)

static inline bool time_in_range(int64_t us) { return us >= TIME_MIN_US && us <= TIME_MAX_US; }

typedef enum TimeParse {
    TIME_PARSE_OK,
    TIME_PARSE_BAD,          /* not a timestamp, or a field out of range */
    TIME_PARSE_RANGE,        /* a valid date and time, but outside TIME_MIN_US..TIME_MAX_US */
} TimeParse;

/* Parse "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.f..]]", with 'T' instead of the
 * space, an optional trailing "Z" or "+HH:MM"/"-HH:MM" offset. Surrounding
 * blanks are ignored. The year has 4 to 6 digits (a leading '-' is read),
 * but the result (in UTC) must lie in the supported range above. Sets
 * *out_us only on TIME_PARSE_OK. Never overflows, whatever the text. */
TimeParse time_parse_timestamp_checked(const char *s, size_t len, int64_t *out_us);
/* The same, true only for TIME_PARSE_OK. */
bool time_parse_timestamp(const char *s, size_t len, int64_t *out_us);

/* Append "YYYY-MM-DD HH:MM:SS" and ".ffffff" only when there is a
 * fraction. */
void time_format_timestamp(int64_t us, StrBuf *out);
/* Same, into buf (at least 32 bytes); returns the length. */
int time_format_timestamp_buf(int64_t us, char *buf);

/* Parse an interval: "10 seconds", "1 hour 30 minutes", "1.5 s", "-5 min",
 * or a bare number when unit (e.g. "SECOND", "minutes") is given, as in
 * INTERVAL '10' SECOND. Units: microsecond(s)/us, millisecond(s)/ms,
 * second(s)/sec/s, minute(s)/min/m, hour(s)/h, day(s)/d, week(s)/w;
 * case-insensitive. false on anything else (months, years, junk). */
bool time_parse_interval(const char *s, const char *unit, int64_t *out_us);

/* Append an interval readably: "10 seconds", "1 hour 30 minutes",
 * "-2 days", "0.5 seconds" -> "500 milliseconds". */
void time_format_interval(int64_t us, StrBuf *out);

/* Days since the epoch <-> civil date (proleptic Gregorian). */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);
void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Floor division and modulo that round towards minus infinity, for
 * aligning negative timestamps to windows. */
static inline int64_t time_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
static inline int64_t time_floor_mod(int64_t a, int64_t b)
{
    return a - time_floor_div(a, b) * b;
}

#endif
