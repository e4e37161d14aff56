/* conn_nexmark — the 'nexmark' connector: the Nexmark benchmark's Person,
 * Auction and Bid events, generated straight into column vectors.
 *
 * Semantics follow the public Apache Beam / Flink Nexmark generator:
 *   - event n (from 0) is a person when n % 50 == 0, an auction when
 *     n % 50 is 1..3, a bid otherwise (proportions 1 : 3 : 46);
 *   - person and auction ids count from 1000 in generation order; a bid
 *     goes to a hot auction (the first of the last block of 100) with
 *     probability 1/2, else to one of the last 100 auctions (+10 ahead);
 *     its bidder is a hot bidder (first of the last 100 people, + 1) with
 *     probability 3/4, else one of the last 1000 people (+10 ahead);
 *     an auction's seller is hot (first of the last 100 people) with
 *     probability 3/4; categories 10..14;
 *   - prices round(100 * 10^(6u)) cents; auction expiry = dateTime + a
 *     random length averaging the time it takes to generate 100 more
 *     auctions; channels: 'Google', 'Facebook', 'Baidu', 'Apple' with
 *     probability 1/2 (hot), else 'channel-N' for N < 10000, each with
 *     its own url (nine in ten with "&channel_id=<bit-reversed N>");
 *   - extra pads each event to the Beam average size (bid 100 bytes,
 *     auction 500, person 200) with random letters +-20%;
 *   - dateTime of event n = first_event_time + n / events_per_second
 *     seconds, truncated to the millisecond as in Flink (TIMESTAMP(3)).
 *
 * Unlike Beam (one java.util.Random for the whole sequence), every event
 * draws from its own random stream seeded by (seed, n), as nexmark-rs
 * does: a stream that exposes only bids skips persons and auctions
 * without generating them, and the three streams of one seed agree on
 * every id. Random text (names, descriptions, email parts, extra) is a
 * slice of a per-input pool of random letters (and spaces, 1 in 13, for
 * names and descriptions) at a random offset — no per-row text is made
 * except emailAddress and creditCard. TEXT values point into the pool
 * and stay valid until input_close.
 *
 * Lockstep: the streams of one generator are separate Inputs (each with
 * its own state; the executor reads them in turn, a chunk from each per
 * round), so they advance together by counting generator events, not
 * their own rows:
 *   - a chunk (one generate call for up to max_rows rows) covers the same
 *     whole epochs in every stream: max_rows / 46 epochs (44 for 2048
 *     rows: 2024 bids, 132 auctions or 44 persons), so every round of
 *     chunks leaves all streams at the same event;
 *   - max_batch_rows counts generator events (all types): the connector
 *     ends a STREAM's micro-batch itself (begin_batch; the executor gets
 *     no row limit), so streams with the same max_batch_rows read events
 *     [k * N, (k + 1) * N) in batch k.
 * Hence in one micro-batch person, auction and bid reach the same event
 * time, and a join of auctions with bids keeps no auctions that the bids'
 * watermark is far from (without it an auction batch spans 15 times the
 * event time of a bid batch of the same row count).
 *
 * Only the columns in the needed mask are written; the random draws are
 * the same whatever is needed, so a column's values never depend on which
 * other columns a query reads. Options: see conn_nexmark.h and options.c.
 * The declared schema is any subset of the table's columns (Flink's DDL
 * names, any order, case-insensitive), checked by fmt_nexmark. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/base/mem.h"
#include "engine/base/timeutil.h"
#include "io_internal.h"

/* ---- the tables --------------------------------------------------- */

typedef struct NxField {
    const char *name;
    Type type;
} NxField;

enum { NX_MAX_FIELDS = 10 };

/* Field numbers; each table's fields in Flink's DDL order. */
enum { B_AUCTION, B_BIDDER, B_PRICE, B_CHANNEL, B_URL, B_DATETIME, B_EXTRA };
enum { A_ID, A_ITEMNAME, A_DESCRIPTION, A_INITIALBID, A_RESERVE, A_DATETIME, A_EXPIRES,
       A_SELLER, A_CATEGORY, A_EXTRA };
enum { P_ID, P_NAME, P_EMAIL, P_CREDITCARD, P_CITY, P_STATE, P_DATETIME, P_EXTRA };

