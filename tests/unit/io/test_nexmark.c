/* Unit tests: the nexmark connector — the same seed gives the same rows,
 * the 1 : 3 : 46 proportions, id ranges and hot ids, categories, event
 * time, schema and option errors, the events limit, the needed mask. */
#include <criterion/criterion.h>
#include <string.h>

#include "io_util.h"

#define BID_SCHEMA "auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT, " \
                   "dateTime TIMESTAMP, extra TEXT"
#define AUCTION_SCHEMA "id BIGINT, itemName TEXT, description TEXT, initialBid BIGINT, " \
                       "reserve BIGINT, dateTime TIMESTAMP, expires TIMESTAMP, seller BIGINT, " \
                       "category BIGINT, extra TEXT"
#define PERSON_SCHEMA "id BIGINT, name TEXT, emailAddress TEXT, creditCard TEXT, city TEXT, " \
                      "state TEXT, dateTime TIMESTAMP, extra TEXT"

/* 2015-07-15 00:00:00 UTC */
#define BASE_US 1436918400000000LL

static const char *schema_of(const char *table)
{
    return !strcmp(table, "bid") ? BID_SCHEMA : !strcmp(table, "auction") ? AUCTION_SCHEMA
                                                                          : PERSON_SCHEMA;
}

/* Open a stream of `table` with `events` events (NULL: unbounded) and
 * the given seed; more options may follow with io_opt before io_open. */
static void init_nx(IoTest *t, const char *table, const char *events, const char *seed)
{
    io_init(t, true, table, schema_of(table), "connector", "nexmark", "table", table, NULL);
    if (events) io_opt(t, "events", events);
    if (seed) io_opt(t, "seed", seed);
}

static void open_nx(IoTest *t, const char *table, const char *events, const char *seed)
{
    init_nx(t, table, events, seed);
    cr_assert_not_null(io_open(t, -1, true), "%s", t->d.message);
}

static int64_t i64(const IoTest *t, int col, uint32_t row)
{
    return VEC_I64(&t->batch->cols[col])[row];
}

static Str str(const IoTest *t, int col, uint32_t row)
{
    return VEC_STR(&t->batch->cols[col])[row];
}

Test(nexmark, same_seed_same_rows)
{
    const char *tables[] = {"bid", "auction", "person"};
    for (int k = 0; k < 3; k++) {
        IoTest a, b, c;
        open_nx(&a, tables[k], "20000", "7");
        open_nx(&b, tables[k], "20000", "7");
        open_nx(&c, tables[k], "20000", "8");
        cr_assert_gt(io_drain(&a, 1000), 0);
        cr_assert_gt(io_drain(&b, 333), 0);        /* other batch sizes, same rows */
        cr_assert_gt(io_drain(&c, 1000), 0);
        cr_assert_str_eq(sb_str(&a.rows), sb_str(&b.rows), "table %s", tables[k]);
        cr_assert_str_neq(sb_str(&a.rows), sb_str(&c.rows), "table %s", tables[k]);
        io_done(&a);
        io_done(&b);
        io_done(&c);
    }
}

Test(nexmark, proportions_and_the_events_limit)
{
    const char *tables[] = {"person", "auction", "bid"};
    const long want[] = {100, 300, 4600};
    for (int k = 0; k < 3; k++) {
        IoTest t;
        open_nx(&t, tables[k], "5000", NULL);
        cr_assert(input_bounded(t.in));
        cr_assert_eq(input_fd(t.in), -1);
        cr_assert_eq(io_drain(&t, 2048), want[k], "table %s", tables[k]);
        cr_assert_eq(input_offset(t.in).records, want[k]);
        bool eof = false;
        cr_assert_eq(io_next(&t, 2048, &eof), 0);
        cr_assert(eof);
        io_done(&t);
    }
    /* events 0..4: a person, three auctions, one bid */
    IoTest t;
    open_nx(&t, "bid", "5", NULL);
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert(eof);
    io_done(&t);
    open_nx(&t, "person", "0", NULL);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert(eof);
    io_done(&t);
}

