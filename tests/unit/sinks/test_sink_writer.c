/* Unit tests: the CREATE SINK writer — option checks with exact messages,
 * one file per batch (names, contents, empty batches, no temp files left,
 * numbering after an earlier run's files, planted symlinks, stale temp
 * files, one writer per directory), one appended file (header once, a
 * partial last line refused and left alone, one writer per file), open
 * and write errors, and the stdout connector. Each test works in its own
 * mkdtemp directory, removed afterwards. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/arena.h"
#include "engine/base/diag.h"
#include "engine/base/timeutil.h"
#include "engine/base/batch.h"
#include "engine/sinks/sink_writer.h"

/* ---- helpers ---------------------------------------------------------- */

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/sluice-sink-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

/* Remove tmpdir and everything in it (one level, plus one nested dir). */
static void rm_tree(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) rm_tree(p);
        else unlink(p);
    }
    closedir(dp);
    rmdir(dir);
}

static void remove_tmpdir(void) { rm_tree(tmpdir); }

/* tmpdir + "/" + name, in a static buffer (one at a time). */
static const char *in_tmp(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return p;
}

/* The whole file, or NULL if missing (caller frees). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, m);
    fclose(f);
    fclose(m);
    return text;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static void assert_file(const char *path, const char *want)
{
    char *got = slurp(path);
    cr_assert_not_null(got, "missing file %s", path);
    cr_assert_str_eq(got, want, "file %s", path);
    free(got);
}

/* The names in dir, sorted, joined by spaces (hidden files included). */
static char *listing(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    cr_assert(n >= 0);
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
            sb_printf(&sb, "%s%s", sb.len ? " " : "", names[i]->d_name);
        free(names[i]);
    }
    free(names);
    sb_putc(&sb, '\0');
    return sb_take(&sb);
}

/* Options from "key", "value" pairs; each value's span is its index * 10
 * so tests can check which option an error points at. */
typedef struct Opts {
    Options o;
    Option items[8];
} Opts;

static Opts *opts_of(Opts *x, int n_pairs, const char *const *kv)
{
    memset(x, 0, sizeof *x);
    for (int i = 0; i < n_pairs; i++)
        x->items[i] = (Option){kv[2 * i], kv[2 * i + 1], (uint32_t)(i * 10), 5};
    x->o.n = n_pairs;
    x->o.items = x->items;
    return x;
}
#define OPTS(x, ...)                                                                   \
    (&opts_of((x), (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *) / 2), \
              (const char *const[]){__VA_ARGS__})->o)

/* A k TEXT, v BIGINT batch to fill with rows. */
typedef struct Rows {
    Arena *arena;
    Schema schema;
    Column cols[2];
    Batch *b;
} Rows;

static void rows_init(Rows *r)
{
    static const Type types[] = {TYPE_TEXT, TYPE_INT64};
    r->arena = arena_new();
    r->cols[0] = (Column){.name = "k", .type = TYPE_TEXT};
    r->cols[1] = (Column){.name = "v", .type = TYPE_INT64};
    r->schema = (Schema){2, r->cols};
    r->b = batch_new(r->arena, types, 2);
}

static void row(Rows *r, const char *k, int64_t v)
{
    Batch *b = r->b;
    Value vk = k ? value_text(k, (uint32_t)strlen(k)) : value_null(TYPE_TEXT);
    Value vv = value_int(v);
    vec_set(&b->cols[0], b->n_rows, &vk, r->arena);
    vec_set(&b->cols[1], b->n_rows, &vv, r->arena);
    b->n_rows++;
    b->n_sel = b->n_rows;
}

/* Hand the rows to the sink, then empty the batch. */
static void push(Rows *r, SinkWriter *w)
{
    sink_rows(w, r->b);
    batch_clear(r->b);
}

static void rows_free(Rows *r) { arena_free(r->arena); }

/* Commit, failing the test with the sink's message if it fails. */
static void commit_ok(SinkWriter *w, Diag *d)
{
    int rc = sink_commit(w, d);
    cr_assert_eq(rc, 0, "commit failed: %s", d->message ? d->message : "?");
}