static const NxField bid_fields[] = {
    {"auction", TYPE_INT64}, {"bidder", TYPE_INT64}, {"price", TYPE_INT64},
    {"channel", TYPE_TEXT}, {"url", TYPE_TEXT}, {"dateTime", TYPE_TIMESTAMP},
    {"extra", TYPE_TEXT}, {NULL, TYPE_NULL},
};
static const NxField auction_fields[] = {
    {"id", TYPE_INT64}, {"itemName", TYPE_TEXT}, {"description", TYPE_TEXT},
    {"initialBid", TYPE_INT64}, {"reserve", TYPE_INT64}, {"dateTime", TYPE_TIMESTAMP},
    {"expires", TYPE_TIMESTAMP}, {"seller", TYPE_INT64}, {"category", TYPE_INT64},
    {"extra", TYPE_TEXT}, {NULL, TYPE_NULL},
};
static const NxField person_fields[] = {
    {"id", TYPE_INT64}, {"name", TYPE_TEXT}, {"emailAddress", TYPE_TEXT},
    {"creditCard", TYPE_TEXT}, {"city", TYPE_TEXT}, {"state", TYPE_TEXT},
    {"dateTime", TYPE_TIMESTAMP}, {"extra", TYPE_TEXT}, {NULL, TYPE_NULL},
};

static const char *const table_names[] = {"person", "auction", "bid"};
static const NxField *const table_fields[] = {person_fields, auction_fields, bid_fields};

/* Slots of each table in an epoch of 50 events: [lo, lo + count). */
enum { NX_EPOCH = 50, NX_PERSONS = 1, NX_AUCTIONS = 3 };
static const int slot_lo[] = {0, NX_PERSONS, NX_PERSONS + NX_AUCTIONS};
static const int slot_count[] = {NX_PERSONS, NX_AUCTIONS, NX_EPOCH - NX_PERSONS - NX_AUCTIONS};

/* Beam's generator constants. */
enum {
    FIRST_ID = 1000, FIRST_CATEGORY = 10, NUM_CATEGORIES = 5,
    IN_FLIGHT_AUCTIONS = 100, ACTIVE_PEOPLE = 1000, ID_LEAD = 10,
    HOT_BLOCK = 100,                     /* hot ids: first of each block of 100 */
    HOT_AUCTION_RATIO = 2, HOT_BIDDER_RATIO = 4, HOT_SELLER_RATIO = 4,
    HOT_CHANNEL_RATIO = 2, N_CHANNELS = 10000, N_HOT_CHANNELS = 4,
    AVG_PERSON = 200, AVG_AUCTION = 500, AVG_BID = 100,
};

static const char *const hot_channels[N_HOT_CHANNELS] = {"Google", "Facebook", "Baidu", "Apple"};
static const char *const first_names[] = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky",
                                          "Kate", "Julie", "Sarah", "Deiter", "Walter"};
static const char *const last_names[] = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
                                         "Walton", "Smith", "Jones", "Noris"};
static const char *const cities[] = {"Phoenix", "Los Angeles", "San Francisco", "Boise",
                                     "Portland", "Bend", "Redmond", "Seattle", "Kent",
                                     "Cheyenne"};
static const char *const states[] = {"AZ", "CA", "ID", "OR", "WA", "WY"};
#define N_OF(a) ((uint32_t)(sizeof a / sizeof *a))

/* ---- random numbers ------------------------------------------------ */

/* splitmix64: a stream per event, seeded by a hash of (seed, n). */
static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

typedef struct Rng {
    uint64_t s;
} Rng;

static inline uint64_t rng_next(Rng *r)
{
    return mix64(r->s += UINT64_C(0x9e3779b97f4a7c15));
}