Test(nexmark, unbounded_without_events)
{
    IoTest t;
    open_nx(&t, "bid", NULL, NULL);
    cr_assert_not(input_bounded(t.in));
    bool eof = false;
    /* a call for 2048 rows covers 44 whole epochs: 44 * 46 bids */
    for (int k = 0; k < 5; k++) cr_assert_eq(io_next(&t, 2048, &eof), 44 * 46);
    cr_assert_not(eof);
    io_done(&t);
}

Test(nexmark, person_and_auction_ids_count_from_1000)
{
    IoTest p, a;
    /* 2200 events: 44 epochs, what one call for 2048 rows covers */
    open_nx(&p, "person", "2200", NULL);
    bool eof = false;
    cr_assert_eq(io_next(&p, 2048, &eof), 44);
    cr_assert(eof);
    for (uint32_t r = 0; r < 44; r++) {
        cr_assert_eq(i64(&p, 0, r), 1000 + r);
        Str email = str(&p, 2, r), card = str(&p, 3, r), state = str(&p, 5, r);
        cr_assert_not_null(memchr(email.ptr, '@', email.len));
        cr_assert_eq(card.len, 19);
        cr_assert_eq(state.len, 2);
        cr_assert_gt(str(&p, 1, r).len, 0);
    }
    open_nx(&a, "auction", "2200", NULL);
    cr_assert_eq(io_next(&a, 2048, &eof), 132);
    bool seen[5] = {false};
    for (uint32_t r = 0; r < 132; r++) {
        cr_assert_eq(i64(&a, 0, r), 1000 + r);
        int64_t category = i64(&a, 8, r), seller = i64(&a, 7, r);
        cr_assert(category >= 10 && category <= 14, "category %lld", (long long)category);
        seen[category - 10] = true;
        /* event of auction r: epoch r / 3; people so far: epoch + 1 */
        int64_t people = r / 3 + 1;
        cr_assert(seller >= 1000 && seller < 1000 + people + 10, "seller %lld", (long long)seller);
        cr_assert_gt(i64(&a, 3, r), 0);                    /* initialBid */
        cr_assert_geq(i64(&a, 4, r), i64(&a, 3, r));       /* reserve */
        cr_assert_gt(i64(&a, 6, r), i64(&a, 5, r));        /* expires after dateTime */
        cr_assert_leq(str(&a, 1, r).len, 19);
    }
    for (int c = 0; c < 5; c++) cr_assert(seen[c], "category %d never seen", 10 + c);
    io_done(&p);
    io_done(&a);
}

Test(nexmark, bids_refer_to_recent_auctions_and_people)
{
    IoTest t;
    open_nx(&t, "bid", "50000", NULL);
    long k = 0, hot = 0, hot_channel = 0, total = 0;
    bool eof = false;
    while (!eof) {
        int n = io_next(&t, 2048, &eof);
        cr_assert_geq(n, 0);
        for (uint32_t r = 0; r < (uint32_t)n; r++, k++) {
            int64_t ev = k / 46 * 50 + 4 + k % 46;
            int64_t last_auction = ev / 50 * 3 + 2, last_person = ev / 50;
            int64_t auction = i64(&t, 0, r) - 1000, bidder = i64(&t, 1, r) - 1000;
            cr_assert(auction >= 0 && auction <= last_auction + 10, "auction %lld at event %lld",
                      (long long)auction, (long long)ev);
            cr_assert_geq(auction, last_auction < 100 ? 0 : last_auction - 100);
            cr_assert(bidder >= 0 && bidder <= last_person + 10 + 1);
            hot += auction == last_auction / 100 * 100;
            cr_assert_gt(i64(&t, 2, r), 0);
            cr_assert_leq(i64(&t, 2, r), 100000000);
            Str ch = str(&t, 3, r), url = str(&t, 4, r);
            cr_assert_gt(ch.len, 0);
            cr_assert(url.len > 24 && !memcmp(url.ptr, "https://www.nexmark.com/", 24));
            hot_channel += ch.len < 8 || memcmp(ch.ptr, "channel-", 8) != 0;
            cr_assert(str(&t, 6, r).len >= 54 && str(&t, 6, r).len < 82);
            total++;
        }
    }
    cr_assert_eq(total, 46000);
    /* hot auctions get about half the bids, hot channels about half */
    cr_assert(hot > total * 45 / 100 && hot < total * 60 / 100, "hot %ld of %ld", hot, total);
    cr_assert(hot_channel > total * 45 / 100 && hot_channel < total * 55 / 100);
    io_done(&t);
}