static void assert_diag(const Diag *d, const char *msg, const char *hint)
{
    cr_assert(d->set);
    cr_assert_str_eq(d->message, msg);
    if (hint) {
        cr_assert_not_null(d->hint);
        cr_assert_str_eq(d->hint, hint);
    } else {
        cr_assert_null(d->hint, "unexpected hint: %s", d->hint);
    }
}

TestSuite(sink, .init = make_tmpdir, .fini = remove_tmpdir);

/* ---- one file per batch ------------------------------------------------ */

Test(sink, per_batch_json_files_named_by_batch)
{
    Rows r;
    rows_init(&r);
    Opts o;
    Diag d = {0};
    SinkWriter *w = sink_open("out", OPTS(&o, "connector", "file", "path", tmpdir,
                                          "format", "json", "per_batch", "true"),
                              &r.schema, NULL, &d);
    cr_assert_not_null(w, "%s", d.message);

    sink_begin(w, 0);
    row(&r, "a", 1);
    row(&r, NULL, -2);
    push(&r, w);
    row(&r, "say \"hi\"", 3);
    push(&r, w);
    /* Nothing is visible before the commit. */
    char *ls = listing(tmpdir);
    cr_assert_str_eq(ls, "");
    free(ls);
    commit_ok(w, &d);

    sink_begin(w, 1);            /* empty: no file */
    push(&r, w);
    commit_ok(w, &d);

    sink_begin(w, 2);
    row(&r, "z", 9);
    push(&r, w);
    commit_ok(w, &d);

    ls = listing(tmpdir);
    cr_assert_str_eq(ls, "batch-000000.json batch-000002.json");
    free(ls);
    assert_file(in_tmp("batch-000000.json"),
                "{\"k\":\"a\",\"v\":1}\n{\"k\":null,\"v\":-2}\n{\"k\":\"say \\\"hi\\\"\",\"v\":3}\n");
    assert_file(in_tmp("batch-000002.json"), "{\"k\":\"z\",\"v\":9}\n");
    cr_assert_eq(sink_rows_written(w), 4);
    sink_close(w);
    rows_free(&r);
}

Test(sink, per_batch_csv_header_in_every_file)
{
    Rows r;
    rows_init(&r);
    Opts o;
    Diag d = {0};
    /* A trailing slash on the directory is fine. */
    char dir[128];
    snprintf(dir, sizeof dir, "%s/", tmpdir);
    SinkWriter *w = sink_open("out", OPTS(&o, "connector", "FILE", "path", dir,
                                          "per_batch", "TRUE"),
                              &r.schema, NULL, &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 7);
    row(&r, "a,b", 1);
    row(&r, "", 2);
    row(&r, NULL, 3);
    push(&r, w);
    commit_ok(w, &d);
    sink_begin(w, 8);
    row(&r, "c", 4);
    push(&r, w);
    commit_ok(w, &d);
    sink_close(w);
    assert_file(in_tmp("batch-000007.csv"), "k,v\n\"a,b\",1\n\"\",2\n,3\n");
    assert_file(in_tmp("batch-000008.csv"), "k,v\nc,4\n");
    char *ls = listing(tmpdir);
    cr_assert_str_eq(ls, "batch-000007.csv batch-000008.csv");
    free(ls);
    rows_free(&r);
}

Test(sink, per_batch_csv_without_header_and_odd_batch_ids)
{
    Rows r;
    rows_init(&r);
    Opts o;
    Diag d = {0};
    SinkWriter *w = sink_open("out", OPTS(&o, "connector", "file", "path", tmpdir,
                                          "per_batch", "true", "header", "false"),
                              &r.schema, NULL, &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, -1);           /* one-shot result: batch 0 */
    row(&r, "a", 1);
    push(&r, w);
    commit_ok(w, &d);
    sink_begin(w, 1234567);      /* past 6 digits: more digits */
    row(&r, "b", 2);
    push(&r, w);
    commit_ok(w, &d);
    sink_close(w);
    assert_file(in_tmp("batch-000000.csv"), "a,1\n");
    assert_file(in_tmp("batch-1234567.csv"), "b,2\n");
    rows_free(&r);
}

static SinkWriter *open_per_batch(Rows *r, const char *name, const char *format, Diag *d)
{
    Opts o;
    return sink_open(name, OPTS(&o, "connector", "file", "path", tmpdir, "format", format,
                                "per_batch", "true"),
                     &r->schema, NULL, d);
}

