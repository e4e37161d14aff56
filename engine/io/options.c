/* options — checking the WITH (...) options of a stream or table.
 *
 * Decodes the options into an InputConfig for input_open and rejects,
 * with the option value's span: an unknown or unavailable connector, an
 * unknown format, option names that no connector/format knows (with a
 * "did you mean" hint), options of another format or connector, and bad
 * values. Opens nothing.
 *
 * Defaults: format 'csv', header false, delimiter ',', quote '"',
 * null_value '' (an empty unquoted field is NULL), timestamp_format text
 * (ISO-8601), on_error 'skip', tail false, max_record_bytes 16 MiB. quote = ''
 * turns quoting off.
 * Connector options: file: path (required), tail; directory: path
 * (required), max_files_per_batch (no limit), available_now (false); socket: host ('localhost'),
 * port (required, 1-65535), reconnect (false); rate: rows_per_second (1),
 * num_rows (none: no end), start_time (now); nexmark: table ('bid',
 * 'auction' or 'person'; 'bid'), events (none: no end), events_per_second
 * (10000, event time), rows_per_second (none: unpaced; generator events
 * per wall-clock second), first_event_time ('2015-07-15 00:00:00'), seed
 * (0). Connectors 'rate' and 'nexmark' take no format (or their own
 * name as the format). */
#include <string.h>
#include <strings.h>

#include "engine/base/timeutil.h"
#include "engine/base/bytesize.h"
#include "io_internal.h"

static const ConnVtab *const connectors[] = {&conn_stdin, &conn_file, &conn_directory,
                                             &conn_socket, &conn_rate, &conn_nexmark};
#define AVAILABLE_CONNECTORS "stdin, file, directory, socket, rate, nexmark"
static const FormatVtab *const formats[] = {&fmt_csv, &fmt_json, &fmt_text};
#define N_CONNECTORS ((int)(sizeof connectors / sizeof *connectors))
#define N_FORMATS ((int)(sizeof formats / sizeof *formats))

/* Options every input takes. */
static const char *const common_options[] = {
    "connector", "format", "timestamp_format", "on_error", "max_batch_rows",
    "max_record_bytes", NULL,
};

static Span opt_span(const Option *o)
{
    return o ? (Span){o->span_off, o->span_len} : SPAN_NONE;
}

static bool in_list(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcasecmp(*list, name) == 0) return true;
    return false;
}

static int add_list(const char **out, int n, const char *const *list)
{
    for (; list && *list; list++) out[n++] = *list;
    return n;
}

static bool parse_bool(const char *v, bool *out)
{
    if (strcasecmp(v, "true") == 0) { *out = true; return true; }
    if (strcasecmp(v, "false") == 0) { *out = false; return true; }
    return false;
}

/* One character, or the two characters backslash-t for a tab. */
static bool parse_char(const char *v, char *out)
{
    if (strcmp(v, "\\t") == 0) { *out = '\t'; return true; }
    if (strlen(v) != 1 || v[0] == '\n' || v[0] == '\r') return false;
    *out = v[0];
    return true;
}

static const ConnVtab *find_connector(const Option *o, Diag *d)
{
    if (!o) {
        diag_error(d, SPAN_NONE, "missing option \"connector\"");
        diag_hint(d, "add connector = 'stdin' or connector = 'file'");
        return NULL;
    }
    for (int i = 0; i < N_CONNECTORS; i++)
        if (strcasecmp(connectors[i]->name, o->value) == 0) return connectors[i];
    diag_error(d, opt_span(o), "unknown connector \"%s\"", o->value);
    const char *names[N_CONNECTORS];
    for (int i = 0; i < N_CONNECTORS; i++) names[i] = connectors[i]->name;
    const char *close = diag_closest(o->value, names, N_CONNECTORS);
    if (close) diag_hint(d, "did you mean '%s'?", close);
    else diag_hint(d, "available connectors: " AVAILABLE_CONNECTORS);
    return NULL;
}