Test(nexmark, event_time_advances_at_events_per_second)
{
    IoTest p, b;
    init_nx(&p, "person", "1000", NULL);
    io_opt(&p, "events_per_second", "1000");
    io_opt(&p, "first_event_time", "2024-01-01 00:00:00");
    cr_assert_not_null(io_open(&p, -1, true), "%s", p.d.message);
    bool eof = false;
    cr_assert_eq(io_next(&p, 2048, &eof), 20);
    int64_t t0 = 1704067200LL * 1000000;
    for (uint32_t r = 0; r < 20; r++)                      /* person r is event 50 r */
        cr_assert_eq(i64(&p, 6, r), t0 + 50000LL * r);
    io_done(&p);

    /* default: 10000 events/s from 2015-07-15, milliseconds */
    open_nx(&b, "bid", "100000", NULL);
    int64_t prev = BASE_US, k = 0;
    eof = false;
    while (!eof) {
        int n = io_next(&b, 2048, &eof);
        for (uint32_t r = 0; r < (uint32_t)n; r++, k++) {
            int64_t ev = k / 46 * 50 + 4 + k % 46, ts = i64(&b, 5, r);
            cr_assert_eq(ts, BASE_US + ev / 10 * 1000);
            cr_assert_geq(ts, prev);
            prev = ts;
        }
    }
    cr_assert_eq(prev, BASE_US + 9999 * 1000);             /* event 99999 */
    io_done(&b);
}

Test(nexmark, streams_of_one_seed_agree)
{
    /* a bid stream that reads only some columns sees the same values */
    IoTest all, some;
    open_nx(&all, "bid", "3000", "3");
    init_nx(&some, "bid", "3000", "3");
    some.needed[1] = some.needed[3] = some.needed[4] = some.needed[6] = false;
    cr_assert_not_null(io_open(&some, -1, true));
    bool e1 = false, e2 = false;
    int n = io_next(&all, 2048, &e1);
    cr_assert_eq(io_next(&some, 2048, &e2), n);
    for (uint32_t r = 0; r < (uint32_t)n; r++) {
        cr_assert_eq(i64(&all, 0, r), i64(&some, 0, r));
        cr_assert_eq(i64(&all, 2, r), i64(&some, 2, r));
        cr_assert_eq(i64(&all, 5, r), i64(&some, 5, r));
        for (int c = 0; c < 7; c++)
            if (!some.needed[c]) cr_assert(vec_is_null(&some.batch->cols[c], r), "col %d", c);
    }
    cr_assert(strstr(sb_str(&some.rows), "|NULL|"));
    io_done(&all);
    io_done(&some);
}

Test(nexmark, declared_columns_any_order_and_case)
{
    IoTest t;
    io_init(&t, true, "bid", "DATETIME TIMESTAMP, Price BIGINT", "connector", "nexmark",
            "events", "100", NULL);
    cr_assert_str_eq(io_validate(&t), "ok");
    cr_assert_not_null(io_open(&t, -1, true), "%s", t.d.message);
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 92);
    cr_assert_eq(i64(&t, 0, 0), BASE_US);
    cr_assert_gt(i64(&t, 1, 0), 0);
    io_done(&t);
}