/* Uniform in [0, n), n < 2^32 (multiply-shift; bias below 2^-32 * n). */
static inline uint32_t rng_below(Rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* ---- the generator state ------------------------------------------- */

enum { POOL = 1 << 16, POOL_PAD = 1024 };   /* pad: the longest slice */

typedef struct NxState {
    NexmarkConfig cfg;
    int lo, count;                /* this table's slots per epoch */
    int64_t next_row;             /* index of the next row of this table */
    int64_t end_row;              /* rows within the events limit, or INT64_MAX */
    int64_t epoch, slot;          /* event of next_row: epoch * 50 + lo + slot */
    int64_t next_event;           /* generator events covered so far (all types) */
    int64_t end_event;            /* the events limit, or INT64_MAX */
    int64_t batch_events;         /* max_batch_rows of a STREAM, in events; 0 = none */
    int64_t batch_end;            /* the current micro-batch ends at this event */
    int64_t open_ms;
    uint64_t key;                 /* hash of the seed */
    int col_of[NX_MAX_FIELDS];    /* the needed column of each field, or -1 */
    char *letters;                /* POOL + POOL_PAD random a..z */
    char *words;                  /* the same with 1 in 13 spaces */
    Str channel[N_HOT_CHANNELS + N_CHANNELS], url[N_HOT_CHANNELS + N_CHANNELS];
    char *channel_text;
    Str names[N_OF(first_names) * N_OF(last_names)];
    char *name_text;
} NxState;

/* Timestamp of event n, in microseconds (milliseconds resolution). */
static inline int64_t event_time(const NxState *st, int64_t n)
{
    int64_t eps = st->cfg.events_per_second;
    int64_t ms = n / eps * 1000 + n % eps * 1000 / eps;
    return st->cfg.first_event_us + ms * 1000;
}

/* Rows of this table among events [0, e). */
static int64_t rows_before(const NxState *st, int64_t e)
{
    int64_t in_epoch = e % NX_EPOCH - st->lo;
    if (in_epoch < 0) in_epoch = 0;
    if (in_epoch > st->count) in_epoch = st->count;
    return e / NX_EPOCH * st->count + in_epoch;
}

/* Beam's lastBase0PersonId / lastBase0AuctionId for event n. */
static inline int64_t last_person(int64_t n)
{
    return n / NX_EPOCH * NX_PERSONS;     /* one person per epoch, at slot 0 */
}

static inline int64_t last_auction(int64_t n)
{
    int64_t epoch = n / NX_EPOCH, off = n % NX_EPOCH;
    if (off < NX_PERSONS) return epoch * NX_AUCTIONS - 1;     /* previous epoch's last */
    if (off >= NX_PERSONS + NX_AUCTIONS) return epoch * NX_AUCTIONS + NX_AUCTIONS - 1;
    return epoch * NX_AUCTIONS + off - NX_PERSONS;
}

/* Beam's nextBase0PersonId / nextBase0AuctionId: a recent id. */
static inline int64_t some_person(Rng *r, int64_t n)
{
    int64_t people = last_person(n) + 1;
    int64_t active = people < ACTIVE_PEOPLE ? people : ACTIVE_PEOPLE;
    return people - active + rng_below(r, (uint32_t)(active + ID_LEAD));
}

static inline int64_t some_auction(Rng *r, int64_t n)
{
    int64_t max = last_auction(n);
    int64_t min = max > IN_FLIGHT_AUCTIONS ? max - IN_FLIGHT_AUCTIONS : 0;
    return min + rng_below(r, (uint32_t)(max - min + 1 + ID_LEAD));
}

static inline int64_t price(Rng *r)
{
    double u = (double)(rng_next(r) >> 11) * 0x1p-53;
    return llround(exp(u * 6.0 * M_LN10) * 100.0);
}

/* A random offset into a pool; the caller takes at most POOL_PAD bytes. */
static inline const char *slice(Rng *r, const char *pool)
{
    return pool + rng_below(r, POOL);
}

/* Beam's nextString(max): 3 .. max-1 letters and spaces, trimmed. */
static inline Str words(Rng *r, const NxState *st, uint32_t max)
{
    uint32_t len = 3 + rng_below(r, max - 3);
    const char *p = slice(r, st->words);
    while (len && *p == ' ') { p++; len--; }
    while (len && p[len - 1] == ' ') len--;
    return (Str){p, len};
}

/* Beam's nextExtra: letters so that the event averages `avg` bytes. */
static inline Str extra(Rng *r, const NxState *st, int64_t size, int64_t avg)
{
    if (size > avg) return (Str){st->letters, 0};
    int64_t want = avg - size, delta = (want * 2 + 5) / 10;   /* round(want * 0.2) */
    uint32_t len = (uint32_t)(want - delta + (delta ? rng_below(r, (uint32_t)(2 * delta)) : 0));
    return (Str){slice(r, st->letters), len};
}

/* ---- rows ---------------------------------------------------------- */

/* Column vectors of the needed fields of the current batch (NULL: not
 * needed). */
typedef struct NxOut {
    int64_t *i[NX_MAX_FIELDS];
    Str *s[NX_MAX_FIELDS];
    Arena *arena;
} NxOut;

static inline void put_i(const NxOut *o, int f, uint32_t row, int64_t v)
{
    if (o->i[f]) o->i[f][row] = v;
}

static inline void put_s(const NxOut *o, int f, uint32_t row, Str v)
{
    if (o->s[f]) o->s[f][row] = v;
}

static void gen_bid(const NxState *st, Rng *r, int64_t n, const NxOut *o, uint32_t row)
{
    int64_t auction = rng_below(r, HOT_AUCTION_RATIO) > 0
                          ? last_auction(n) / HOT_BLOCK * HOT_BLOCK
                          : some_auction(r, n);
    int64_t bidder = rng_below(r, HOT_BIDDER_RATIO) > 0
                         ? last_person(n) / HOT_BLOCK * HOT_BLOCK + 1
                         : some_person(r, n);
    put_i(o, B_AUCTION, row, auction + FIRST_ID);
    put_i(o, B_BIDDER, row, bidder + FIRST_ID);
    if (o->i[B_PRICE]) o->i[B_PRICE][row] = price(r);
    else rng_next(r);
    uint32_t ch = rng_below(r, HOT_CHANNEL_RATIO) > 0 ? rng_below(r, N_HOT_CHANNELS)
                                                      : N_HOT_CHANNELS + rng_below(r, N_CHANNELS);
    put_s(o, B_CHANNEL, row, st->channel[ch]);
    put_s(o, B_URL, row, st->url[ch]);
    put_i(o, B_DATETIME, row, event_time(st, n));
    put_s(o, B_EXTRA, row, extra(r, st, 8 + 8 + 8 + 8, AVG_BID));
}

static void gen_auction(const NxState *st, Rng *r, int64_t n, const NxOut *o, uint32_t row)
{
    int64_t seller = rng_below(r, HOT_SELLER_RATIO) > 0
                         ? last_person(n) / HOT_BLOCK * HOT_BLOCK
                         : some_person(r, n);
    int64_t category = FIRST_CATEGORY + rng_below(r, NUM_CATEGORIES);
    int64_t initial = price(r);
    int64_t ts = event_time(st, n);
    /* an average length: the time until IN_FLIGHT_AUCTIONS more auctions */
    int64_t ahead = event_time(st, n + IN_FLIGHT_AUCTIONS * NX_EPOCH / NX_AUCTIONS);
    int64_t horizon_ms = (ahead - ts) / 1000;
    /* at most 2 * 1666 s (events_per_second >= 1): fits rng_below */
    int64_t length_ms = 1 + rng_below(r, horizon_ms * 2 > 1 ? (uint32_t)(horizon_ms * 2) : 1);
    Str name = words(r, st, 20), desc = words(r, st, 100);
    int64_t reserve = initial + price(r);
    put_i(o, A_ID, row, last_auction(n) + FIRST_ID);
    put_s(o, A_ITEMNAME, row, name);
    put_s(o, A_DESCRIPTION, row, desc);
    put_i(o, A_INITIALBID, row, initial);
    put_i(o, A_RESERVE, row, reserve);
    put_i(o, A_DATETIME, row, ts);
    put_i(o, A_EXPIRES, row, ts + length_ms * 1000);
    put_i(o, A_SELLER, row, seller + FIRST_ID);
    put_i(o, A_CATEGORY, row, category);
    put_s(o, A_EXTRA, row, extra(r, st, 8 + name.len + desc.len + 40, AVG_AUCTION));
}

/* n digits of v, zero-padded. */
static char *put_digits(char *p, uint32_t v, int n)
{
    for (int k = n - 1; k >= 0; k--, v /= 10) p[k] = (char)('0' + v % 10);
    return p + n;
}

static void gen_person(const NxState *st, Rng *r, int64_t n, const NxOut *o, uint32_t row)
{
    uint32_t first = rng_below(r, N_OF(first_names)), last = rng_below(r, N_OF(last_names));
    Str name = st->names[first * N_OF(last_names) + last];
    uint32_t user_len = 3 + rng_below(r, 4), host_len = 3 + rng_below(r, 2);
    const char *user = slice(r, st->letters), *host = slice(r, st->letters);
    uint32_t card[4];
    for (int k = 0; k < 4; k++) card[k] = rng_below(r, 10000);
    const char *city = cities[rng_below(r, N_OF(cities))];
    const char *state = states[rng_below(r, N_OF(states))];
    uint32_t email_len = user_len + 1 + host_len + 4;
    int64_t size = 8 + (int64_t)(name.len + email_len + 19 + strlen(city) + strlen(state));
    Str pad = extra(r, st, size, AVG_PERSON);

    put_i(o, P_ID, row, last_person(n) + FIRST_ID);
    put_s(o, P_NAME, row, name);
    if (o->s[P_EMAIL]) {
        char *e = arena_alloc(o->arena, email_len), *p = e;
        memcpy(p, user, user_len);
        p += user_len;
        *p++ = '@';
        memcpy(p, host, host_len);
        memcpy(p + host_len, ".com", 4);
        o->s[P_EMAIL][row] = (Str){e, email_len};
    }
    if (o->s[P_CREDITCARD]) {
        char *c = arena_alloc(o->arena, 19), *p = c;
        for (int k = 0; k < 4; k++) {
            if (k) *p++ = ' ';
            p = put_digits(p, card[k], 4);
        }
        o->s[P_CREDITCARD][row] = (Str){c, 19};
    }
    put_s(o, P_CITY, row, (Str){city, (uint32_t)strlen(city)});
    put_s(o, P_STATE, row, (Str){state, 2});
    put_i(o, P_DATETIME, row, event_time(st, n));
    put_s(o, P_EXTRA, row, pad);
}

typedef void (*GenRow)(const NxState *, Rng *, int64_t, const NxOut *, uint32_t);
static const GenRow generators[] = {gen_person, gen_auction, gen_bid};

/* ---- open ---------------------------------------------------------- */

static void fill_pools(NxState *st)
{
    Rng r = {mix64(st->key ^ UINT64_C(0x706f6f6c))};
    st->letters = xmalloc(POOL + POOL_PAD);
    st->words = xmalloc(POOL + POOL_PAD);
    for (size_t i = 0; i < POOL + POOL_PAD; i++) {
        char c = (char)('a' + rng_below(&r, 26));
        st->letters[i] = c;
        st->words[i] = rng_below(&r, 13) == 0 ? ' ' : c;
    }
}

/* Beam's base url: three nextString(5) parts, '_' for the blanks. */
static void base_url(Rng *r, StrBuf *sb)
{
    sb_printf(sb, "https://www.nexmark.com");
    for (int part = 0; part < 3; part++) {
        sb_printf(sb, "/");
        uint32_t len = 3 + rng_below(r, 2);
        for (uint32_t k = 0; k < len; k++)
            sb_printf(sb, "%c", rng_below(r, 13) == 0 ? '_' : 'a' + (int)rng_below(r, 26));
    }
    sb_printf(sb, "/item.htm?query=1");
}

/* Integer.reverse, then the absolute value. */
static int64_t reversed_bits(uint32_t v)
{
    uint32_t out = 0;
    for (int k = 0; k < 32; k++, v >>= 1) out = (out << 1) | (v & 1);
    int64_t s = (int32_t)out;
    return s < 0 ? -s : s;
}

static void fill_channels(NxState *st)
{
    StrBuf sb = STRBUF_INIT;
    enum { N = N_HOT_CHANNELS + N_CHANNELS };
    size_t chan_off[N], url_off[N];
    for (uint32_t i = 0; i < N; i++) {
        Rng r = {mix64(st->key ^ (UINT64_C(0x6368616e) + i))};
        chan_off[i] = sb.len;
        if (i < N_HOT_CHANNELS) sb_printf(&sb, "%s", hot_channels[i]);
        else sb_printf(&sb, "channel-%u", i - N_HOT_CHANNELS);
        st->channel[i].len = (uint32_t)(sb.len - chan_off[i]);
        url_off[i] = sb.len;
        base_url(&r, &sb);
        if (i >= N_HOT_CHANNELS && rng_below(&r, 10) > 0)
            sb_printf(&sb, "&channel_id=%lld", (long long)reversed_bits(i - N_HOT_CHANNELS));
        st->url[i].len = (uint32_t)(sb.len - url_off[i]);
    }
    st->channel_text = sb_take(&sb);
    for (uint32_t i = 0; i < N; i++) {
        st->channel[i].ptr = st->channel_text + chan_off[i];
        st->url[i].ptr = st->channel_text + url_off[i];
    }
}

static void fill_names(NxState *st)
{
    StrBuf sb = STRBUF_INIT;
    size_t off[N_OF(first_names) * N_OF(last_names)];
    uint32_t k = 0;
    for (uint32_t f = 0; f < N_OF(first_names); f++)
        for (uint32_t l = 0; l < N_OF(last_names); l++, k++) {
            off[k] = sb.len;
            sb_printf(&sb, "%s %s", first_names[f], last_names[l]);
            st->names[k].len = (uint32_t)(sb.len - off[k]);
        }
    st->name_text = sb_take(&sb);
    for (k = 0; k < N_OF(first_names) * N_OF(last_names); k++)
        st->names[k].ptr = st->name_text + off[k];
}

/* The field of a declared column, or -1. */
static int field_of(NexmarkTable t, const char *name)
{
    for (int f = 0; table_fields[t][f].name; f++)
        if (strcasecmp(table_fields[t][f].name, name) == 0) return f;
    return -1;
}

static int nexmark_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)stdin_fd;
    (void)d;
    NxState *st = xcalloc(1, sizeof *st);
    st->cfg = in->cfg.nexmark;
    NexmarkTable t = st->cfg.table;
    st->lo = slot_lo[t];
    st->count = slot_count[t];
    st->end_event = st->cfg.events >= 0 ? st->cfg.events : INT64_MAX;
    st->end_row = rows_before(st, st->end_event);
    /* a TABLE is read whole (and never sees begin_batch) */
    st->batch_events = in->cfg.is_stream ? in->cfg.max_batch_rows : 0;
    st->batch_end = st->batch_events > 0 ? st->batch_events : INT64_MAX;
    st->key = mix64(st->cfg.seed ^ UINT64_C(0x6e65786d61726b));
    st->open_ms = conn_mono_ms();
    for (int f = 0; f < NX_MAX_FIELDS; f++) st->col_of[f] = -1;
    for (int i = 0; i < in->n_cols; i++) {
        int f = field_of(t, in->names[i]);   /* fmt_nexmark checked the schema */
        if (f >= 0 && in->needed[i]) st->col_of[f] = i;
    }
    fill_pools(st);
    if (t == NEXMARK_BID && (st->col_of[B_CHANNEL] >= 0 || st->col_of[B_URL] >= 0))
        fill_channels(st);
    if (t == NEXMARK_PERSON && st->col_of[P_NAME] >= 0) fill_names(st);
    c->state = st;
    c->fd = -1;
    return 0;
}

