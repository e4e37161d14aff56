/* strbuf — a growable byte string, always NUL-terminated.
 *
 * Used for building messages, EXPLAIN text and output lines. The buffer
 * owns its heap memory; sb_free releases it. */
#ifndef SLUICE_STRBUF_H
#define SLUICE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct StrBuf {
    char *data;    /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} StrBuf;

#define STRBUF_INIT {NULL, 0, 0}

void sb_free(StrBuf *sb);
void sb_reset(StrBuf *sb);              /* len = 0, keeps memory */
void sb_reserve(StrBuf *sb, size_t extra);
void sb_append(StrBuf *sb, const char *s, size_t n);
void sb_puts(StrBuf *sb, const char *s);
void sb_putc(StrBuf *sb, char c);
void sb_repeat(StrBuf *sb, char c, size_t n);
void sb_printf(StrBuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap);
/* The contents ("" when empty); valid until the next append. */
const char *sb_str(const StrBuf *sb);
/* Hand the heap string to the caller (who frees it) and empty the buffer. */
char *sb_take(StrBuf *sb);

#endif
