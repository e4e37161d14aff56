/* Unit tests: the directory connector — name order, new files, the
 * temporary-name convention, max_files_per_batch, per-file reports, files
 * taken when their writer closes them, retries of unreadable files, names
 * forgotten when their file goes. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io_util.h"

/* Write fname in t->dir. */
static const char *put(IoTest *t, const char *fname, const char *data)
{
    return io_file(t, fname, data, strlen(data));
}

static void rename_in(IoTest *t, const char *from, const char *to)
{
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/%s", t->dir, from);
    snprintf(b, sizeof b, "%s/%s", t->dir, to);
    cr_assert_eq(rename(a, b), 0);
}

static void init_dir(IoTest *t, const char *format, const char *schema)
{
    io_init(t, true, "logs", schema, "connector", "directory", "format", format, NULL);
    io_opt(t, "path", t->dir);
}

Test(directory, existing_files_in_name_order_then_new_ones)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT, s TEXT");
    put(&t, "b.csv", "2,b\n3,c");            /* the last line needs no newline */
    put(&t, "a.csv", "1,a\n");
    put(&t, "10.csv", "0,x\n");              /* bytewise: "10.csv" < "a.csv" */
    cr_assert_not_null(io_open(&t, -1, false));
    cr_assert(input_fd(t.in) >= 0);          /* inotify: no polling while idle */
    cr_assert_not(input_bounded(t.in));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 4);
    cr_assert_str_eq(sb_str(&t.rows), "0|[x]\n1|[a]\n2|[b]\n3|[c]\n");
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_not(eof);

    put(&t, "0.csv", "4,d\n5,e\n");          /* new, though before the others by name */
    cr_assert_eq(io_next(&t, 2048, &eof), 2);
    cr_assert_not(eof);
    InputOffset off = input_offset(t.in);
    cr_assert_eq(off.parts, 4);
    cr_assert_eq(off.bytes, 0);
    cr_assert_eq(off.records, 6);

    put(&t, "a.csv", "99,again\n");          /* rewritten under a name already read */
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    char want[512];
    snprintf(want, sizeof want, "warning: file \"%s/a.csv\" for stream logs changed after it "
             "was read (now 9 bytes, 4 were read): not read again\n", t.dir);
    cr_assert_str_eq(io_err(&t), want);
    put(&t, "a.csv", "98,more\n");           /* said once */
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
}

Test(directory, files_split_across_calls_keep_their_offsets)
{
    IoTest t;
    init_dir(&t, "text", "value TEXT");
    put(&t, "a.txt", "x\ny\nz\n");
    put(&t, "b.txt", "w\n");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2, &eof), 2);
    cr_assert_eq(input_offset(t.in).parts, 0);
    cr_assert_eq(input_offset(t.in).bytes, 4);
    cr_assert_eq(io_next(&t, 2, &eof), 2);
    cr_assert_eq(input_offset(t.in).parts, 1);
    cr_assert_eq(input_offset(t.in).bytes, 2);
    cr_assert_str_eq(sb_str(&t.rows), "[x]\n[y]\n[z]\n[w]\n");
    io_done(&t);
}

Test(directory, temporary_names_wait_for_the_rename)
{
    IoTest t;
    init_dir(&t, "text", "value TEXT");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    put(&t, ".c.txt", "hidden\n");
    put(&t, "d.txt.tmp", "tmp\n");
    put(&t, "e.txt.partial", "partial\n");
    put(&t, "f.txt._COPYING_", "copying\n");
    char sub[256];
    snprintf(sub, sizeof sub, "%s/sub", t.dir);
    cr_assert_eq(mkdir(sub, 0700), 0);       /* subdirectories are not data */
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    rename_in(&t, ".c.txt", "c.txt");
    rename_in(&t, "d.txt.tmp", "d.txt");
    rename_in(&t, "e.txt.partial", "e.txt");
    rename_in(&t, "f.txt._COPYING_", "f.txt");
    cr_assert_eq(io_next(&t, 2048, &eof), 4);
    cr_assert_str_eq(sb_str(&t.rows), "[hidden]\n[tmp]\n[partial]\n[copying]\n");
    io_done(&t);
}