/* ---- generate ------------------------------------------------------ */

/* Bids per epoch: the densest table, which sets the span of a chunk. */
enum { NX_BIDS = NX_EPOCH - NX_PERSONS - NX_AUCTIONS };

/* The event this call may reach (exclusive): one chunk's whole epochs,
 * the micro-batch's end, the events limit and, when paced, the events
 * due by the wall clock. */
static int64_t event_bound(const NxState *st, uint32_t max_rows)
{
    int64_t epochs = max_rows / NX_BIDS > 0 ? max_rows / NX_BIDS : 1;
    int64_t bound = (st->next_event / NX_EPOCH + epochs) * NX_EPOCH;
    if (st->batch_end < bound) bound = st->batch_end;
    if (st->end_event < bound) bound = st->end_event;
    int64_t rate = st->cfg.rows_per_second;
    if (rate > 0) {
        int64_t ms = conn_mono_ms() - st->open_ms;
        int64_t due = ms / 1000 * rate + ms % 1000 * rate / 1000 + 1;
        if (due < bound) bound = due;
    }
    return bound > st->next_event ? bound : st->next_event;
}

static void nexmark_begin_batch(Conn *c)
{
    NxState *st = c->state;
    if (st->batch_events > 0) st->batch_end = st->next_event + st->batch_events;
}