/* One row ("k", v) as batch `id`, committed. */
static void one_batch(Rows *r, SinkWriter *w, int64_t id, const char *k, int64_t v)
{
    Diag d = {0};
    sink_begin(w, id);
    row(r, k, v);
    push(r, w);
    commit_ok(w, &d);
}

Test(sink, per_batch_numbers_after_the_files_of_an_earlier_run)
{
    Rows r;
    rows_init(&r);
    /* An earlier run (in either format) left batches up to 4. */
    spit(in_tmp("batch-000000.json"), "old0\n");
    spit(in_tmp("batch-000004.csv"), "old4\n");
    spit(in_tmp("batch-99.json"), "not ours: too few digits\n");
    Diag d = {0};
    SinkWriter *w = open_per_batch(&r, "out", "json", &d);
    cr_assert_not_null(w, "%s", d.message);
    one_batch(&r, w, 0, "new", 1);
    one_batch(&r, w, 2, "newer", 2);
    sink_close(w);
    assert_file(in_tmp("batch-000000.json"), "old0\n");
    assert_file(in_tmp("batch-000004.csv"), "old4\n");
    assert_file(in_tmp("batch-000005.json"), "{\"k\":\"new\",\"v\":1}\n");
    assert_file(in_tmp("batch-000007.json"), "{\"k\":\"newer\",\"v\":2}\n");
    char *ls = listing(tmpdir);
    cr_assert_str_eq(ls, "batch-000000.json batch-000004.csv batch-000005.json "
                         "batch-000007.json batch-99.json");
    free(ls);
    rows_free(&r);
}

Test(sink, per_batch_never_writes_through_a_planted_symlink)
{
    Rows r;
    rows_init(&r);
    /* A victim outside the directory, and symlinks to it under the
     * temporary name earlier versions used and under the final name. */
    char victim[128];
    snprintf(victim, sizeof victim, "%s.victim", tmpdir);
    spit(victim, "precious\n");
    cr_assert_eq(symlink(victim, in_tmp(".batch-000000.json.tmp")), 0);
    cr_assert_eq(symlink(victim, in_tmp("x")), 0);
    Diag d = {0};
    SinkWriter *w = open_per_batch(&r, "out", "json", &d);
    cr_assert_not_null(w, "%s", d.message);
    one_batch(&r, w, 0, "a", 1);
    sink_close(w);
    assert_file(victim, "precious\n");
    unlink(victim);
    /* The symlinks stay (not regular files: never removed either). */
    char *ls = listing(tmpdir);
    cr_assert_str_eq(ls, ".batch-000000.json.tmp batch-000000.json x");
    free(ls);
    assert_file(in_tmp("batch-000000.json"), "{\"k\":\"a\",\"v\":1}\n");
    rows_free(&r);
}

Test(sink, per_batch_directory_has_one_writer)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    SinkWriter *w = open_per_batch(&r, "out", "csv", &d);
    cr_assert_not_null(w, "%s", d.message);
    cr_assert_null(open_per_batch(&r, "out2", "json", &d));
    char want[256];
    snprintf(want, sizeof want, "cannot write sink out2 to \"%s\": another query of this "
             "session writes to this directory", tmpdir);
    assert_diag(&d, want, "one writer at a time: stop the other query, or give this sink "
                "another path");
    diag_clear(&d);
    sink_close(w);
    w = open_per_batch(&r, "out2", "json", &d);   /* free again */
    cr_assert_not_null(w, "%s", d.message);
    sink_close(w);
    rows_free(&r);
}

