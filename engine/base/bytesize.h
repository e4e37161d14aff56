/* bytesize — amounts of memory as people write them, and the machine's.
 *
 * Parses "16MB", "1.5 GiB", "512kb", "100000" (bytes) and, where allowed,
 * "50%" (of the memory this process may use), as DuckDB's memory_limit
 * does: KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB powers of 1024,
 * units are case-insensitive and may follow a space. Formats byte counts
 * for messages ("812 bytes", "4.0 MiB"). No state. */
#ifndef SLUICE_BYTESIZE_H
#define SLUICE_BYTESIZE_H

#include <stdbool.h>
#include <stdint.h>

/* Parse s into *out (bytes, >= 0). A percentage is allowed when
 * percent_of > 0 and taken of it. False when s is not such an amount. */
bool bytesize_parse(const char *s, int64_t percent_of, int64_t *out);

/* n as text in buf: below 1 KiB in bytes ("812 bytes"), else in the
 * largest binary unit it reaches with one decimal ("1.5 GiB"), or none
 * when it is whole ("4 MiB"). Returns buf. */
char *bytesize_format(int64_t n, char buf[32]);

/* The memory this process may use: physical RAM, or the cgroup's limit
 * (memory.max) when lower. 0 if neither can be found. */
int64_t bytesize_available_memory(void);

#endif