static uint32_t nexmark_generate(Input *in, Conn *c, Batch *out, uint32_t max_rows, bool *eof)
{
    NxState *st = c->state;
    int64_t bound = event_bound(st, max_rows);
    int64_t n_rows = rows_before(st, bound) - st->next_row;
    bool cut = n_rows > (int64_t)max_rows;       /* rows, not events, ran out */
    if (cut) n_rows = max_rows;
    NxOut o = {.arena = out->arena};
    for (int f = 0; f < NX_MAX_FIELDS; f++) {
        int col = st->col_of[f];
        if (col < 0 || col >= out->n_cols) continue;
        if (in->types[col] == TYPE_TEXT) o.s[f] = VEC_STR(&out->cols[col]);
        else o.i[f] = VEC_I64(&out->cols[col]);
    }
    GenRow gen = generators[st->cfg.table];
    int64_t epoch = st->epoch, slot = st->slot;
    for (uint32_t row = 0; row < (uint32_t)n_rows; row++) {
        int64_t n = epoch * NX_EPOCH + st->lo + slot;
        Rng r = {mix64(st->key + (uint64_t)n)};
        gen(st, &r, n, &o, row);
        if (++slot == st->count) { slot = 0; epoch++; }
    }
    st->epoch = epoch;
    st->slot = slot;
    st->next_row += n_rows;
    /* covered: up to the bound, or (cut short) up to the next row's event */
    st->next_event = cut ? epoch * NX_EPOCH + st->lo + slot : bound;
    *eof = st->next_row >= st->end_row;
    return (uint32_t)n_rows;
}

