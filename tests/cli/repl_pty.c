/*
 * repl_pty.c - drives a program through a real terminal (forkpty), for
 * tests/cli/repl_terminal.sh: checks the REPL's prompt, line editing,
 * history recall and tab completion as a person at a terminal sees them.
 *
 *   repl_pty SCRIPT PROG ARGS...
 *
 * SCRIPT lines: "> TEXT" types TEXT (escapes \t \r \n \e \\ and \xHH), "< TEXT"
 * waits (5 s at most) until the output since the last match contains TEXT.
 * Exit 0 when every step passed; else 1 with the step and the output seen.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char seen[1 << 16];
static size_t nseen, mark;

static size_t unescape(const char *s, char *out)
{
    size_t n = 0;
    for (; *s && *s != '\n'; s++) {
        if (*s != '\\' || !s[1]) {
            out[n++] = *s;
            continue;
        }
        s++;
        switch (*s) {
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'n': out[n++] = '\n'; break;
        case 'e': out[n++] = 27; break;
        case 'x': {
            char hex[3] = {s[1], s[1] ? s[2] : 0, 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            s += 2;
            break;
        }
        default: out[n++] = *s; break;
        }
    }
    return n;
}

/* Reads what the program wrote, for up to ms milliseconds. */
static void pump(int fd, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    while (poll(&p, 1, ms) > 0) {
        char buf[4096];
        ssize_t k = read(fd, buf, sizeof buf);
        if (k <= 0)
            return;
        if (nseen + (size_t)k >= sizeof seen - 1)
            k = (ssize_t)(sizeof seen - 1 - nseen);
        memcpy(seen + nseen, buf, (size_t)k);
        nseen += (size_t)k;
        seen[nseen] = 0;
        ms = 50;
    }
}

static int fail(const char *step)
{
    fprintf(stderr, "repl_pty: step failed: %s\n--- output since the last match:\n%s\n---\n",
            step, seen + mark);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: repl_pty SCRIPT PROG ARGS...\n");
        return 2;
    }
    FILE *script = fopen(argv[1], "r");
    if (!script) {
        fprintf(stderr, "repl_pty: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    int fd;
    struct winsize ws = {.ws_row = 24, .ws_col = 200};
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0) {
        perror("repl_pty: forkpty");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("repl_pty: exec");
        _exit(127);
    }
    char line[1024], text[1024];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, script)) {
        if (line[0] == '>' && line[1] == ' ') {
            size_t n = unescape(line + 2, text);
            if (write(fd, text, n) != (ssize_t)n)
                rc = fail(line);
            pump(fd, 100);
        } else if (line[0] == '<' && line[1] == ' ') {
            size_t n = unescape(line + 2, text);
            text[n] = 0;
            struct timespec t0, t;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            char *at;
            while (!(at = strstr(seen + mark, text))) {
                clock_gettime(CLOCK_MONOTONIC, &t);
                if (t.tv_sec - t0.tv_sec >= 5) {
                    rc = fail(line);
                    break;
                }
                pump(fd, 100);
            }
            if (at)
                mark = (size_t)(at - seen) + n;
        }
    }
    fclose(script);
    pump(fd, 200);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    close(fd);
    return rc;
}
