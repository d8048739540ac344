/* A tiny stack virtual machine with an assembler for a small program set. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

enum op { PUSH, POP, ADD, SUB, MUL, DIV, MOD, DUP, SWAP, OVER, JMP, JZ, JNZ, LT, EQ,
          LOAD, STORE, PRINT, CALL, RET, HALT };
static const char *names[] = { "push", "pop", "add", "sub", "mul", "div", "mod", "dup", "swap",
                               "over", "jmp", "jz", "jnz", "lt", "eq", "load", "store", "print",
                               "call", "ret", "halt" };

/* Two passes: "name:" defines a label, "@name" refers to one. */
static int assemble(const char *text, long *code)
{
    char labels[16][16];
    long addrs[16];
    int nlabels = 0, n = 0;
    for (int pass = 0; pass < 2; pass++) {
        char buf[1024];
        strcpy(buf, text);
        n = 0;
        for (char *tok = strtok(buf, " \n"); tok; tok = strtok(NULL, " \n")) {
            size_t len = strlen(tok);
            if (tok[len - 1] == ':') {
                if (pass == 0) {
                    tok[len - 1] = 0;
                    strcpy(labels[nlabels], tok);
                    addrs[nlabels++] = n;
                }
                continue;
            }
            long word = -1;
            if (tok[0] == '@') {
                for (int i = 0; i < nlabels; i++)
                    if (strcmp(labels[i], tok + 1) == 0)
                        word = addrs[i];
            } else {
                for (int i = 0; i <= HALT; i++)
                    if (strcmp(tok, names[i]) == 0)
                        word = i;
                if (word < 0)
                    word = strtol(tok, NULL, 10);
            }
            code[n++] = word;
        }
    }
    return n;
}

static int run(const long *code, int n, long *result)
{
    long stack[256], mem[16] = { 0 };
    int rstack[64], sp = 0, rsp = 0, pc = 0, steps = 0;
    while (pc < n) {
        long op = code[pc++], a, b;
        steps++;
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case POP: sp--; break;
        case ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a * b; break;
        case DIV:
        case MOD:
            b = stack[--sp];
            a = stack[--sp];
            if (b == 0) {
                printf("error: division by zero at %d\n", pc - 1);
                return -1;
            }
            stack[sp++] = op == DIV ? a / b : a % b;
            break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: a = stack[--sp]; pc = a == 0 ? (int)code[pc] : pc + 1; break;
        case JNZ: a = stack[--sp]; pc = a != 0 ? (int)code[pc] : pc + 1; break;
        case LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case EQ: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a == b; break;
        case LOAD: stack[sp++] = mem[code[pc++]]; break;
        case STORE: mem[code[pc++]] = stack[--sp]; break;
        case PRINT: printf("%ld ", stack[--sp]); break;
        case CALL: rstack[rsp++] = pc + 1; pc = (int)code[pc]; break;
        case RET: pc = rstack[--rsp]; break;
        case HALT: *result = sp ? stack[sp - 1] : 0; printf("\n"); return steps;
        default: printf("error: bad opcode %ld\n", op); return -1;
        }
    }
    return -1;
}

int main(void)
{
    const char *progs[] = {
        /* (2 + 3) * 7 - 4 */
        "push 2 push 3 add push 7 mul push 4 sub dup print halt",
        /* print 10 down to 1, then sum 1..100 */
        "push 10 loop: dup print push 1 sub dup jnz @loop pop "
        "push 0 store 0 push 1 store 1 "
        "sum: load 0 load 1 add store 0 load 1 push 1 add dup store 1 push 101 lt jnz @sum "
        "load 0 dup print halt",
        /* factorial of 10 via a subroutine: mem0 = n, mem1 = acc */
        "push 10 store 0 call @fact load 1 dup print halt "
        "fact: push 1 store 1 floop: load 0 jz @fdone load 1 load 0 mul store 1 "
        "load 0 push 1 sub store 0 jmp @floop fdone: ret",
        /* gcd(1071, 462) with over/swap/mod */
        "push 1071 push 462 g: dup jz @done swap over mod jmp @g done: pop dup print halt",
        "push 1 push 0 div halt",
    };
    long code[512];
    for (int i = 0; i < 5; i++) {
        int n = assemble(progs[i], code);
        long result = 0;
        printf("program %d (%d words): ", i, n);
        int steps = run(code, n, &result);
        printf("steps %d result %ld\n", steps, result);
    }
    return 0;
}