#define CHECK(want, schema, ...)                                                     \
    do {                                                                             \
        IoTest t_;                                                                   \
        io_init(&t_, true, "s", schema, "connector", "nexmark", __VA_ARGS__, NULL);  \
        cr_assert_str_eq(io_validate(&t_), want);                                    \
        io_done(&t_);                                                                \
    } while (0)

Test(nexmark, schema_errors)
{
    IoTest t;
    io_init(&t, true, "bid", "auction BIGINT, dateTime BIGINT", "connector", "nexmark", NULL);
    cr_assert_str_eq(io_validate(&t),
                     "column dateTime of stream bid is BIGINT, but nexmark's bid.dateTime is "
                     "TIMESTAMP");
    cr_assert_str_eq(t.d.hint, "nexmark table 'bid' has the columns (auction BIGINT, bidder "
                     "BIGINT, price BIGINT, channel TEXT, url TEXT, dateTime TIMESTAMP, "
                     "extra TEXT)");
    io_done(&t);

    io_init(&t, true, "p", "id BIGINT, name TEXT", "connector", "nexmark", NULL);
    cr_assert_str_eq(io_validate(&t),
                     "column \"id\" of stream p is not a column of nexmark table 'bid'");
    cr_assert_str_eq(t.d.hint, "a person stream needs table = 'person'");
    io_done(&t);

    io_init(&t, true, "a", "id BIGINT, bogus TEXT", "connector", "nexmark", "table", "auction",
            NULL);
    cr_assert_str_eq(io_validate(&t),
                     "column \"bogus\" of stream a is not a column of nexmark table 'auction'");
    cr_assert_eq(t.d.span.off, 200);                      /* the table option */
    io_done(&t);

    CHECK("ok", PERSON_SCHEMA, "table", "Person");
    CHECK("ok", AUCTION_SCHEMA, "table", "auction");
    CHECK("invalid value \"bids\" for option \"table\": expected 'bid', 'auction' or 'person'",
          BID_SCHEMA, "table", "bids");
    CHECK("connector 'nexmark' generates its rows: format 'csv' does not apply",
          BID_SCHEMA, "format", "csv");
    CHECK("option \"header\" does not apply to connector 'nexmark'", BID_SCHEMA,
          "header", "true");
    CHECK("invalid value \"0\" for option \"events_per_second\": expected a positive integer "
          "(at most 1000000000)", BID_SCHEMA, "events_per_second", "0");
    CHECK("invalid value \"-1\" for option \"events\": expected a non-negative integer",
          BID_SCHEMA, "events", "-1");
    CHECK("invalid value \"x\" for option \"seed\": expected a non-negative integer",
          BID_SCHEMA, "seed", "x");
    CHECK("invalid value \"soon\" for option \"first_event_time\": expected a timestamp such "
          "as '2015-07-15 00:00:00'", BID_SCHEMA, "first_event_time", "soon");
    CHECK("ok", BID_SCHEMA, "rows_per_second", "1000", "seed", "42");

    io_init(&t, false, "bids", BID_SCHEMA, "connector", "nexmark", NULL);
    cr_assert_str_eq(io_validate(&t), "connector 'nexmark' never ends: a TABLE needs events");
    io_done(&t);
    io_init(&t, false, "bids", BID_SCHEMA, "connector", "nexmark", "events", "10", NULL);
    cr_assert_str_eq(io_validate(&t), "ok");
    io_done(&t);
}

Test(nexmark, rows_per_second_paces_the_events)
{
    IoTest t;
    init_nx(&t, "person", "200", NULL);
    io_opt(&t, "rows_per_second", "1000");                /* 200 events: 0.2 s */
    long t0 = io_ms();
    cr_assert_not_null(io_open(&t, -1, true));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);             /* event 0 at once */
    cr_assert_not(eof);
    cr_assert_eq(io_wait_rows(&t, 3, 5000, &eof), 3);
    cr_assert(eof);
    cr_assert_geq(io_ms() - t0, 150);
    io_done(&t);
}

