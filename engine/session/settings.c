/* settings — the one table of session settings: SET, RESET, SHOW
 * SETTINGS and the dot commands that are settings (.maxrows, .timer, ...)
 * all go through it, so a setting is declared once, with its default,
 * its parser (and error message) and its printed value.
 *
 * Does: parse and apply a value, print the current value, restore the
 * default. Does not: parse SQL (the grammar hands over name and value as
 * text) or run queries; a query copies the settings it needs when it
 * starts (session.c apply_settings), so a SET never changes a running
 * query. */
#include "settings.h"
#include "session.h"
#include "engine/base/mem.h"
#include "engine/base/bytesize.h"
#include "engine/base/timeutil.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool parse_bool(const char *v, bool *out)
{
    if (strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0) return *out = true, true;
    if (strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0) return *out = false, true;
    return false;
}

/* A count >= 0 (0: no limit). */
static bool parse_count(const char *v, int64_t *out)
{
    char *end;
    if (!*v || *v == '-' || *v == '+') return false;
    long long n = strtoll(v, &end, 10);
    if (*end || n < 0 || n > INT32_MAX) return false;
    *out = n;
    return true;
}

/* ---- one parser and printer per setting ------------------------------------ */

typedef int (*SetFn)(Sluice *s, const char *v, Span vs, Diag *d);
typedef void (*ShowFn)(const Sluice *s, StrBuf *out);

static int set_flush_on_end(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (!parse_bool(v, &s->settings.flush_on_end))
        return diag_error(d, vs, "flush_on_end takes true or false, not \"%s\"", v);
    return 0;
}
static void show_flush_on_end(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.flush_on_end ? "true" : "false"); }

static int set_format(Sluice *s, const char *v, Span vs, Diag *d)
{
    OutputFormat f;
    if (!output_format_from_name(v, &f)) {
        diag_error(d, vs, "unknown output format \"%s\"", v);
        diag_hint(d, "formats: table, csv, json, changelog, vertical");
        return -1;
    }
    s->cfg.format = f;
    return 0;
}
static void show_format(const Sluice *s, StrBuf *o) { sb_puts(o, output_format_name(s->cfg.format)); }

static int set_watermark_policy(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (strcasecmp(v, "min") == 0) s->settings.watermark_max = false;
    else if (strcasecmp(v, "max") == 0) s->settings.watermark_max = true;
    else return diag_error(d, vs, "watermark_policy takes 'min' or 'max', not \"%s\"", v);
    return 0;
}
static void show_watermark_policy(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.watermark_max ? "max" : "min"); }

static int set_clock(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (strcasecmp(v, "system") == 0) s->settings.clock_simulated = false;
    else if (strcasecmp(v, "simulated") == 0) s->settings.clock_simulated = true;
    else return diag_error(d, vs, "clock takes 'system' or 'simulated', not \"%s\"", v);
    return 0;
}
static void show_clock(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.clock_simulated ? "simulated" : "system"); }

static int set_clock_start(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (!time_parse_timestamp(v, strlen(v), &s->settings.clock_start_us)) {
        diag_error(d, vs, "clock_start must be a timestamp, not \"%s\"", v);
        diag_hint(d, "e.g. SET clock_start = '2023-04-16 09:00:00'");
        return -1;
    }
    return 0;
}
static void show_clock_start(const Sluice *s, StrBuf *o) { time_format_timestamp(s->settings.clock_start_us, o); }

static int set_clock_step(Sluice *s, const char *v, Span vs, Diag *d)
{
    int64_t us;
    if (!time_parse_interval(v, NULL, &us) || us <= 0) {
        diag_error(d, vs, "clock_step must be a positive duration, not \"%s\"", v);
        diag_hint(d, "e.g. SET clock_step = '5 seconds'");
        return -1;
    }
    s->settings.clock_step_us = us;
    return 0;
}
static void show_clock_step(const Sluice *s, StrBuf *o) { time_format_interval(s->settings.clock_step_us, o); }

static int set_max_rows(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (!parse_count(v, &s->settings.max_rows))
        return diag_error(d, vs, "max_rows takes a number of rows (0 for all), not \"%s\"", v);
    return 0;
}
static void show_max_rows(const Sluice *s, StrBuf *o) { sb_printf(o, "%" PRId64, s->settings.max_rows); }

static int set_max_width(Sluice *s, const char *v, Span vs, Diag *d)
{
    int64_t n;
    if (!parse_count(v, &n) || (n > 0 && n < 4))
        return diag_error(d, vs, "max_width takes a number of characters, 4 or more (0 for no limit), not \"%s\"", v);
    s->settings.max_width = n;
    return 0;
}
static void show_max_width(const Sluice *s, StrBuf *o) { sb_printf(o, "%" PRId64, s->settings.max_width); }

static int set_headers(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (!parse_bool(v, &s->settings.headers))
        return diag_error(d, vs, "headers takes on or off, not \"%s\"", v);
    return 0;
}
static void show_headers(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.headers ? "on" : "off"); }