Test(directory, max_files_per_batch)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    io_opt(&t, "max_files_per_batch", "2");
    put(&t, "1.csv", "1\n");
    put(&t, "2.csv", "2\n22\n");
    put(&t, "3.csv", "3\n");
    cr_assert_not_null(io_open(&t, -1, false));
    input_begin_batch(t.in);
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 3);    /* files 1 and 2 */
    cr_assert_eq(io_next(&t, 2048, &eof), 0);    /* 3 waits for the next batch */
    input_begin_batch(t.in);
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n22\n3\n");
    io_done(&t);
}

Test(directory, a_file_cut_by_max_rows_is_finished_first)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    io_opt(&t, "max_files_per_batch", "1");
    put(&t, "1.csv", "1\n2\n3\n");
    put(&t, "2.csv", "4\n");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2, &eof), 2);
    cr_assert_eq(io_next(&t, 2, &eof), 1);       /* the rest of 1.csv, not 2.csv */
    cr_assert_eq(io_next(&t, 2, &eof), 0);
    input_begin_batch(t.in);
    cr_assert_eq(io_next(&t, 2, &eof), 1);
    io_done(&t);
}

Test(directory, reports_name_the_file_and_its_line)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    io_opt(&t, "header", "true");
    put(&t, "a.csv", "n\n1\nx\n");
    put(&t, "b.csv", "n\ny\n2");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 2);    /* each file has its own header */
    char want[1024];
    snprintf(want, sizeof want,
             "warning: bad record in stream logs (%s/a.csv), line 3: column \"n\": "
             "cannot read \"x\" as BIGINT (skipped)\n"
             "warning: bad record in stream logs (%s/b.csv), line 2: column \"n\": "
             "cannot read \"y\" as BIGINT (skipped)\n", t.dir, t.dir);
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
}

Test(directory, json_and_a_missing_file)
{
    IoTest t;
    init_dir(&t, "json", "n BIGINT");
    put(&t, "a.json", "{\"n\": 1}\n");
    char link[256];
    snprintf(link, sizeof link, "%s/b.json", t.dir);
    cr_assert_eq(symlink("/nonexistent/sluice-test", link), 0);   /* cannot be opened */
    put(&t, "c.json", "{\"n\": 3}");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 2);
    cr_assert_str_eq(sb_str(&t.rows), "1\n3\n");
    char want[512];
    snprintf(want, sizeof want, "warning: cannot read file \"%s/b.json\" for stream logs: "
             "No such file or directory (skipped)\n", t.dir);
    cr_assert_str_eq(io_err(&t), want);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);    /* gone: not retried */
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
}

Test(directory, an_unreadable_file_is_retried)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    /* b.csv -> .loop -> b.csv: open fails with ELOOP (tests may run as
     * root, for whom permissions never fail). Hidden names are not data. */
    char b[256], loop[256];
    snprintf(b, sizeof b, "%s/b.csv", t.dir);
    snprintf(loop, sizeof loop, "%s/.loop", t.dir);
    cr_assert_eq(symlink(".loop", b), 0);
    cr_assert_eq(symlink("b.csv", loop), 0);
    put(&t, "a.csv", "1\n");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    char want[512];
    snprintf(want, sizeof want, "warning: cannot read file \"%s/b.csv\" for stream logs: "
             "Too many levels of symbolic links (will retry)\n", t.dir);
    cr_assert_str_eq(io_err(&t), want);
    /* Mend it: .loop becomes a file. The retry (after 1 s) reads b.csv. */
    put(&t, ".data", "2\n");
    rename_in(&t, ".data", ".loop");
    cr_assert_eq(io_wait_rows(&t, 1, 30000, &eof), 1);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n");
    cr_assert_str_eq(io_err(&t), want);          /* said once */
    io_done(&t);
}

Test(directory, a_file_is_taken_when_its_writer_closes_it)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT, s TEXT");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    /* Created empty, then written in two steps, cut mid-record. */
    char path[256];
    snprintf(path, sizeof path, "%s/a.csv", t.dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    cr_assert(fd >= 0);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_eq(write(fd, "1,one\n2,t", 9), 9);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_eq(write(fd, "wo\n", 3), 3);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_eq(close(fd), 0);
    cr_assert_eq(io_next(&t, 2048, &eof), 2);
    cr_assert_str_eq(sb_str(&t.rows), "1|[one]\n2|[two]\n");
    cr_assert_str_eq(io_err(&t), "");
    io_done(&t);
}

