/*
 * bin/latentlab on Linux: starts the image's Java runtime with what lib/app/latentlab.cfg (written by
 * jpackage) says, the way jpackage's own launcher does, but without asking the package managers first.
 *
 * jpackage's Linux launcher runs `rpm -qf` and `dpkg -S` on its own path at every start, twice, to learn
 * whether a package installed it; on a Debian machine each `dpkg -S` reads the file lists of every
 * installed package (0.1 s, 0.3 s after a reboot), before the JVM starts. This launcher reads the .cfg
 * next to the app and executes lib/runtime/bin/java:
 *
 *   java <[JavaOptions] java-options...> -Djpackage.app-path=<this launcher> -cp <[Application]
 *   app.classpath, joined by ':'> <app.mainclass> <the launcher's arguments, or [ArgOptions] arguments>
 *
 * with $APPDIR, $BINDIR and $ROOTDIR replaced as jpackage does (lib/app, bin and the image's folder).
 * build-image.sh compiles it (any C compiler) and puts it in place of jpackage's launcher; without a
 * compiler the image keeps jpackage's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ITEMS 1024

static void die(const char *what, const char *detail) {
    fprintf(stderr, "latentlab: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static char *dup_or_die(const char *s) {
    char *d = strdup(s);
    if (!d) {
        die("out of memory", NULL);
    }
    return d;
}

/* The folder part of a path ("/a/b/c" -> "/a/b"), as a new string. */
static char *parent(const char *path) {
    char *d = dup_or_die(path);
    char *slash = strrchr(d, '/');
    if (!slash) {
        die("cannot tell the folder of", path);
    }
    *(slash == d ? slash + 1 : slash) = '\0';
    return d;
}

static char *join(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (!s) {
        die("out of memory", NULL);
    }
    snprintf(s, n, "%s%s", a, b);
    return s;
}

/* s with every $APPDIR, $BINDIR and $ROOTDIR replaced. */
static char *expand(const char *s, const char *appdir, const char *bindir, const char *rootdir) {
    const char *names[] = {"$APPDIR", "$BINDIR", "$ROOTDIR"};
    const char *values[] = {appdir, bindir, rootdir};
    size_t cap = strlen(s) + 1;
    for (int k = 0; k < 3; k++) {
        for (const char *p = strstr(s, names[k]); p; p = strstr(p + 1, names[k])) {
            cap += strlen(values[k]);
        }
    }
    char *out = malloc(cap);
    if (!out) {
        die("out of memory", NULL);
    }
    char *o = out;
    while (*s) {
        int replaced = 0;
        for (int k = 0; k < 3 && !replaced; k++) {
            size_t len = strlen(names[k]);
            if (strncmp(s, names[k], len) == 0) {
                o += sprintf(o, "%s", values[k]);
                s += len;
                replaced = 1;
            }
        }
        if (!replaced) {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

int main(int argc, char **argv) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        die("cannot find where it is installed (/proc/self/exe)", strerror(errno));
    }
    self[n] = '\0';
    char *bindir = parent(self);
    char *rootdir = parent(bindir);
    char *appdir = join(rootdir, "/lib/app");
    char *java = join(rootdir, "/lib/runtime/bin/java");
    const char *name = strrchr(self, '/') + 1;
    char *cfg_path = join(join(join(appdir, "/"), name), ".cfg");

    FILE *cfg = fopen(cfg_path, "r");
    if (!cfg) {
        die("cannot read its settings; install the app again", cfg_path);
    }
    char *options[MAX_ITEMS];
    char *defaults[MAX_ITEMS];
    int n_options = 0, n_defaults = 0;
    char *classpath = dup_or_die("");
    char *main_class = NULL;
    char line[8192];
    char section[sizeof line] = "";
    while (fgets(line, sizeof line, cfg)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '[') {
            snprintf(section, sizeof section, "%s", line);
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) {
            continue;
        }
        *eq = '\0';
        const char *key = line;
        char *value = expand(eq + 1, appdir, bindir, rootdir);
        if (strcmp(section, "[Application]") == 0 && strcmp(key, "app.classpath") == 0) {
            char *next = *classpath ? join(join(classpath, ":"), value) : value;
            classpath = next;
        } else if (strcmp(section, "[Application]") == 0 && strcmp(key, "app.mainclass") == 0) {
            main_class = value;
        } else if (strcmp(section, "[JavaOptions]") == 0 && strcmp(key, "java-options") == 0) {
            if (n_options >= MAX_ITEMS) {
                die("too many java-options in", cfg_path);
            }
            options[n_options++] = value;
        } else if (strcmp(section, "[ArgOptions]") == 0 && strcmp(key, "arguments") == 0) {
            if (n_defaults >= MAX_ITEMS) {
                die("too many arguments in", cfg_path);
            }
            defaults[n_defaults++] = value;
        }
    }
    fclose(cfg);
    if (!main_class) {
        die("its settings name no main class; install the app again", cfg_path);
    }

    int user = argc - 1;
    int extra = user > 0 ? user : n_defaults;
    char **args = calloc((size_t) n_options + extra + 6, sizeof(char *));
    if (!args) {
        die("out of memory", NULL);
    }
    int a = 0;
    args[a++] = java;
    for (int k = 0; k < n_options; k++) {
        args[a++] = options[k];
    }
    args[a++] = join("-Djpackage.app-path=", self);
    args[a++] = "-cp";
    args[a++] = classpath;
    args[a++] = main_class;
    for (int k = 0; k < extra; k++) {
        args[a++] = user > 0 ? argv[k + 1] : defaults[k];
    }
    args[a] = NULL;
    execv(java, args);
    die("cannot start the Java runtime; install the app again", java);
    return 1;
}