static int set_null_value(Sluice *s, const char *v, Span vs, Diag *d)
{
    (void)vs;
    (void)d;
    free(s->settings.null_text);
    s->settings.null_text = xstrdup(v);
    return 0;
}
static void show_null_value(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.null_text ? s->settings.null_text : "NULL"); }

static int set_timer(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (!parse_bool(v, &s->settings.timer))
        return diag_error(d, vs, "timer takes on or off, not \"%s\"", v);
    return 0;
}
static void show_timer(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.timer ? "on" : "off"); }

static int set_echo(Sluice *s, const char *v, Span vs, Diag *d)
{
    if (!parse_bool(v, &s->settings.echo))
        return diag_error(d, vs, "echo takes on or off, not \"%s\"", v);
    return 0;
}
static void show_echo(const Sluice *s, StrBuf *o) { sb_puts(o, s->settings.echo ? "on" : "off"); }

static int set_watermark_jump_warning(Sluice *s, const char *v, Span vs, Diag *d)
{
    int64_t us;
    if (!time_parse_interval(v, "seconds", &us) || us < 0) {
        diag_error(d, vs, "watermark_jump_warning must be a duration (0 turns the warning off), not \"%s\"", v);
        diag_hint(d, "e.g. SET watermark_jump_warning = '7 days'");
        return -1;
    }
    s->settings.wm_jump_warn_us = us;
    return 0;
}
static void show_watermark_jump_warning(const Sluice *s, StrBuf *o)
{
    time_format_interval(s->settings.wm_jump_warn_us, o);
}

static int set_memory_limit(Sluice *s, const char *v, Span vs, Diag *d)
{
    int64_t n;
    if (!bytesize_parse(v, bytesize_available_memory(), &n) || n <= 0) {
        if (!d) return -1;          /* the default, where the memory is unknown */
        diag_error(d, vs, "memory_limit must be a size such as '4GB', '512MiB' "
                   "or '50%%' (of the memory available), not \"%s\"", v);
        diag_hint(d, "units: KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (of 1024)");
        return -1;
    }
    s->mem.limit = n;
    return 0;
}
static void show_memory_limit(const Sluice *s, StrBuf *o)
{
    char buf[32];
    sb_puts(o, bytesize_format(s->mem.limit, buf));
}

static int set_checkpoint_dir(Sluice *s, const char *v, Span vs, Diag *d)
{
    (void)vs;
    (void)d;
    free(s->settings.checkpoint_dir);
    s->settings.checkpoint_dir = v && *v ? xstrdup(v) : NULL;
    return 0;
}
static void show_checkpoint_dir(const Sluice *s, StrBuf *o)
{
    sb_puts(o, s->settings.checkpoint_dir ? s->settings.checkpoint_dir : "");
}

static int set_checkpoint_interval(Sluice *s, const char *v, Span vs, Diag *d)
{
    int64_t us;
    if (!time_parse_interval(v, "seconds", &us) || us < 0) {
        diag_error(d, vs, "checkpoint_interval must be a duration (0 commits every batch), not \"%s\"", v);
        diag_hint(d, "e.g. SET checkpoint_interval = '30 seconds'");
        return -1;
    }
    s->settings.checkpoint_interval_us = us;
    return 0;
}
static void show_checkpoint_interval(const Sluice *s, StrBuf *o)
{
    time_format_interval(s->settings.checkpoint_interval_us, o);
}

/* ---- the table ---------------------------------------------------------------- */

typedef struct SettingDef {
    const char *name;
    const char *dflt;        /* NULL: the value the session started with
                                (--format, --memory-limit) */
    const char *doc;
    SetFn set;
    ShowFn show;
} SettingDef;

static const SettingDef settings[] = {
    {"format", NULL, "how results print: table, csv, json, changelog, vertical", set_format, show_format},
    {"max_rows", "20", "table/vertical: rows shown per batch (0: all)", set_max_rows, show_max_rows},
    {"max_width", "20", "table/vertical: characters shown per cell (0: all)", set_max_width, show_max_width},
    {"headers", "on", "table/csv: print the column names", set_headers, show_headers},
    {"null_value", "NULL", "table/vertical: text shown for NULL", set_null_value, show_null_value},
    {"timer", "off", "print time and rows after each statement", set_timer, show_timer},
    {"echo", "off", "print each statement before it runs", set_echo, show_echo},
    {"flush_on_end", "true", "end of bounded input closes every window", set_flush_on_end, show_flush_on_end},
    {"watermark_policy", "min", "watermark of several inputs: min or max", set_watermark_policy, show_watermark_policy},
    {"clock", "system", "processing time: system or simulated", set_clock, show_clock},
    {"clock_start", "1970-01-01 00:00:00", "simulated clock: time of batch 0", set_clock_start, show_clock_start},
    {"clock_step", "1 second", "simulated clock: time between batches", set_clock_step, show_clock_step},
    {"watermark_jump_warning", "1 day", "warn when a row moves event time further ahead (0: never)",
     set_watermark_jump_warning, show_watermark_jump_warning},
    {"memory_limit", NULL, "what all running queries may hold together (default: 80% of memory)",
     set_memory_limit, show_memory_limit},
    {"checkpoint_dir", NULL, "INSERT INTO queries keep their progress in DIR/<sink> ('': none)",
     set_checkpoint_dir, show_checkpoint_dir},
    {"checkpoint_interval", "0", "commit a checkpointed query's state at most this often (0: every batch)",
     set_checkpoint_interval, show_checkpoint_interval},
};
enum { N_SETTINGS = sizeof settings / sizeof settings[0] };

