-- An interpreter inside the interpreter: a tiny stack bytecode machine (an if-chain over
-- opcodes in a loop) running three small programs many times: a sum of squares, an
-- iterative Fibonacci modulo a prime, and Collatz step counts; prints the totals.
local PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, JZ, JMP, HALT =
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11

-- code arrays are indexed from 0 so jump targets are the same as in the C version
local function prog(t)
  local c = {}
  for i = 1, #t do c[i - 1] = t[i] end
  return c
end

local prog_sumsq = prog{
  PUSH, 0, STORE, 1, PUSH, 0, STORE, 2,
  --[[ 8 ]] LOAD, 1, LOAD, 0, LT, JZ, 37,
  --[[ 15 ]] LOAD, 2, LOAD, 1, LOAD, 1, MUL, ADD, PUSH, 1000003, MOD, STORE, 2,
  --[[ 28 ]] LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 8,
  --[[ 37 ]] LOAD, 2, HALT,
}

local prog_fib = prog{
  PUSH, 0, STORE, 1, PUSH, 1, STORE, 2, PUSH, 0, STORE, 3,
  --[[ 12 ]] LOAD, 3, LOAD, 0, LT, JZ, 46,
  --[[ 19 ]] LOAD, 1, LOAD, 2, ADD, PUSH, 1000000007, MOD, STORE, 4,
  --[[ 29 ]] LOAD, 2, STORE, 1, LOAD, 4, STORE, 2,
  --[[ 37 ]] LOAD, 3, PUSH, 1, ADD, STORE, 3, JMP, 12,
  --[[ 46 ]] LOAD, 1, HALT,
}

local prog_collatz = prog{
  PUSH, 0, STORE, 1,
  --[[ 4 ]] PUSH, 1, LOAD, 0, LT, JZ, 46,
  --[[ 11 ]] LOAD, 0, PUSH, 2, MOD, JZ, 30,
  --[[ 18 ]] LOAD, 0, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 0, JMP, 37,
  --[[ 30 ]] LOAD, 0, PUSH, 2, DIV, STORE, 0,
  --[[ 37 ]] LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 4,
  --[[ 46 ]] LOAD, 1, HALT,
}

local steps = 0

local function run(code, arg)
  local stack, vars = {}, {[0] = arg, 0, 0, 0, 0, 0, 0, 0}
  local sp, pc = 0, 0
  while true do
    steps = steps + 1
    local op = code[pc]
    pc = pc + 1
    if op == PUSH then stack[sp] = code[pc]; sp = sp + 1; pc = pc + 1
    elseif op == LOAD then stack[sp] = vars[code[pc]]; sp = sp + 1; pc = pc + 1
    elseif op == STORE then sp = sp - 1; vars[code[pc]] = stack[sp]; pc = pc + 1
    elseif op == ADD then sp = sp - 1; stack[sp - 1] = stack[sp - 1] + stack[sp]
    elseif op == SUB then sp = sp - 1; stack[sp - 1] = stack[sp - 1] - stack[sp]
    elseif op == MUL then sp = sp - 1; stack[sp - 1] = stack[sp - 1] * stack[sp]
    elseif op == DIV then sp = sp - 1; stack[sp - 1] = stack[sp - 1] // stack[sp]
    elseif op == MOD then sp = sp - 1; stack[sp - 1] = stack[sp - 1] % stack[sp]
    elseif op == LT then sp = sp - 1; stack[sp - 1] = (stack[sp - 1] < stack[sp]) and 1 or 0
    elseif op == JZ then
      sp = sp - 1
      if stack[sp] == 0 then pc = code[pc] else pc = pc + 1 end
    elseif op == JMP then pc = code[pc]
    elseif op == HALT then return stack[sp - 1]
    else return -1 end
  end
end

local s1, s2, s3 = 0, 0, 0
for rep = 0, 749 do
  s1 = s1 + run(prog_sumsq, 2000 + rep)
  s2 = s2 + run(prog_fib, 3000 + rep)
end
for n = 1, 75000 do
  s3 = s3 + run(prog_collatz, n)
end
print(string.format("sumsq %d\nfib %d\ncollatz %d\nsteps %d", s1, s2, s3, steps))
