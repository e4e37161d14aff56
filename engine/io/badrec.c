/* badrec — the bad-record policy: skip, count and report, or fail.
 *
 * Reports go to the Input's `err` stream, one line each:
 *   warning: bad record in stream logs, line 12: <reason> (skipped)
 * at most INPUT_REPORTS_PER_BATCH per micro-batch; the rest of a batch is
 * summed up in one line when the next batch begins or the input ends:
 *   warning: 7 more bad records in stream logs in this batch (skipped)
 * Under on_error = 'fail' the record is an error instead (no span):
 *   bad record in stream logs, line 12: <reason>
 * Connectors report their own events (a skipped unreadable file, a lost
 * connection) with input_warn / input_note on the same stream. */
#include <stdarg.h>
#include <stdio.h>

#include "io_internal.h"

/* Longest value text quoted in a message before it is cut with "...". */
#define QUOTE_MAX 60

void input_quote_text(StrBuf *sb, const char *p, size_t n)
{
    size_t show = n > QUOTE_MAX ? QUOTE_MAX : n;
    sb_putc(sb, '"');
    for (size_t i = 0; i < show; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (c) {
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f) sb_printf(sb, "\\x%02x", c);
            else sb_putc(sb, (char)c);
        }
    }
    if (show < n) sb_puts(sb, "...");
    sb_putc(sb, '"');
}

int input_bad_record(Input *in, int64_t line)
{
    if (in->cfg.fail)
        return diag_error(in->d, SPAN_NONE, "bad record in %s, line %lld: %s",
                          in->label, (long long)line, sb_str(&in->reason));
    in->bad_total++;
    if (in->reports < INPUT_REPORTS_PER_BATCH) {
        in->reports++;
        if (in->err)
            fprintf(in->err, "warning: bad record in %s, line %lld: %s (skipped)\n",
                    in->label, (long long)line, sb_str(&in->reason));
    } else {
        in->unreported++;
    }
    return 0;
}

void input_flush_reports(Input *in)
{
    if (in->unreported > 0 && in->err)
        fprintf(in->err, "warning: %lld more bad record%s in %s in this batch (skipped)\n",
                (long long)in->unreported, in->unreported == 1 ? "" : "s", in->label);
    in->unreported = 0;
}

static void say(Input *in, const char *kind, const char *fmt, va_list ap)
{
    if (!in->err) return;
    fprintf(in->err, "%s: ", kind);
    vfprintf(in->err, fmt, ap);
    fputc('\n', in->err);
    fflush(in->err);
}

void input_warn(Input *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(in, "warning", fmt, ap);
    va_end(ap);
}

void input_note(Input *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(in, "note", fmt, ap);
    va_end(ap);
}