/* The last dateTime of the current chunk (column c), or 0 when empty. */
static int64_t last_time(const IoTest *t, int c)
{
    uint32_t n = t->batch->n_rows;
    return n ? i64(t, c, n - 1) : 0;
}

Test(nexmark, streams_advance_in_lockstep)
{
    /* Read in turn as the executor does, a chunk of up to 2048 rows from
     * each: every round leaves the three streams at the same event. */
    const char *tables[] = {"person", "auction", "bid"};
    const int time_col[] = {6, 5, 5};
    IoTest t[3];
    for (int k = 0; k < 3; k++) open_nx(&t[k], tables[k], NULL, NULL);
    for (int round = 0; round < 50; round++) {
        int64_t last[3];
        for (int k = 0; k < 3; k++) {
            bool eof = false;
            cr_assert_gt(io_next(&t[k], 2048, &eof), 0);
            last[k] = last_time(&t[k], time_col[k]);
        }
        /* 44 epochs a round: 0.22 s of event time; the last person is
         * event 50 e, the last bid 50 e + 49: within 5 ms of the end */
        int64_t end_us = BASE_US + (int64_t)(round + 1) * 220000;
        for (int k = 0; k < 3; k++) {
            cr_assert(last[k] >= end_us - 5000 && last[k] < end_us,
                      "round %d: %s at %lld, want just below %lld", round, tables[k],
                      (long long)last[k], (long long)end_us);
        }
    }
    for (int k = 0; k < 3; k++) io_done(&t[k]);
}

Test(nexmark, max_batch_rows_counts_generator_events)
{
    /* max_batch_rows = 1000: every micro-batch of every stream covers the
     * same 1000 events (20 persons, 60 auctions, 920 bids); the connector
     * ends the batch itself, so the executor gets no row limit. */
    const char *tables[] = {"person", "auction", "bid"};
    const int time_col[] = {6, 5, 5};
    const long per_batch[] = {20, 60, 920};
    for (int k = 0; k < 3; k++) {
        IoTest t;
        init_nx(&t, tables[k], "5000", NULL);
        io_opt(&t, "max_batch_rows", "1000");
        cr_assert_not_null(io_open(&t, -1, true), "%s", t.d.message);
        cr_assert_eq(input_max_batch_rows(t.in, true), 0);
        bool eof = false;
        for (int batch = 0; batch < 5; batch++) {
            input_begin_batch(t.in);
            long rows = 0;
            int64_t last = 0;
            int n;
            while ((n = io_next(&t, 2048, &eof)) > 0) {
                rows += n;
                last = last_time(&t, time_col[k]);
            }
            cr_assert_eq(rows, per_batch[k], "%s batch %d", tables[k], batch);
            /* events up to 1000 (batch + 1) - 1: 0.1 s a batch, minus at
             * most 5 ms (the last person is 49 events before the end) */
            int64_t end_us = BASE_US + (int64_t)(batch + 1) * 100000;
            cr_assert(last >= end_us - 5000 && last < end_us, "%s batch %d: %lld", tables[k],
                      batch, (long long)last);
        }
        cr_assert(eof);
        io_done(&t);
    }
    /* a TABLE is read whole: the limit does not cut it */
    IoTest t;
    io_init(&t, false, "bid", BID_SCHEMA, "connector", "nexmark", "events", "5000",
            "max_batch_rows", "1000", NULL);
    cr_assert_not_null(io_open(&t, -1, true), "%s", t.d.message);
    input_begin_batch(t.in);
    cr_assert_eq(io_drain(&t, 2048), 4600);
    io_done(&t);
}