Test(sink, selection_vector_and_large_batches)
{
    Rows r;
    rows_init(&r);
    Opts o;
    Diag d = {0};
    SinkWriter *w = sink_open("out", OPTS(&o, "connector", "file", "path", tmpdir,
                                          "per_batch", "true", "header", "false"),
                              &r.schema, NULL, &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 3);
    /* Three full batches of 2048 rows, then one with a selection. */
    int64_t v = 0;
    for (int rep = 0; rep < 3; rep++) {
        for (uint32_t i = 0; i < BATCH_CAP; i++) row(&r, "x", v++);
        push(&r, w);
    }
    row(&r, "skip", -1);
    row(&r, "keep", 42);
    row(&r, "skip", -1);
    uint32_t sel[] = {1};
    r.b->sel = sel;
    r.b->n_sel = 1;
    push(&r, w);
    commit_ok(w, &d);
    cr_assert_eq(sink_rows_written(w), 3 * BATCH_CAP + 1);
    sink_close(w);
    char *text = slurp(in_tmp("batch-000003.csv"));
    cr_assert_not_null(text);
    size_t lines = 0;
    for (char *p = text; *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, 3 * BATCH_CAP + 1);
    cr_assert(strncmp(text, "x,0\nx,1\n", 8) == 0);
    size_t n = strlen(text);
    cr_assert_str_eq(text + n - 16, "\nx,6143\nkeep,42\n");
    free(text);
    rows_free(&r);
}

/* ---- one appended file ------------------------------------------------- */

static SinkWriter *open_append(Rows *r, const char *path, const char *format, Diag *d)
{
    Opts o;
    return sink_open("out", OPTS(&o, "connector", "file", "path", path, "format", format),
                     &r->schema, NULL, d);
}

Test(sink, append_csv_header_once_across_batches_and_runs)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    const char *path = in_tmp("out.csv");
    SinkWriter *w = open_append(&r, path, "csv", &d);
    cr_assert_not_null(w, "%s", d.message);
    assert_file(path, "");                /* created at open */
    sink_begin(w, 0);                     /* an empty batch writes nothing */
    commit_ok(w, &d);
    assert_file(path, "");
    sink_begin(w, 1);
    row(&r, "a", 1);
    push(&r, w);
    assert_file(path, "");                /* not before the commit */
    commit_ok(w, &d);
    sink_begin(w, 2);
    row(&r, "b", 2);
    row(&r, "c", 3);
    push(&r, w);
    commit_ok(w, &d);
    sink_close(w);
    assert_file(path, "k,v\na,1\nb,2\nc,3\n");

    /* A second query appends to the non-empty file: no second header. */
    w = open_append(&r, path, "csv", &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 0);
    row(&r, "d", 4);
    push(&r, w);
    commit_ok(w, &d);
    cr_assert_eq(sink_rows_written(w), 1);
    sink_close(w);
    assert_file(path, "k,v\na,1\nb,2\nc,3\nd,4\n");
    rows_free(&r);
}

Test(sink, append_json_lines)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    const char *path = in_tmp("out.json");
    spit(path, "{\"k\":\"old\",\"v\":0}\n");
    SinkWriter *w = open_append(&r, path, "json", &d);
    cr_assert_not_null(w, "%s", d.message);
    for (int64_t id = 0; id < 2; id++) {
        sink_begin(w, id);
        row(&r, "n", id);
        push(&r, w);
        commit_ok(w, &d);
    }
    sink_close(w);
    assert_file(path, "{\"k\":\"old\",\"v\":0}\n{\"k\":\"n\",\"v\":0}\n{\"k\":\"n\",\"v\":1}\n");
    rows_free(&r);
}

/* The recovery tests capture stderr for the warning. */
static void make_tmpdir_capture_stderr(void)
{
    make_tmpdir();
    cr_redirect_stderr();
}

TestSuite(sink_recover, .init = make_tmpdir_capture_stderr, .fini = remove_tmpdir);