static ConnRead nexmark_read(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    (void)in; (void)c; (void)buf; (void)cap; (void)d;
    *n = 0;
    return CONN_NONE;            /* never called: nexmark_generate makes the rows */
}

static int nexmark_fd(const Conn *c)
{
    (void)c;
    return -1;
}

static bool nexmark_bounded(const Conn *c)
{
    const NxState *st = c->state;
    return st->cfg.events >= 0;
}

static void nexmark_close(Conn *c)
{
    NxState *st = c->state;
    if (!st) return;
    free(st->letters);
    free(st->words);
    free(st->channel_text);
    free(st->name_text);
    free(st);
    c->state = NULL;
}

static const char *const nexmark_options[] = {"table", "events", "events_per_second",
                                              "rows_per_second", "first_event_time", "seed",
                                              NULL};

const ConnVtab conn_nexmark = {
    .name = "nexmark",
    .options = nexmark_options,
    .open = nexmark_open,
    .read = nexmark_read,
    .fd = nexmark_fd,
    .bounded = nexmark_bounded,
    .close = nexmark_close,
    .begin_batch = nexmark_begin_batch,
    .generate = nexmark_generate,
    .limits_batches = true,
};

/* ---- the schema of the rows ---------------------------------------- */

static const char *const no_options[] = {NULL};

