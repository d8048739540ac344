/*
 * mutate_c.c - a mutator for fuzzing firc as a whole program: reads a C file,
 * applies N random edits chosen by SEED, writes the result to stdout.
 * Edits: flip a byte, delete a range, duplicate a range, insert a C token
 * from a dictionary, truncate.  Deterministic for a given (file, seed).
 * Usage: mutate_c FILE SEED [EDITS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state;

static unsigned rnd(unsigned n)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (unsigned)((state >> 33) % n) : 0;
}

static const char *const tokens[] = {
    "(", ")", "{", "}", "[", "]", ";", ",", "*", "&", "#", "##", "...", "->", "<<=", "\"",
    "'", "\\", "/*", "*/", "//", "\n", "#define X(a) a##a\n", "#if 1\n", "#endif\n",
    "#include <stdio.h>\n", "struct", "union", "enum", "typedef", "int", "char", "long",
    "double", "float", "unsigned", "_Bool", "void", "static", "extern", "const",
    "volatile", "sizeof", "_Alignof", "_Generic(", "__attribute__((packed))", "goto",
    "return", "switch", "case 1:", "default:", "while", "for(;;)", "if", "else", "0x",
    "1e", "9999999999999999999999", "L\"", "u8\"", "'\\x", "({", "})", "typeof(", "=",
    "==", "?", ":", "+", "-", "++", "--", "!", "~", "%", "^", "|", "&&", "||",
};

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mutate_c FILE SEED [EDITS]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1 << 20, len = fread(malloc(1), 0, 0, f);
    char *buf = malloc(cap * 2 + 4096);
    len = fread(buf, 1, cap, f);
    fclose(f);
    state = strtoull(argv[2], NULL, 10) * 2654435761u + 1;
    int edits = argc > 3 ? atoi(argv[3]) : 1 + (int)rnd(4);
    for (int e = 0; e < edits && len > 0; e++) {
        size_t at = rnd((unsigned)len), n = 1 + rnd(16);
        if (at + n > len)
            n = len - at;
        switch (rnd(5)) {
        case 0:
            buf[at] ^= (char)(1 << rnd(8));
            break;
        case 1:
            memmove(buf + at, buf + at + n, len - at - n);
            len -= n;
            break;
        case 2:
            if (len + n < cap * 2) {
                memmove(buf + at + n, buf + at, len - at);
                len += n;
            }
            break;
        case 3: {
            const char *t = tokens[rnd(sizeof tokens / sizeof tokens[0])];
            size_t tn = strlen(t);
            if (len + tn < cap * 2) {
                memmove(buf + at + tn, buf + at, len - at);
                memcpy(buf + at, t, tn);
                len += tn;
            }
            break;
        }
        default:
            len = at;
            break;
        }
    }
    fwrite(buf, 1, len, stdout);
    return 0;
}