Test(directory, empty_files_count_for_max_files_per_batch)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    io_opt(&t, "max_files_per_batch", "1");
    put(&t, "1.csv", "1\n");
    cr_assert_not_null(io_open(&t, -1, false));
    input_begin_batch(t.in);
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    put(&t, "3.csv", "3\n");
    put(&t, "2.csv", "");                        /* closed empty: an empty file */
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    input_begin_batch(t.in);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);    /* 2.csv: the batch's one file */
    cr_assert_eq(input_offset(t.in).parts, 2);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    input_begin_batch(t.in);
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_str_eq(sb_str(&t.rows), "1\n3\n");
    io_done(&t);
}

Test(directory, a_deleted_name_is_forgotten_and_a_new_file_under_it_read)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    put(&t, "a.csv", "1\n");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    char path[256];
    snprintf(path, sizeof path, "%s/a.csv", t.dir);
    cr_assert_eq(unlink(path), 0);
    put(&t, "a.csv", "2\n");                     /* a new file, same name */
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    put(&t, ".b", "3\n");
    rename_in(&t, ".b", "a.csv");                /* replaced by a rename */
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n3\n");
    cr_assert_str_eq(io_err(&t), "");
    io_done(&t);
}

Test(directory, a_moved_directory_is_listed_instead_of_watched)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", "connector", "directory", NULL);
    char w[256], old[256];
    snprintf(w, sizeof w, "%s/w", t.dir);
    snprintf(old, sizeof old, "%s/w.old", t.dir);
    cr_assert_eq(mkdir(w, 0700), 0);
    io_opt(&t, "path", w);
    put(&t, "w/a.csv", "1\n");
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_eq(rename(w, old), 0);
    cr_assert_eq(mkdir(w, 0700), 0);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    char want[512];
    snprintf(want, sizeof want, "warning: directory \"%s\" for stream logs was removed or "
             "moved: listing it instead of watching\n", w);
    cr_assert_str_eq(io_err(&t), want);
    cr_assert_eq(input_fd(t.in), -1);            /* polled on a timer now */
    /* Listed: taken once its status is 1 s old. */
    put(&t, "w/a.csv", "2\n");
    put(&t, "w/b.csv", "3\n");
    cr_assert_eq(io_wait_rows(&t, 2, 30000, &eof), 2);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n3\n");
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
}

Test(directory, a_table_reads_the_files_present_and_ends)
{
    IoTest t;
    io_init(&t, false, "books", "n BIGINT", "connector", "directory",
            "max_files_per_batch", "1", NULL);       /* does not apply: read whole */
    io_opt(&t, "path", t.dir);
    put(&t, "a.csv", "1\n");
    put(&t, "b.csv", "2\n");
    cr_assert_not_null(io_open(&t, -1, false));
    cr_assert(input_bounded(t.in));
    cr_assert_eq(io_drain(&t, 2048), 2);
    io_done(&t);
}

Test(directory, missing_directory_or_a_file)
{
    IoTest t;
    init_dir(&t, "csv", "n BIGINT");
    char path[256], want[512];
    snprintf(path, sizeof path, "%s/nope", t.dir);
    t.def.options.n--;                        /* replace the path option */
    io_opt(&t, "path", path);
    cr_assert_null(io_open(&t, -1, false));
    snprintf(want, sizeof want, "directory \"%s\" for stream logs does not exist", path);
    cr_assert_str_eq(t.d.message, want);
    cr_assert_str_eq(t.d.hint, "create it first, or check the path");
    io_done(&t);

    init_dir(&t, "csv", "n BIGINT");
    const char *file = put(&t, "f.csv", "1\n");
    t.def.options.n--;
    io_opt(&t, "path", file);
    cr_assert_null(io_open(&t, -1, false));
    snprintf(want, sizeof want, "\"%s\" for stream logs is not a directory", file);
    cr_assert_str_eq(t.d.message, want);
    cr_assert_str_eq(t.d.hint, "use connector = 'file' to read one file");
    io_done(&t);
}