Test(sink_recover, per_batch_removes_its_stale_temporary_files)
{
    Rows r;
    rows_init(&r);
    spit(in_tmp(".batch-000002.csv.tmp"), "old style\n");
    spit(in_tmp(".batch-000003.csv.a1b2c3d4.tmp"), "a crash\n");
    /* Not of our pattern: kept. */
    spit(in_tmp(".batch-000003.csv.A1B2C3D4.tmp"), "upper case\n");
    spit(in_tmp(".notes.tmp"), "the user's\n");
    spit(in_tmp("batch-000001.csv.tmp"), "not hidden\n");
    Diag d = {0};
    SinkWriter *w = open_per_batch(&r, "out", "csv", &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_close(w);
    char *ls = listing(tmpdir);
    cr_assert_str_eq(ls, ".batch-000003.csv.A1B2C3D4.tmp .notes.tmp batch-000001.csv.tmp");
    free(ls);
    fflush(stderr);
    char want[256];
    snprintf(want, sizeof want, "warning: sink out: removed 2 temporary files left by an "
             "interrupted run in \"%s\"\n", tmpdir);
    cr_assert_stderr_eq_str(want);
    rows_free(&r);
}

/* An existing file that does not end with a newline is refused and left
 * as it is (earlier versions cut it back to its last newline). */
static void refused(const char *path, const char *content, long after, long keep)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    cr_assert_null(open_append(&r, path, "csv", &d));
    char want[512], hint[512];
    snprintf(want, sizeof want, "cannot write sink out to \"%s\": the file does not end with "
             "a newline (%ld bytes after its last line)", path, after);
    if (keep > 0)
        snprintf(hint, sizeof hint, "sluice appends whole lines and never changes what is "
                 "already in the file: check that this is the right file; if a crash cut its "
                 "last line, remove that line (truncate -s %ld '%s')", keep, path);
    else
        snprintf(hint, sizeof hint, "sluice appends whole lines and never changes what is "
                 "already in the file: check that this is the right file");
    assert_diag(&d, want, hint);
    diag_clear(&d);
    assert_file(path, content);
    rows_free(&r);
}

Test(sink, append_refuses_a_partial_last_line)
{
    const char *path = in_tmp("out.csv");
    spit(path, "k,v\na,1\nb,");       /* a crash in the middle of "b,2\n" */
    refused(path, "k,v\na,1\nb,", 2, 8);
}

Test(sink, append_refuses_a_file_without_any_newline)
{
    const char *path = in_tmp("out.csv");
    /* Longer than the 64 KiB read-back window, with no "\n" at all. */
    char *junk = malloc(100000);
    memset(junk, 'x', 99999);
    junk[99999] = '\0';
    spit(path, junk);
    refused(path, junk, 99999, 0);
    free(junk);
}

Test(sink, append_finds_a_newline_further_back)
{
    const char *path = in_tmp("out.json");
    /* A whole line, then a partial one longer than the read-back window. */
    char *text = malloc(200000);
    strcpy(text, "{\"k\":\"a\",\"v\":1}\n");
    size_t n = strlen(text);
    memset(text + n, 'y', 150000);
    text[n + 150000] = '\0';
    spit(path, text);
    refused(path, text, 150000, 16);
    free(text);
}

Test(sink, append_file_has_one_writer)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    const char *path = in_tmp("out.csv");
    SinkWriter *w = open_append(&r, path, "csv", &d);
    cr_assert_not_null(w, "%s", d.message);
    one_batch(&r, w, 0, "a", 1);
    Opts o;
    cr_assert_null(sink_open("other", OPTS(&o, "connector", "file", "path", path),
                             &r.schema, NULL, &d));
    char want[256];
    snprintf(want, sizeof want, "cannot write sink other to \"%s\": another query of this "
             "session writes to this file", path);
    assert_diag(&d, want, "one writer at a time: stop the other query, or give this sink "
                "another path");
    diag_clear(&d);
    one_batch(&r, w, 1, "b", 2);
    sink_close(w);
    assert_file(path, "k,v\na,1\nb,2\n");
    rows_free(&r);
}

/* ---- the stdout connector --------------------------------------------- */

Test(sink, stdout_csv_and_json)
{
    Rows r;
    rows_init(&r);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    Opts o;
    Diag d = {0};
    SinkWriter *w = sink_open("console", OPTS(&o, "connector", "stdout"), &r.schema, m, &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 0);
    row(&r, "a", 1);
    push(&r, w);
    cr_assert_eq(len, 0);                 /* held until the commit */
    commit_ok(w, &d);
    cr_assert_str_eq(text, "k,v\na,1\n");
    sink_begin(w, 1);
    commit_ok(w, &d);
    sink_begin(w, 2);
    row(&r, "b", 2);
    push(&r, w);
    commit_ok(w, &d);
    cr_assert_str_eq(text, "k,v\na,1\nb,2\n");
    sink_close(w);

    w = sink_open("console", OPTS(&o, "connector", "stdout", "format", "Json"), &r.schema, m,
                  &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 0);
    row(&r, "c", 3);
    push(&r, w);
    commit_ok(w, &d);
    cr_assert_str_eq(text, "k,v\na,1\nb,2\n{\"k\":\"c\",\"v\":3}\n");
    cr_assert_eq(sink_rows_written(w), 1);
    sink_close(w);
    fclose(m);
    free(text);
    rows_free(&r);
}