/* "auction BIGINT, bidder BIGINT, ..." for hints. */
static void describe_table(NexmarkTable t, StrBuf *sb)
{
    for (int f = 0; table_fields[t][f].name; f++)
        sb_printf(sb, "%s%s %s", f ? ", " : "", table_fields[t][f].name,
                  type_name(table_fields[t][f].type));
}

static int nexmark_check_schema(const InputDef *def, Span span, Diag *d)
{
    /* options.c decoded `table` already; read it again for the name */
    const Option *to = options_find(&def->options, "table");
    NexmarkTable t = NEXMARK_BID;
    for (int k = 0; to && k < 3; k++)
        if (strcasecmp(to->value, table_names[k]) == 0) t = (NexmarkTable)k;
    if (to) span = (Span){to->span_off, to->span_len};
    const char *kind = def->is_stream ? "stream" : "table";
    const Schema *s = &def->schema;
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < s->n; i++) {
        const Column *col = &s->cols[i];
        int f = field_of(t, col->name);
        if (f >= 0 && table_fields[t][f].type == col->type) continue;
        if (f >= 0) {
            diag_error(d, span, "column %s of %s %s is %s, but nexmark's %s.%s is %s",
                       col->name, kind, def->name, type_name(col->type), table_names[t],
                       table_fields[t][f].name, type_name(table_fields[t][f].type));
        } else {
            diag_error(d, span, "column \"%s\" of %s %s is not a column of nexmark table '%s'",
                       col->name, kind, def->name, table_names[t]);
            for (int k = 0; k < 3; k++)
                if (k != (int)t && field_of((NexmarkTable)k, col->name) >= 0 && !to) {
                    diag_hint(d, "a %s stream needs table = '%s'", table_names[k],
                              table_names[k]);
                    return -1;
                }
        }
        describe_table(t, &sb);
        diag_hint(d, "nexmark table '%s' has the columns (%s)", table_names[t], sb_str(&sb));
        sb_free(&sb);
        return -1;
    }
    return 0;
}

static int nexmark_parse(Input *in, Batch *out, uint32_t *rows, uint32_t max_rows, bool final)
{
    (void)in; (void)out; (void)rows; (void)max_rows; (void)final;
    return 0;                    /* never called: there is no text to parse */
}

const FormatVtab fmt_nexmark = {
    .name = "nexmark",
    .options = no_options,
    .check_schema = nexmark_check_schema,
    .parse = nexmark_parse,
};
