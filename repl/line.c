/*
 * line.c - where commands come from.
 *
 * On a terminal: readline with the prompt "(firvm) ", history kept in
 * $HOME/.firvm_history (read at start, each line appended as it is
 * entered), and tab completion of command names (first word), function
 * names (after break, tbreak, list, disassemble) and variables in scope,
 * globals and functions (elsewhere).  Otherwise lines are read from
 * standard input and echoed after the prompt, so the output is a
 * transcript.  Either way an empty line repeats the last command.
 *
 * readline's callbacks take no context pointer, so the session being
 * completed is kept in `completing` for the time of one readline call.
 */
#include "repl/internal.h"

#include <readline/history.h>
#include <readline/readline.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROMPT "(firvm) "
#define HISTORY_MAX 1000

static Repl *completing;

/* ---------------------------------------------------------- completion */

typedef enum CompleteWhat { COMPLETE_COMMAND, COMPLETE_FUNC, COMPLETE_VAR } CompleteWhat;

static CompleteWhat complete_what;

/* The k-th candidate name (NULL past the last). */
static const char *candidate(Repl *R, size_t k)
{
    if (complete_what == COMPLETE_COMMAND)
        return repl_command_name(k);
    const FirModule *m = vm_debug_module(R->p);
    if (complete_what == COMPLETE_VAR) {
        VmDebugFrame f;
        if (R->running && vm_debug_frame(R->p, R->frame, &f)) {
            const FirFunc *fn = &m->funcs[f.func];
            if (k < fn->ndbg_vars)
                return fn->dbg_vars[k].name;
            k -= fn->ndbg_vars;
        }
        for (uint32_t g = 0; g < m->nglobals; g++) {
            if (!m->globals[g].dbg_type)
                continue;
            if (k-- == 0)
                return m->globals[g].dbg_name ? m->globals[g].dbg_name : m->globals[g].name;
        }
    }
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        if (!m->funcs[f].defined)
            continue;
        if (k-- == 0)
            return m->funcs[f].name;
    }
    return NULL;
}

static char *generator(const char *text, int state)
{
    static size_t next;
    if (state == 0)
        next = 0;
    size_t n = strlen(text);
    const char *name;
    while ((name = candidate(completing, next++)))
        if (strncmp(name, text, n) == 0) {
            /* no duplicates: an earlier candidate with the same name wins */
            bool dup = false;
            for (size_t k = 0; k + 1 < next && !dup; k++) {
                const char *o = candidate(completing, k);
                dup = o && strcmp(o, name) == 0;
            }
            if (!dup)
                return strdup(name);
        }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* never file names */
    const char *line = rl_line_buffer;
    while (*line == ' ')
        line++;
    if (line - rl_line_buffer >= start) {
        complete_what = COMPLETE_COMMAND;
    } else {
        size_t w = strcspn(line, " \t");
        complete_what = COMPLETE_VAR;
        static const char *const take_funcs[] = {"break", "b", "tbreak", "list", "l",
                                                 "disassemble", NULL};
        for (int i = 0; take_funcs[i]; i++)
            if (strlen(take_funcs[i]) == w && strncmp(line, take_funcs[i], w) == 0)
                complete_what = COMPLETE_FUNC;
    }
    return rl_completion_matches(text, generator);
}

/* ---------------------------------------------------------------- loop */

/* Runs a line: an empty one repeats the last command. */
static void dispatch(Repl *R, const char *line)
{
    const char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s) {
        if (!R->last_cmd)
            return;
        R->repeating = true;
        repl_command(R, R->last_cmd);
        R->repeating = false;
        return;
    }
    free(R->last_cmd);
    R->last_cmd = strdup(s);
    repl_command(R, s);
}

static char *history_path(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    size_t n = strlen(home) + sizeof "/.firvm_history";
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/.firvm_history", home);
    return p;
}

static void interactive(Repl *R)
{
    char *hist = history_path();
    rl_readline_name = "firvm";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(*[.-!~+/%^?:,)]}";
    using_history();
    stifle_history(HISTORY_MAX);
    if (hist)
        read_history(hist);
    completing = R;
    while (!R->quit) {
        fflush(R->out);
        char *line = readline(PROMPT);
        if (!line) {
            repl_printf(R, "quit\n");
            break;
        }
        if (*line) {
            HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1)
                                              : NULL;
            if (!last || strcmp(last->line, line) != 0) {
                add_history(line);
                if (hist && append_history(1, hist) != 0)
                    write_history(hist); /* the file did not exist yet */
            }
        }
        dispatch(R, line);
        free(line);
    }
    completing = NULL;
    if (hist)
        history_truncate_file(hist, HISTORY_MAX);
    free(hist);
}

static void scripted(Repl *R)
{
    char buf[4096];
    while (!R->quit && fgets(buf, sizeof buf, stdin)) {
        size_t n = strlen(buf);
        if (n && buf[n - 1] == '\n')
            buf[--n] = 0;
        else if (n == sizeof buf - 1) { /* too long: drop the rest of the line */
            int c;
            while ((c = getchar()) != EOF && c != '\n')
                ;
            repl_printf(R, "%s%.40s...\n", PROMPT, buf);
            repl_error(R, "Command line too long (at most %zu characters).", sizeof buf - 2);
            continue;
        }
        if (n && buf[n - 1] == '\r')
            buf[--n] = 0;
        repl_printf(R, "%s%s\n", PROMPT, buf);
        dispatch(R, buf);
        fflush(R->out);
    }
}

void repl_input_loop(Repl *R)
{
    if (isatty(STDIN_FILENO))
        interactive(R);
    else
        scripted(R);
}
