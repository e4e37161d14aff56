/* state_io — the files of a checkpoint: records built in memory, written
 * atomically with a checksum, read back whole and checked.
 *
 * Every checkpoint file is
 *     "SLCK"  u16 format version  u16 kind  payload  u32 CRC32C
 * with the checksum over every byte before it and integers little-endian.
 * Writing goes to a temporary file in the same directory (created with
 * O_EXCL), which is fsync'ed, renamed over the final name and followed by
 * an fsync of the directory: a crash leaves the old file or the new one,
 * never a mix. Reading loads the whole file and refuses, with its path, a
 * file that is truncated, damaged (checksum), of another kind, or of a
 * format version this build does not know.
 *
 * The payload is a sequence of typed fields: fixed-width integers and
 * doubles, length-prefixed byte strings and SQL values. A reader that runs
 * past the end or finds a field it cannot decode marks itself bad; callers
 * read on and check sr_finish once, which reports the file as damaged. */
#ifndef SLUICE_STATE_IO_H
#define SLUICE_STATE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/base/diag.h"
#include "engine/base/strbuf.h"
#include "engine/base/types.h"

#define STATE_FORMAT_VERSION 1

typedef enum StateFileKind {
    STATE_FILE_METADATA = 1,   /* a query's fingerprint and operator shapes */
    STATE_FILE_OFFSETS = 2,    /* offsets/N: a batch's input bounds and time */
    STATE_FILE_COMMIT = 3,     /* commits/N: sink token and query progress */
    STATE_FILE_DELTA = 4,      /* state/<op>/N.delta: changes of one batch */
    STATE_FILE_SNAPSHOT = 5,   /* state/<op>/N.snapshot: all of the state */
} StateFileKind;

const char *state_file_kind_name(StateFileKind k);   /* "offsets record", ... */

uint32_t crc32c(uint32_t crc, const void *data, size_t n);

/* ---- writing ------------------------------------------------------- */

typedef struct StateWriter {
    StrBuf buf;
} StateWriter;

void sw_begin(StateWriter *w, StateFileKind kind);   /* resets, writes the header */
void sw_reset(StateWriter *w);       /* resets without a header: a field to embed (sw_bytes) */
void sw_u8(StateWriter *w, uint8_t v);
void sw_u32(StateWriter *w, uint32_t v);
void sw_i64(StateWriter *w, int64_t v);
void sw_f64(StateWriter *w, double v);
void sw_bytes(StateWriter *w, const void *p, size_t n);   /* u32 length + bytes */
void sw_str(StateWriter *w, const char *s);              /* NULL as empty */
/* A value: type, null flag, payload (TEXT as bytes). */
void sw_value(StateWriter *w, const Value *v);

/* Seal (checksum) and write atomically to `path` (see above). The buffer
 * is kept for the next sw_begin. fault_step names the SLUICE_FAULT step
 * reached half way through the temporary file ("mid-state-write"), or
 * NULL. -1 with d naming the path on an I/O error (disk full, ...), the
 * temporary file then removed. */
int sw_write_file(StateWriter *w, const char *path, const char *fault_step, Diag *d);
void sw_free(StateWriter *w);

/* ---- reading ------------------------------------------------------- */

typedef struct StateReader {
    char *data;                /* the whole file (owned) */
    const uint8_t *p, *end;    /* the payload left to read */
    char *path;                /* for messages (a copy, owned) */
    bool bad;                  /* read past the end or undecodable */
} StateReader;

/* Load and check `path` (see above). 1 when read, 0 when it does not
 * exist (and missing_ok), -1 with d naming the path otherwise. */
int sr_open(StateReader *r, const char *path, StateFileKind kind, bool missing_ok, Diag *d);
uint8_t sr_u8(StateReader *r);
uint32_t sr_u32(StateReader *r);
int64_t sr_i64(StateReader *r);
double sr_f64(StateReader *r);
/* Points into the file's buffer: valid until sr_close. */
Str sr_bytes(StateReader *r);
/* A copy on the heap (NUL-terminated; the caller frees it). */
char *sr_strdup(StateReader *r);
/* TEXT points into the file's buffer, as sr_bytes. */
Value sr_value(StateReader *r);
/* Read a byte-string field as a reader of its own (the parent's file
 * stays loaded while the child is used; messages name the parent's
 * path). Close the child with sr_close. */
void sr_sub(StateReader *parent, StateReader *child);
/* Fields are left to read. */
bool sr_more(const StateReader *r);
/* 0 when every field was read and decoded, else -1 with d: "checkpoint
 * file PATH is damaged: ..." */
int sr_finish(StateReader *r, Diag *d);
void sr_close(StateReader *r);

/* ---- files and directories ------------------------------------------ */

/* mkdir -p, fsync'ing each directory it creates (and its parent). */
int state_mkdirs(const char *path, Diag *d);
int state_fsync_dir(const char *dir, Diag *d);

/* The fault-injection hook: when the environment variable SLUICE_FAULT is
 * "STEP" or "STEP:N" and this is the N-th time (default 1) `step` is
 * reached, the process kills itself with SIGKILL (a crash with nothing
 * flushed or cleaned up). Steps: after-offsets, mid-batch,
 * after-sink-write, after-sink-commit, mid-state-write, mid-compaction,
 * before-commit. */
void fault_point(const char *step);

#endif
