/* diag — error records and their rendering with a caret (see diag.h). */
#include "diag.h"
#include "mem.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

Span span_join(Span a, Span b)
{
    if (!span_valid(a)) return b;
    if (!span_valid(b)) return a;
    uint32_t lo = a.off < b.off ? a.off : b.off;
    uint32_t ea = a.off + a.len, eb = b.off + b.len;
    uint32_t hi = ea > eb ? ea : eb;
    return (Span){lo, hi - lo};
}

static char *vformat(const char *fmt, va_list ap)
{
    StrBuf sb = STRBUF_INIT;
    sb_vprintf(&sb, fmt, ap);
    return sb_take(&sb);
}

int diag_error(Diag *d, Span span, const char *fmt, ...)
{
    if (d->set) return -1;
    va_list ap;
    va_start(ap, fmt);
    d->message = vformat(fmt, ap);
    va_end(ap);
    d->span = span;
    d->set = true;
    return -1;
}

void diag_hint(Diag *d, const char *fmt, ...)
{
    if (d->hint) return;
    va_list ap;
    va_start(ap, fmt);
    d->hint = vformat(fmt, ap);
    va_end(ap);
}

void diag_detail(Diag *d, const char *fmt, ...)
{
    if (d->detail) return;
    va_list ap;
    va_start(ap, fmt);
    d->detail = vformat(fmt, ap);
    va_end(ap);
}

void diag_clear(Diag *d)
{
    free(d->message);
    free(d->detail);
    free(d->hint);
    memset(d, 0, sizeof *d);
    d->span = SPAN_NONE;
}

void diag_position(const char *src, uint32_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (uint32_t i = 0; i < off && src[i]; i++) {
        if (src[i] == '\n') { l++; c = 1; } else c++;
    }
    *line = l;
    *col = c;
}

void diag_render(const Diag *d, const char *src_name, const char *src,
                 StrBuf *out)
{
    sb_printf(out, "error: %s\n", d->message ? d->message : "unknown error");
    if (src && span_valid(d->span) && d->span.off <= strlen(src)) {
        int line, col;
        diag_position(src, d->span.off, &line, &col);
        if (src_name)
            sb_printf(out, "  at %s, line %d, column %d:\n", src_name, line, col);
        else
            sb_printf(out, "  at line %d, column %d:\n", line, col);
        const char *ls = src + d->span.off - (col - 1);
        const char *le = strchr(ls, '\n');
        size_t linelen = le ? (size_t)(le - ls) : strlen(ls);
        if (linelen && ls[linelen - 1] == '\r') linelen--;
        sb_puts(out, "    ");
        sb_append(out, ls, linelen);
        sb_puts(out, "\n    ");
        /* Tabs stay tabs so the caret lines up in a terminal. */
        for (int i = 0; i < col - 1; i++) sb_putc(out, ls[i] == '\t' ? '\t' : ' ');
        size_t n = d->span.len ? d->span.len : 1;
        if ((size_t)(col - 1) + n > linelen)
            n = linelen > (size_t)(col - 1) ? linelen - (size_t)(col - 1) : 1;
        sb_repeat(out, '^', n);
        sb_putc(out, '\n');
    }
    if (d->detail) sb_printf(out, "detail: %s\n", d->detail);
    if (d->hint) sb_printf(out, "hint: %s\n", d->hint);
}

static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return 1 << 20;
    int prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = prev[j - 1] + cost;
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb];
}

const char *diag_closest(const char *name, const char *const *candidates, int n)
{
    const char *best = NULL;
    int best_d = 1 << 20;
    for (int i = 0; i < n; i++) {
        int dist = edit_distance(name, candidates[i]);
        if (dist < best_d) { best_d = dist; best = candidates[i]; }
    }
    size_t len = strlen(name);
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    return best && best_d <= limit ? best : NULL;
}