/* ---- errors at open and commit ------------------------------------------ */

Test(sink, open_append_in_a_missing_directory)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    cr_assert_null(open_append(&r, "/nonexistent-sluice-dir/x.json", "json", &d));
    assert_diag(&d, "cannot write sink out to \"/nonexistent-sluice-dir/x.json\": "
                    "No such file or directory",
                "create the directory \"/nonexistent-sluice-dir\" first");
    cr_assert(!span_valid(d.span));
    diag_clear(&d);
    rows_free(&r);
}

Test(sink, open_append_on_a_directory)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    cr_assert_null(open_append(&r, tmpdir, "json", &d));
    char want[512];
    snprintf(want, sizeof want, "cannot write sink out to \"%s\": Is a directory", tmpdir);
    assert_diag(&d, want, "to write one file per micro-batch into a directory, add per_batch = true");
    diag_clear(&d);
    rows_free(&r);
}

Test(sink, open_per_batch_missing_or_not_a_directory)
{
    Rows r;
    rows_init(&r);
    Opts o;
    Diag d = {0};
    const char *missing = in_tmp("nope");
    cr_assert_null(sink_open("out", OPTS(&o, "connector", "file", "path", missing,
                                         "per_batch", "true"),
                             &r.schema, NULL, &d));
    char want[512], hint[512];
    snprintf(want, sizeof want, "cannot write sink out to \"%s\": No such file or directory",
             missing);
    snprintf(hint, sizeof hint, "with per_batch = true, path is a directory that must exist: "
             "create it first (mkdir -p %s)", missing);
    assert_diag(&d, want, hint);
    diag_clear(&d);

    char file[128];
    snprintf(file, sizeof file, "%s", in_tmp("plain.txt"));
    spit(file, "x\n");
    cr_assert_null(sink_open("out", OPTS(&o, "connector", "file", "path", file,
                                         "per_batch", "true"),
                             &r.schema, NULL, &d));
    snprintf(want, sizeof want, "cannot write sink out to \"%s\": Not a directory", file);
    assert_diag(&d, want, "with per_batch = true, path names a directory, not a file");
    diag_clear(&d);
    rows_free(&r);
}

Test(sink, commit_error_disk_full)
{
    Rows r;
    rows_init(&r);
    Diag d = {0};
    SinkWriter *w = open_append(&r, "/dev/full", "json", &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 0);
    row(&r, "a", 1);
    push(&r, w);
    cr_assert_eq(sink_commit(w, &d), -1);
    assert_diag(&d, "cannot write sink out to \"/dev/full\": No space left on device", NULL);
    diag_clear(&d);
    cr_assert_eq(sink_rows_written(w), 0);
    sink_close(w);

    /* The stdout connector reports a failed flush the same way. */
    FILE *full = fopen("/dev/full", "w");
    cr_assert_not_null(full);
    Opts o;
    w = sink_open("out", OPTS(&o, "connector", "stdout"), &r.schema, full, &d);
    cr_assert_not_null(w, "%s", d.message);
    sink_begin(w, 0);
    row(&r, "a", 1);
    push(&r, w);
    cr_assert_eq(sink_commit(w, &d), -1);
    assert_diag(&d, "cannot write sink out to stdout: No space left on device", NULL);
    diag_clear(&d);
    sink_close(w);
    fclose(full);
    rows_free(&r);
}

/* ---- option checks ------------------------------------------------------ */

/* Validate; expect an error with message, hint (NULL: none) and the span
 * of the option at index `at` (-1: no span). */
static void bad(const Options *o, const char *msg, const char *hint, int at)
{
    Diag d = {0};
    cr_assert_eq(sink_validate("out", o, &d), -1, "accepted; expected: %s", msg);
    assert_diag(&d, msg, hint);
    if (at < 0) {
        cr_assert(!span_valid(d.span));
    } else {
        cr_assert_eq(d.span.off, (uint32_t)(at * 10));
        cr_assert_eq(d.span.len, 5);
    }
    diag_clear(&d);
}