/* The names again, for diag_closest and completion (a list of strings):
 * keep in the order of settings[]; settings_init checks it. */
static const char *const setting_names[N_SETTINGS + 1] = {
    "format", "max_rows", "max_width", "headers", "null_value", "timer", "echo",
    "flush_on_end", "watermark_policy", "clock", "clock_start", "clock_step",
    "watermark_jump_warning", "memory_limit", "checkpoint_dir", "checkpoint_interval", NULL,
};

const char *const *settings_names(void) { return setting_names; }

static const SettingDef *find(const char *name)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (strcasecmp(settings[i].name, name) == 0) return &settings[i];
    return NULL;
}

static int unknown(const char *name, Span span, Diag *d)
{
    diag_error(d, span, "unknown setting \"%s\"", name);
    const char *close = diag_closest(name, setting_names, N_SETTINGS);
    if (close) {
        diag_hint(d, "did you mean \"%s\"?", close);
    } else {
        StrBuf sb = STRBUF_INIT;
        for (int i = 0; i < N_SETTINGS; i++) sb_printf(&sb, "%s%s", i ? ", " : "", setting_names[i]);
        diag_hint(d, "settings: %s (SHOW SETTINGS lists them)", sb_str(&sb));
        sb_free(&sb);
    }
    return -1;
}

void settings_init(Sluice *s)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (strcmp(settings[i].name, setting_names[i]) != 0) abort();   /* a new setting half declared */
    s->initial_format = s->cfg.format;
    s->initial_memory_limit = s->mem.limit;
    for (int i = 0; i < N_SETTINGS; i++)
        if (settings[i].dflt) settings[i].set(s, settings[i].dflt, SPAN_NONE, NULL);
    set_checkpoint_dir(s, s->cfg.checkpoint_dir, SPAN_NONE, NULL);
}

void settings_free(Sluice *s)
{
    free(s->settings.null_text);
    s->settings.null_text = NULL;
    free(s->settings.checkpoint_dir);
    s->settings.checkpoint_dir = NULL;
}

int settings_set(Sluice *s, const char *name, const char *value, Span name_span, Span value_span, Diag *d)
{
    const SettingDef *def = find(name);
    if (!def) return unknown(name, name_span, d);
    return def->set(s, value, value_span, d);
}

static void reset_one(Sluice *s, const SettingDef *def)
{
    if (def->dflt) def->set(s, def->dflt, SPAN_NONE, NULL);
    else if (def->set == set_format) s->cfg.format = s->initial_format;
    else if (def->set == set_checkpoint_dir) set_checkpoint_dir(s, s->cfg.checkpoint_dir, SPAN_NONE, NULL);
    else s->mem.limit = s->initial_memory_limit;
}

int settings_reset(Sluice *s, const char *name, Span span, Diag *d)
{
    if (!name) {
        for (int i = 0; i < N_SETTINGS; i++) reset_one(s, &settings[i]);
        return 0;
    }
    const SettingDef *def = find(name);
    if (!def) return unknown(name, span, d);
    reset_one(s, def);
    return 0;
}

bool settings_show_value(const Sluice *s, const char *name, StrBuf *out)
{
    const SettingDef *def = find(name);
    if (!def) return false;
    def->show(s, out);
    return true;
}

void settings_show_all(Sluice *s)
{
    const char *names[] = {"name", "value", "default", "description"};
    Arena *a = arena_new();
    const char **cells = ARENA_ARRAY(a, const char *, N_SETTINGS * 4);
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < N_SETTINGS; i++) {
        const SettingDef *def = &settings[i];
        sb_reset(&sb);
        def->show(s, &sb);
        cells[i * 4] = def->name;
        cells[i * 4 + 1] = arena_strdup(a, sb_str(&sb));
        char buf[32];
        cells[i * 4 + 2] = def->dflt                         ? def->dflt
                           : def->set == set_format         ? output_format_name(s->initial_format)
                           : def->set == set_checkpoint_dir ? (s->cfg.checkpoint_dir ? s->cfg.checkpoint_dir : "")
                                                            : arena_strdup(a, bytesize_format(s->initial_memory_limit, buf));
        cells[i * 4 + 3] = def->doc;
    }
    sb_free(&sb);
    session_print_rows(s, names, 4, cells, N_SETTINGS);
    arena_free(a);
}
