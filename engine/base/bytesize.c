/* bytesize — parsing and printing amounts of memory (see bytesize.h). */
#include "bytesize.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const struct { const char *name; double mult; } units[] = {
    {"b", 1}, {"byte", 1}, {"bytes", 1},
    {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
    {"kib", 1024.0}, {"mib", 1048576.0}, {"gib", 1073741824.0}, {"tib", 1099511627776.0},
};

bool bytesize_parse(const char *s, int64_t percent_of, int64_t *out)
{
    while (isspace((unsigned char)*s)) s++;
    if (!isdigit((unsigned char)*s) && *s != '.') return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v) || v < 0) return false;
    while (isspace((unsigned char)*end)) end++;
    const char *u = end;
    size_t len = 0;
    while (u[len] && !isspace((unsigned char)u[len])) len++;
    const char *rest = u + len;
    while (isspace((unsigned char)*rest)) rest++;
    if (*rest) return false;
    double mult = 0;
    if (len == 0) {
        mult = 1;
    } else if (len == 1 && *u == '%') {
        if (percent_of <= 0 || v > 100) return false;
        v = v / 100.0 * (double)percent_of;
        mult = 1;
    } else {
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
            if (strlen(units[i].name) == len && strncasecmp(u, units[i].name, len) == 0) {
                mult = units[i].mult;
                break;
            }
        }
        if (mult == 0) return false;
    }
    double bytes = v * mult;
    if (bytes >= 9.2e18) return false;
    *out = (int64_t)bytes;
    return true;
}

char *bytesize_format(int64_t n, char buf[32])
{
    static const char *const names[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (n < 1024) {
        snprintf(buf, 32, "%lld byte%s", (long long)n, n == 1 ? "" : "s");
        return buf;
    }
    double v = (double)n;
    int u = -1;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        u++;
    }
    if (n % ((int64_t)1 << (10 * (u + 1))) == 0) snprintf(buf, 32, "%.0f %s", v, names[u]);
    else snprintf(buf, 32, "%.1f %s", v, names[u]);
    return buf;
}

/* A cgroup v2 limit, or 0 ("max", or not in a cgroup). */
static int64_t cgroup_limit(void)
{
    FILE *f = fopen("/sys/fs/cgroup/memory.max", "r");
    if (!f) return 0;
    char line[64] = "";
    int64_t v = 0;
    if (fgets(line, sizeof line, f) && isdigit((unsigned char)line[0])) v = strtoll(line, NULL, 10);
    fclose(f);
    return v;
}

int64_t bytesize_available_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    int64_t ram = pages > 0 && page > 0 ? (int64_t)pages * page : 0;
    int64_t cg = cgroup_limit();
    if (cg > 0 && (ram == 0 || cg < ram)) return cg;
    return ram;
}