static const FormatVtab *find_format(const Option *o, const ConnVtab *cv, Diag *d)
{
    if (cv == &conn_rate || cv == &conn_nexmark) {   /* generated rows: no text format */
        const FormatVtab *gen = cv == &conn_rate ? &fmt_rate : &fmt_nexmark;
        if (!o || strcasecmp(o->value, gen->name) == 0) return gen;
        diag_error(d, opt_span(o), "connector '%s' generates its rows: format '%s' does "
                   "not apply", cv->name, o->value);
        diag_hint(d, "remove the format option");
        return NULL;
    }
    if (!o) return &fmt_csv;
    if (strcasecmp(o->value, "rate") == 0 || strcasecmp(o->value, "nexmark") == 0) {
        diag_error(d, opt_span(o), "format '%s' needs connector = '%s'", o->value, o->value);
        diag_hint(d, "available formats: csv, json, text");
        return NULL;
    }
    for (int i = 0; i < N_FORMATS; i++)
        if (strcasecmp(formats[i]->name, o->value) == 0) return formats[i];
    diag_error(d, opt_span(o), "unknown format \"%s\"", o->value);
    const char *names[N_FORMATS];
    for (int i = 0; i < N_FORMATS; i++) names[i] = formats[i]->name;
    const char *close = diag_closest(o->value, names, N_FORMATS);
    if (close) diag_hint(d, "did you mean '%s'?", close);
    else diag_hint(d, "available formats: csv, json, text");
    return NULL;
}

/* Is `key` an option of this connector and format? If not, say why. */
static int check_name(const Option *o, const ConnVtab *cv, const FormatVtab *fv, Diag *d)
{
    if (in_list(common_options, o->key) || in_list(cv->options, o->key) ||
        in_list(fv->options, o->key))
        return 0;
    if (fv == &fmt_rate || fv == &fmt_nexmark)
        return diag_error(d, opt_span(o), "option \"%s\" does not apply to connector '%s'",
                          o->key, cv->name);
    for (int i = 0; i < N_FORMATS; i++)
        if (in_list(formats[i]->options, o->key))
            return diag_error(d, opt_span(o), "option \"%s\" does not apply to format '%s'",
                              o->key, fv->name);
    for (int i = 0; i < N_CONNECTORS; i++)
        if (in_list(connectors[i]->options, o->key))
            return diag_error(d, opt_span(o), "option \"%s\" does not apply to connector '%s'",
                              o->key, cv->name);
    diag_error(d, opt_span(o), "unknown option \"%s\" for connector '%s'", o->key, cv->name);
    const char *valid[32];
    int n = add_list(valid, 0, common_options);
    n = add_list(valid, n, cv->options);
    n = add_list(valid, n, fv->options);
    const char *close = diag_closest(o->key, valid, n);
    if (close) {
        diag_hint(d, "did you mean \"%s\"?", close);
    } else {
        StrBuf sb = STRBUF_INIT;
        for (int i = 0; i < n; i++) sb_printf(&sb, "%s%s", i ? ", " : "", valid[i]);
        diag_hint(d, "valid options: %s", sb_str(&sb));
        sb_free(&sb);
    }
    return -1;
}

static int bad_value(const Option *o, Diag *d, const char *expected)
{
    return diag_error(d, opt_span(o), "invalid value \"%s\" for option \"%s\": expected %s",
                      o->value, o->key, expected);
}

/* Digits only (no sign, no blanks), within int64. */
static bool parse_count(const char *v, int64_t *out)
{
    return v[0] && strspn(v, "0123456789") == strlen(v) && conv_int64(v, strlen(v), out);
}

/* Options of the nexmark connector. */
static int check_nexmark_value(const Option *o, NexmarkConfig *nx, Diag *d)
{
    const char *k = o->key, *v = o->value;
    int64_t n;
    if (!strcasecmp(k, "table")) {
        if (!strcasecmp(v, "bid")) nx->table = NEXMARK_BID;
        else if (!strcasecmp(v, "auction")) nx->table = NEXMARK_AUCTION;
        else if (!strcasecmp(v, "person")) nx->table = NEXMARK_PERSON;
        else return bad_value(o, d, "'bid', 'auction' or 'person'");
    } else if (!strcasecmp(k, "events")) {
        if (!parse_count(v, &n)) return bad_value(o, d, "a non-negative integer");
        nx->events = n;
    } else if (!strcasecmp(k, "events_per_second") || !strcasecmp(k, "rows_per_second")) {
        if (!parse_count(v, &n) || n <= 0 || n > 1000000000)
            return bad_value(o, d, "a positive integer (at most 1000000000)");
        if (!strcasecmp(k, "events_per_second")) nx->events_per_second = n;
        else nx->rows_per_second = n;
    } else if (!strcasecmp(k, "first_event_time")) {
        if (!time_parse_timestamp(v, strlen(v), &nx->first_event_us))
            return bad_value(o, d, "a timestamp such as '2015-07-15 00:00:00'");
    } else if (!strcasecmp(k, "seed")) {
        if (!parse_count(v, &n)) return bad_value(o, d, "a non-negative integer");
        nx->seed = (uint64_t)n;
    }
    return 0;
}

