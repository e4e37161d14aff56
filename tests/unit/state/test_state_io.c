/* Unit tests of state_io: checkpoint files written and read back, and
 * every kind of damage refused with the file's path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/state/state_io.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/sluice-state-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

static const char *file(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void write_sample(const char *path)
{
    StateWriter w = {0};
    Diag d = {0};
    sw_begin(&w, STATE_FILE_DELTA);
    sw_u8(&w, 7);
    sw_u32(&w, 123456);
    sw_i64(&w, -42);
    sw_f64(&w, 2.5);
    sw_str(&w, "hello");
    Value t = {.type = TYPE_TEXT, .s = {"abc", 3}};
    Value n = {.type = TYPE_INT64, .is_null = true};
    Value ts = value_ts(1700000000000000);
    sw_value(&w, &t);
    sw_value(&w, &n);
    sw_value(&w, &ts);
    cr_assert_eq(sw_write_file(&w, path, NULL, &d), 0, "%s", d.message);
    sw_free(&w);
}

Test(state_io, round_trip, .init = setup, .fini = teardown)
{
    write_sample(file("a"));
    StateReader r;
    Diag d = {0};
    cr_assert_eq(sr_open(&r, file("a"), STATE_FILE_DELTA, false, &d), 1, "%s", d.message);
    cr_expect_eq(sr_u8(&r), 7);
    cr_expect_eq(sr_u32(&r), 123456);
    cr_expect_eq(sr_i64(&r), -42);
    cr_expect_eq(sr_f64(&r), 2.5);
    char *s = sr_strdup(&r);
    cr_expect_str_eq(s, "hello");
    free(s);
    Value t = sr_value(&r), n = sr_value(&r), ts = sr_value(&r);
    cr_expect_eq(t.type, TYPE_TEXT);
    cr_expect_eq(t.s.len, 3);
    cr_expect_eq(memcmp(t.s.ptr, "abc", 3), 0);
    cr_expect(n.is_null);
    cr_expect_eq(n.type, TYPE_INT64);
    cr_expect_eq(ts.i, 1700000000000000);
    cr_expect_not(sr_more(&r));
    cr_expect_eq(sr_finish(&r, &d), 0);
    sr_close(&r);
    /* No temporary file is left behind. */
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", file("a"), (long)getpid());
    cr_expect_neq(access(tmp, F_OK), 0);
}

Test(state_io, missing_file, .init = setup, .fini = teardown)
{
    StateReader r;
    Diag d = {0};
    cr_expect_eq(sr_open(&r, file("none"), STATE_FILE_DELTA, true, &d), 0);
    cr_expect_null(d.message);
    cr_expect_eq(sr_open(&r, file("none"), STATE_FILE_DELTA, false, &d), -1);
    char want[256];
    snprintf(want, sizeof want, "cannot read checkpoint file \"%s\": No such file or directory", file("none"));
    cr_expect_str_eq(d.message, want);
    diag_clear(&d);
}

/* Flip one byte of the file at `at` (from the end when negative), or cut it to `len`. */
static void damage(const char *path, long at, long cut)
{
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    if (cut >= 0) {
        cr_assert_eq(ftruncate(fileno(f), cut), 0);
    } else {
        long pos = at < 0 ? size + at : at;
        fseek(f, pos, SEEK_SET);
        int c = fgetc(f);
        fseek(f, pos, SEEK_SET);
        fputc(c ^ 0x20, f);
    }
    fclose(f);
}

static void expect_refused(const char *why, StateFileKind kind)
{
    StateReader r;
    Diag d = {0};
    cr_assert_eq(sr_open(&r, file("a"), kind, false, &d), -1);
    char want[256];
    snprintf(want, sizeof want, "checkpoint file \"%s\" is damaged: %s", file("a"), why);
    cr_expect_str_eq(d.message, want);
    cr_expect_str_eq(d.hint, "the checkpoint cannot be used; remove its directory to start the query afresh");
    diag_clear(&d);
}

Test(state_io, flipped_byte, .init = setup, .fini = teardown)
{
    write_sample(file("a"));
    damage(file("a"), 20, -1);
    expect_refused("its checksum does not match its contents", STATE_FILE_DELTA);
}

Test(state_io, truncated, .init = setup, .fini = teardown)
{
    write_sample(file("a"));
    damage(file("a"), 0, 30);
    expect_refused("its checksum does not match its contents", STATE_FILE_DELTA);
    damage(file("a"), 0, 5);
    expect_refused("it is truncated", STATE_FILE_DELTA);
}

Test(state_io, wrong_kind, .init = setup, .fini = teardown)
{
    write_sample(file("a"));
    expect_refused("it holds a state delta where a commit record belongs", STATE_FILE_COMMIT);
}

Test(state_io, not_ours, .init = setup, .fini = teardown)
{
    FILE *f = fopen(file("a"), "w");
    fputs("hello, this is not a checkpoint\n", f);
    fclose(f);
    expect_refused("it is not a sluice checkpoint file", STATE_FILE_DELTA);
}

Test(state_io, reading_past_the_end_is_damage, .init = setup, .fini = teardown)
{
    write_sample(file("a"));
    StateReader r;
    Diag d = {0};
    cr_assert_eq(sr_open(&r, file("a"), STATE_FILE_DELTA, false, &d), 1);
    sr_u8(&r);
    sr_u32(&r);
    sr_i64(&r);
    sr_f64(&r);
    sr_bytes(&r);
    for (int i = 0; i < 4; i++) sr_value(&r);     /* one more than written */
    cr_expect_eq(sr_finish(&r, &d), -1);
    char want[256];
    snprintf(want, sizeof want, "checkpoint file \"%s\" is damaged: a record ends early or holds a value "
             "that cannot be read", file("a"));
    cr_expect_str_eq(d.message, want);
    sr_close(&r);
    diag_clear(&d);
}

Test(state_io, crc32c_known_value)
{
    /* The check value of CRC-32C (iSCSI): "123456789" -> 0xE3069283. */
    cr_expect_eq(crc32c(0, "123456789", 9), 0xE3069283u);
    const char *s = "a longer string that crosses the eight-byte steps";
    uint32_t whole = crc32c(0, s, strlen(s));
    uint32_t parts = crc32c(crc32c(0, s, 13), s + 13, strlen(s) - 13);
    cr_expect_eq(whole, parts);
}
