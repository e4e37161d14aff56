/* conn_nexmark — the configuration of the 'nexmark' connector.
 *
 * Decoded from the WITH (...) options by options.c into
 * InputConfig.nexmark; the generator is conn_nexmark.c. Not a public
 * header: only engine/io and its unit tests include it. */
#ifndef SLUICE_CONN_NEXMARK_H
#define SLUICE_CONN_NEXMARK_H

#include <stdint.h>

/* Which event type a stream exposes (option `table`). */
typedef enum NexmarkTable {
    NEXMARK_PERSON,
    NEXMARK_AUCTION,
    NEXMARK_BID,
} NexmarkTable;

typedef struct NexmarkConfig {
    NexmarkTable table;          /* default NEXMARK_BID */
    int64_t events;              /* events of all three types; -1 = no end */
    int64_t events_per_second;   /* event-time progression; default 10000 */
    int64_t rows_per_second;     /* wall-clock pacing, in generator events
                                    (all types) per second; 0 = unpaced */
    int64_t first_event_us;      /* dateTime of event 0 */
    uint64_t seed;               /* default 0 */
} NexmarkConfig;

/* '2015-07-15 00:00:00' UTC, Beam's base time, in microseconds. */
#define NEXMARK_BASE_TIME_US INT64_C(1436918400000000)

#define NEXMARK_CONFIG_DEFAULT                                              \
    ((NexmarkConfig){.table = NEXMARK_BID, .events = -1,                    \
                     .events_per_second = 10000, .rows_per_second = 0,      \
                     .first_event_us = NEXMARK_BASE_TIME_US, .seed = 0})

#endif