static void good(const Options *o)
{
    Diag d = {0};
    cr_assert_eq(sink_validate("out", o, &d), 0, "rejected: %s", d.message);
}

Test(sink_options, valid)
{
    Opts o;
    good(OPTS(&o, "connector", "stdout"));
    good(OPTS(&o, "connector", "stdout", "format", "json"));
    good(OPTS(&o, "connector", "stdout", "format", "csv", "header", "false"));
    good(OPTS(&o, "connector", "file", "path", "out.csv"));
    good(OPTS(&o, "connector", "File", "path", "d", "per_batch", "True", "format", "JSON"));
    good(OPTS(&o, "path", "d", "per_batch", "false", "connector", "file", "header", "true"));
}

Test(sink_options, connector)
{
    Opts o;
    bad(OPTS(&o, "path", "x"), "missing option \"connector\" for sink out",
        "add connector = 'file' (with path = '...') or connector = 'stdout'", -1);
    bad(OPTS(&o, "connector", "fiel", "path", "x"), "unknown connector \"fiel\" for sink out",
        "did you mean 'file'?", 0);
    bad(OPTS(&o, "path", "x", "connector", "kafka"), "unknown connector \"kafka\" for sink out",
        "sink connectors: file, stdout", 1);
}

Test(sink_options, format)
{
    Opts o;
    bad(OPTS(&o, "connector", "stdout", "format", "jsn"), "unknown format \"jsn\" for sink out",
        "did you mean 'json'?", 1);
    bad(OPTS(&o, "connector", "stdout", "format", "changelog"),
        "unknown format \"changelog\" for sink out", "sink formats: csv, json", 1);
}

Test(sink_options, path)
{
    Opts o;
    bad(OPTS(&o, "connector", "file"), "missing option \"path\" for sink out",
        "add path = 'out.csv' (one file, appended to), or per_batch = true "
        "with path = 'out_dir' (a directory, one file per micro-batch)", 0);
    bad(OPTS(&o, "format", "json", "connector", "file", "per_batch", "true"),
        "missing option \"path\" for sink out",
        "add path = 'out.json' (one file, appended to), or per_batch = true "
        "with path = 'out_dir' (a directory, one file per micro-batch)", 1);
    bad(OPTS(&o, "connector", "file", "path", ""),
        "invalid value \"\" for option \"path\": expected a file name", NULL, 1);
    bad(OPTS(&o, "connector", "file", "path", "", "per_batch", "true"),
        "invalid value \"\" for option \"path\": expected a directory name", NULL, 1);
    bad(OPTS(&o, "connector", "stdout", "path", "x"),
        "option \"path\" does not apply to connector 'stdout'", NULL, 1);
}

Test(sink_options, booleans_and_applicability)
{
    Opts o;
    bad(OPTS(&o, "connector", "file", "path", "d", "per_batch", "yes"),
        "invalid value \"yes\" for option \"per_batch\": expected true or false", NULL, 2);
    bad(OPTS(&o, "connector", "file", "path", "d", "header", "1"),
        "invalid value \"1\" for option \"header\": expected true or false", NULL, 2);
    bad(OPTS(&o, "connector", "stdout", "per_batch", "true"),
        "option \"per_batch\" does not apply to connector 'stdout'", NULL, 1);
    bad(OPTS(&o, "connector", "stdout", "format", "json", "header", "true"),
        "option \"header\" does not apply to format 'json'", NULL, 2);
}

Test(sink_options, unknown_and_repeated_names)
{
    Opts o;
    bad(OPTS(&o, "connector", "file", "path", "d", "per_bach", "true"),
        "unknown option \"per_bach\" for sink out", "did you mean \"per_batch\"?", 2);
    bad(OPTS(&o, "connector", "file", "path", "d", "compression", "gzip"),
        "unknown option \"compression\" for sink out",
        "valid options: connector, path, format, per_batch, header", 2);
    bad(OPTS(&o, "connector", "file", "path", "a", "path", "b"),
        "option \"path\" is given twice", NULL, 2);
}
