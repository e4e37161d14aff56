/* state_io — checksummed checkpoint files (see state_io.h). */
#define _POSIX_C_SOURCE 200809L
#include "state_io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/mem.h"

static const char MAGIC[4] = {'S', 'L', 'C', 'K'};
enum { HEADER_BYTES = 8, TRAILER_BYTES = 4 };

const char *state_file_kind_name(StateFileKind k)
{
    switch (k) {
    case STATE_FILE_METADATA: return "metadata";
    case STATE_FILE_OFFSETS: return "offsets record";
    case STATE_FILE_COMMIT: return "commit record";
    case STATE_FILE_DELTA: return "state delta";
    case STATE_FILE_SNAPSHOT: return "state snapshot";
    }
    return "file";
}

/* ---- CRC32C (Castagnoli), eight bytes a step ----------------------- */

static uint32_t crc_table[8][256];
static bool crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
    crc_ready = true;
}

uint32_t crc32c(uint32_t crc, const void *data, size_t n)
{
    if (!crc_ready) crc_init();
    const uint8_t *p = data;
    crc = ~crc;
    while (n >= 8) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^ crc_table[5][(lo >> 16) & 0xff] ^
              crc_table[4][lo >> 24] ^ crc_table[3][p[4]] ^ crc_table[2][p[5]] ^ crc_table[1][p[6]] ^
              crc_table[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n--) crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

/* ---- writing ----------------------------------------------------------- */

static void put_le(StateWriter *w, uint64_t v, int bytes)
{
    char b[8];
    for (int i = 0; i < bytes; i++) b[i] = (char)(v >> (8 * i));
    sb_append(&w->buf, b, (size_t)bytes);
}

void sw_begin(StateWriter *w, StateFileKind kind)
{
    sb_reset(&w->buf);
    sb_append(&w->buf, MAGIC, 4);
    put_le(w, STATE_FORMAT_VERSION, 2);
    put_le(w, (uint64_t)kind, 2);
}

void sw_reset(StateWriter *w) { sb_reset(&w->buf); }

void sw_u8(StateWriter *w, uint8_t v) { put_le(w, v, 1); }
void sw_u32(StateWriter *w, uint32_t v) { put_le(w, v, 4); }
void sw_i64(StateWriter *w, int64_t v) { put_le(w, (uint64_t)v, 8); }

void sw_f64(StateWriter *w, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    put_le(w, u, 8);
}

void sw_bytes(StateWriter *w, const void *p, size_t n)
{
    put_le(w, n, 4);
    if (n) sb_append(&w->buf, p, n);
}

void sw_str(StateWriter *w, const char *s) { sw_bytes(w, s ? s : "", s ? strlen(s) : 0); }

void sw_value(StateWriter *w, const Value *v)
{
    sw_u8(w, (uint8_t)v->type);
    sw_u8(w, v->is_null);
    if (v->is_null) return;
    switch (v->type) {
    case TYPE_BOOL: sw_u8(w, v->b); break;
    case TYPE_DOUBLE: sw_f64(w, v->d); break;
    case TYPE_TEXT: sw_bytes(w, v->s.ptr, v->s.len); break;
    case TYPE_NULL: break;
    default: sw_i64(w, v->i); break;
    }
}

static int io_error(Diag *d, const char *what, const char *path)
{
    return diag_error(d, SPAN_NONE, "cannot %s checkpoint file \"%s\": %s", what, path,
                      strerror(errno ? errno : EIO));
}

/* The directory part of path ("." when none), in buf. */
static const char *dir_of(const char *path, char *buf, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return ".";
    size_t n = (size_t)(slash - path);
    if (n == 0) return "/";
    if (n >= cap) n = cap - 1;
    memcpy(buf, path, n);
    buf[n] = 0;
    return buf;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int sw_write_file(StateWriter *w, const char *path, const char *fault_step, Diag *d)
{
    uint32_t crc = crc32c(0, w->buf.data, w->buf.len);
    size_t payload = w->buf.len;
    put_le(w, crc, 4);
    StrBuf tmp = STRBUF_INIT;
    sb_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    int fd = open(sb_str(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0 && errno == EEXIST) {     /* left by an earlier process of our pid */
        unlink(sb_str(&tmp));
        fd = open(sb_str(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    }
    int rc = 0;
    if (fd < 0) {
        rc = io_error(d, "create", sb_str(&tmp));
    } else {
        size_t half = w->buf.len / 2;
        if (write_all(fd, w->buf.data, half) < 0) rc = io_error(d, "write", sb_str(&tmp));
        if (rc == 0 && fault_step) fault_point(fault_step);
        if (rc == 0 && write_all(fd, w->buf.data + half, w->buf.len - half) < 0)
            rc = io_error(d, "write", sb_str(&tmp));
        if (rc == 0 && fsync(fd) < 0) rc = io_error(d, "sync", sb_str(&tmp));
        if (close(fd) < 0 && rc == 0) rc = io_error(d, "write", sb_str(&tmp));
        if (rc == 0 && rename(sb_str(&tmp), path) < 0) rc = io_error(d, "rename", path);
        if (rc < 0) unlink(sb_str(&tmp));
    }
    sb_free(&tmp);
    w->buf.len = payload;                /* drop the checksum: the writer may go on */
    if (rc < 0) return -1;
    char dbuf[4096];
    return state_fsync_dir(dir_of(path, dbuf, sizeof dbuf), d);
}

void sw_free(StateWriter *w) { sb_free(&w->buf); }

/* ---- reading ----------------------------------------------------------- */

static uint64_t get_le(StateReader *r, int bytes)
{
    if (r->bad || r->end - r->p < bytes) {
        r->bad = true;
        r->p = r->end;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += bytes;
    return v;
}

static int damaged(Diag *d, const char *path, const char *why)
{
    diag_error(d, SPAN_NONE, "checkpoint file \"%s\" is damaged: %s", path, why);
    diag_hint(d, "the checkpoint cannot be used; remove its directory to start the query afresh");
    return -1;
}

int sr_open(StateReader *r, const char *path, StateFileKind kind, bool missing_ok, Diag *d)
{
    *r = (StateReader){.path = xstrdup(path)};
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        sr_close(r);
        if (e == ENOENT && missing_ok) return 0;
        errno = e;
        return io_error(d, "read", path);
    }
    StrBuf buf = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sb_append(&buf, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (err) {
        sb_free(&buf);
        sr_close(r);
        errno = EIO;
        return io_error(d, "read", path);
    }
    size_t len = buf.len;
    r->data = sb_take(&buf);
    const uint8_t *p = (const uint8_t *)r->data;
    if (len < HEADER_BYTES + TRAILER_BYTES || memcmp(p, MAGIC, 4) != 0) {
        sr_close(r);
        return damaged(d, path, len < HEADER_BYTES + TRAILER_BYTES ? "it is truncated" : "it is not a sluice checkpoint file");
    }
    uint32_t stored = (uint32_t)p[len - 4] | (uint32_t)p[len - 3] << 8 | (uint32_t)p[len - 2] << 16 |
                      (uint32_t)p[len - 1] << 24;
    if (crc32c(0, p, len - 4) != stored) {
        sr_close(r);
        return damaged(d, path, "its checksum does not match its contents");
    }
    unsigned version = p[4] | (unsigned)p[5] << 8, k = p[6] | (unsigned)p[7] << 8;
    if (version != STATE_FORMAT_VERSION) {
        sr_close(r);
        diag_error(d, SPAN_NONE, "checkpoint file \"%s\" has format version %u; this sluice reads version %d",
                   path, version, STATE_FORMAT_VERSION);
        return -1;
    }
    if (k != (unsigned)kind) {
        sr_close(r);
        char why[96];
        snprintf(why, sizeof why, "it holds a %s where a %s belongs", state_file_kind_name((StateFileKind)k),
                 state_file_kind_name(kind));
        return damaged(d, path, why);
    }
    r->p = p + HEADER_BYTES;
    r->end = p + len - TRAILER_BYTES;
    return 1;
}

uint8_t sr_u8(StateReader *r) { return (uint8_t)get_le(r, 1); }
uint32_t sr_u32(StateReader *r) { return (uint32_t)get_le(r, 4); }
int64_t sr_i64(StateReader *r) { return (int64_t)get_le(r, 8); }

double sr_f64(StateReader *r)
{
    uint64_t u = get_le(r, 8);
    double v;
    memcpy(&v, &u, 8);
    return v;
}

Str sr_bytes(StateReader *r)
{
    uint32_t n = sr_u32(r);
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = true;
        r->p = r->end;
        return (Str){"", 0};
    }
    Str s = {(const char *)r->p, n};
    r->p += n;
    return s;
}

char *sr_strdup(StateReader *r)
{
    Str s = sr_bytes(r);
    char *c = xmalloc(s.len + 1);
    memcpy(c, s.ptr, s.len);
    c[s.len] = 0;
    return c;
}

Value sr_value(StateReader *r)
{
    Value v = {0};
    unsigned t = sr_u8(r);
    if (t >= TYPE_COUNT) {
        r->bad = true;
        return v;
    }
    v.type = (Type)t;
    v.is_null = sr_u8(r) != 0;
    if (v.is_null) return v;
    switch (v.type) {
    case TYPE_BOOL: v.b = sr_u8(r) != 0; break;
    case TYPE_DOUBLE: v.d = sr_f64(r); break;
    case TYPE_TEXT: v.s = sr_bytes(r); break;
    case TYPE_NULL: break;
    default: v.i = sr_i64(r); break;
    }
    return v;
}

void sr_sub(StateReader *parent, StateReader *child)
{
    Str s = sr_bytes(parent);
    *child = (StateReader){.path = xstrdup(parent->path ? parent->path : "")};
    child->p = (const uint8_t *)s.ptr;
    child->end = child->p + s.len;
    child->bad = parent->bad;
}

bool sr_more(const StateReader *r) { return !r->bad && r->p < r->end; }

int sr_finish(StateReader *r, Diag *d)
{
    if (r->bad) return damaged(d, r->path, "a record ends early or holds a value that cannot be read");
    if (r->p != r->end) return damaged(d, r->path, "it has bytes after its last record");
    return 0;
}

void sr_close(StateReader *r)
{
    free(r->data);
    free(r->path);
    r->data = r->path = NULL;
    r->p = r->end = NULL;
}

/* ---- files and directories ----------------------------------------------- */

int state_fsync_dir(const char *dir, Diag *d)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return diag_error(d, SPAN_NONE, "cannot open checkpoint directory \"%s\": %s", dir, strerror(errno));
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    if (rc < 0 && e != EINVAL)
        return diag_error(d, SPAN_NONE, "cannot sync checkpoint directory \"%s\": %s", dir, strerror(e));
    return 0;
}

int state_mkdirs(const char *path, Diag *d)
{
    size_t n = strlen(path);
    char *p = xmalloc(n + 1);
    memcpy(p, path, n + 1);
    int rc = 0;
    for (size_t i = 1; i <= n && rc == 0; i++) {
        if (p[i] != '/' && p[i] != 0) continue;
        char c = p[i];
        p[i] = 0;
        if (mkdir(p, 0755) == 0) {
            char dbuf[4096];
            rc = state_fsync_dir(dir_of(p, dbuf, sizeof dbuf), d);
        } else if (errno != EEXIST) {
            rc = diag_error(d, SPAN_NONE, "cannot create checkpoint directory \"%s\": %s", p, strerror(errno));
        } else {
            struct stat st;
            if (stat(p, &st) == 0 && !S_ISDIR(st.st_mode))
                rc = diag_error(d, SPAN_NONE, "cannot create checkpoint directory \"%s\": a file of that name exists", p);
        }
        p[i] = c;
    }
    free(p);
    return rc;
}

/* ---- fault injection --------------------------------------------------------- */

void fault_point(const char *step)
{
    static int hits;
    static const char *spec;
    static bool looked;
    if (!looked) {
        spec = getenv("SLUICE_FAULT");
        looked = true;
    }
    if (!spec || !*spec) return;
    size_t n = strcspn(spec, ":");
    if (strlen(step) != n || strncmp(spec, step, n) != 0) return;
    long want = spec[n] == ':' ? strtol(spec + n + 1, NULL, 10) : 1;
    if (++hits < want) return;
    raise(SIGKILL);
}