/* Options of the directory, socket, rate and nexmark connectors. */
static int check_conn_value(const Option *o, InputConfig *cfg, Diag *d)
{
    const char *k = o->key, *v = o->value;
    int64_t n;
    if (cfg->conn == &conn_nexmark) return check_nexmark_value(o, &cfg->nexmark, d);
    if (!strcasecmp(k, "max_files_per_batch")) {
        if (!parse_count(v, &n) || n <= 0) return bad_value(o, d, "a positive integer");
        cfg->max_files = n;
    } else if (!strcasecmp(k, "available_now")) {
        if (!parse_bool(v, &cfg->available_now)) return bad_value(o, d, "true or false");
    } else if (!strcasecmp(k, "host")) {
        if (!v[0]) return bad_value(o, d, "a host name or address");
        cfg->host = v;
    } else if (!strcasecmp(k, "port")) {
        if (!parse_count(v, &n) || n < 1 || n > 65535)
            return bad_value(o, d, "a port number from 1 to 65535");
        cfg->port = (int)n;
    } else if (!strcasecmp(k, "reconnect")) {
        if (!parse_bool(v, &cfg->reconnect)) return bad_value(o, d, "true or false");
    } else if (!strcasecmp(k, "rows_per_second")) {
        if (!parse_count(v, &n) || n <= 0 || n > 1000000000)
            return bad_value(o, d, "a positive integer (at most 1000000000)");
        cfg->rows_per_second = n;
    } else if (!strcasecmp(k, "num_rows")) {
        if (!parse_count(v, &n)) return bad_value(o, d, "a non-negative integer");
        cfg->num_rows = n;
    } else if (!strcasecmp(k, "start_time")) {
        if (!time_parse_timestamp(v, strlen(v), &cfg->start_time))
            return bad_value(o, d, "a timestamp such as '2024-01-01 00:00:00'");
        cfg->has_start_time = true;
    }
    return 0;
}

static int check_value(const InputDef *def, const Option *o, InputConfig *cfg, Diag *d)
{
    const char *k = o->key, *v = o->value;
    if (!strcasecmp(k, "header")) {
        if (!parse_bool(v, &cfg->header)) return bad_value(o, d, "true or false");
    } else if (!strcasecmp(k, "tail")) {
        if (!parse_bool(v, &cfg->tail)) return bad_value(o, d, "true or false");
        if (cfg->tail && !def->is_stream)
            return diag_error(d, opt_span(o), "tail = true needs a STREAM: "
                              "a TABLE is read once, before the first batch");
    } else if (!strcasecmp(k, "delimiter")) {
        if (!parse_char(v, &cfg->delim))
            return bad_value(o, d, "one character (or '\\t' for a tab)");
    } else if (!strcasecmp(k, "quote")) {
        char c;
        if (v[0] == '\0') cfg->quote = -1;
        else if (parse_char(v, &c)) cfg->quote = (unsigned char)c;
        else return bad_value(o, d, "one character, or '' for no quoting");
    } else if (!strcasecmp(k, "null_value")) {
        cfg->null_value = v;
    } else if (!strcasecmp(k, "path")) {
        if (v[0] == '\0')
            return bad_value(o, d, cfg->conn == &conn_directory ? "a directory name" : "a file name");
        cfg->path = v;
    } else if (!strcasecmp(k, "timestamp_format")) {
        if (!strcasecmp(v, "epoch_s")) cfg->ts_format = TS_EPOCH_S;
        else if (!strcasecmp(v, "epoch_ms")) cfg->ts_format = TS_EPOCH_MS;
        else if (!strcasecmp(v, "epoch_us")) cfg->ts_format = TS_EPOCH_US;
        else if (!strcasecmp(v, "iso")) cfg->ts_format = TS_TEXT;
        else return bad_value(o, d, "'iso', 'epoch_s', 'epoch_ms' or 'epoch_us'");
    } else if (!strcasecmp(k, "on_error")) {
        if (!strcasecmp(v, "skip")) cfg->fail = false;
        else if (!strcasecmp(v, "fail")) cfg->fail = true;
        else return bad_value(o, d, "'skip' or 'fail'");
    } else if (!strcasecmp(k, "max_batch_rows")) {
        int64_t n;
        if (!parse_count(v, &n) || n <= 0) return bad_value(o, d, "a positive integer");
        cfg->max_batch_rows = n;
    } else if (!strcasecmp(k, "max_record_bytes")) {
        int64_t n;
        if (!bytesize_parse(v, 0, &n) || n <= 0 || n > INPUT_MAX_RECORD_BYTES)
            return bad_value(o, d, "a size from 1 byte to 1 GiB, such as '64KB' or '16MiB'");
        cfg->max_record_bytes = n;
    } else {
        return check_conn_value(o, cfg, d);
    }
    return 0;
}

/* Required options and combinations, once every option was read. */
static int check_conn_config(const InputDef *def, const InputConfig *cfg, Diag *d)
{
    const Options *opts = &def->options;
    const Option *conn_opt = options_find(opts, "connector");
    if (cfg->conn == &conn_file && !cfg->path) {
        diag_error(d, opt_span(conn_opt), "missing option \"path\" for connector 'file'");
        diag_hint(d, "add path = 'data.csv' (the file to read)");
        return -1;
    }
    if (cfg->conn == &conn_directory && !cfg->path) {
        diag_error(d, opt_span(conn_opt), "missing option \"path\" for connector 'directory'");
        diag_hint(d, "add path = 'data/logs' (the directory to read)");
        return -1;
    }
    if (cfg->conn == &conn_socket && !cfg->port) {
        diag_error(d, opt_span(conn_opt), "missing option \"port\" for connector 'socket'");
        diag_hint(d, "add port = 12345 (and host = '...' unless the server is on localhost)");
        return -1;
    }
    if (cfg->conn == &conn_socket && cfg->reconnect && !def->is_stream)
        return diag_error(d, opt_span(options_find(opts, "reconnect")),
                          "reconnect = true needs a STREAM: a TABLE is read once, "
                          "before the first batch");
    if (cfg->conn == &conn_rate && cfg->num_rows < 0 && !def->is_stream) {
        diag_error(d, opt_span(conn_opt), "connector 'rate' never ends: a TABLE needs num_rows");
        diag_hint(d, "add num_rows = 100, or declare a STREAM");
        return -1;
    }
    if (cfg->conn == &conn_nexmark && cfg->nexmark.events < 0 && !def->is_stream) {
        diag_error(d, opt_span(conn_opt), "connector 'nexmark' never ends: a TABLE needs events");
        diag_hint(d, "add events = 1000000, or declare a STREAM");
        return -1;
    }
    return 0;
}

int input_config(const InputDef *def, InputConfig *cfg, Diag *d)
{
    *cfg = (InputConfig){.delim = ',', .quote = '"', .null_value = "",
                         .is_stream = def->is_stream, .host = "localhost",
                         .rows_per_second = 1, .num_rows = -1,
                         .max_record_bytes = INPUT_DEFAULT_RECORD_BYTES,
                         .nexmark = NEXMARK_CONFIG_DEFAULT};
    const Options *opts = &def->options;
    const Option *conn_opt = options_find(opts, "connector");
    const Option *fmt_opt = options_find(opts, "format");
    if (!(cfg->conn = find_connector(conn_opt, d))) return -1;
    if (!(cfg->fmt = find_format(fmt_opt, cfg->conn, d))) return -1;
    for (int i = 0; i < opts->n; i++) {
        const Option *o = &opts->items[i];
        if (check_name(o, cfg->conn, cfg->fmt, d) < 0) return -1;
        if (check_value(def, o, cfg, d) < 0) return -1;
    }
    if (cfg->quote == (unsigned char)cfg->delim) {
        const Option *q = options_find(opts, "quote");
        return diag_error(d, opt_span(q ? q : options_find(opts, "delimiter")),
                          "the quote and the delimiter must differ");
    }
    if (check_conn_config(def, cfg, d) < 0) return -1;
    return cfg->fmt->check_schema(def, fmt_opt ? opt_span(fmt_opt) : opt_span(conn_opt), d);
}

int input_validate(const InputDef *def, Diag *d)
{
    InputConfig cfg;
    return input_config(def, &cfg, d);
}
