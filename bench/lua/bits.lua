-- Bit manipulation on 64-bit integers (wrapping like uint64_t): a xorshift64 generator,
-- popcount by a shift loop and by clearing the lowest bit, rotates, bit reversal by a
-- loop, and unsigned comparisons (math.ult); prints the results in hex.
local N = 2500000
local ult = math.ult

local function popcount_shift(x)
  local c = 0
  while x ~= 0 do
    c = c + (x & 1)
    x = x >> 1
  end
  return c
end

local function popcount_kernighan(x)
  local c = 0
  while x ~= 0 do
    x = x & (x - 1)
    c = c + 1
  end
  return c
end

local function rotl(x, r)
  return (x << r) | (x >> (64 - r))
end

local function rotr(x, r)
  return (x >> r) | (x << (64 - r))
end

local function reverse(x)
  local r = 0
  for i = 0, 63 do
    r = (r << 1) | (x & 1)
    x = x >> 1
  end
  return r
end

local x, prev = 0x123456789abcdef1, 0
local acc, mix, revx = 0, 0, 0
local pop1, pop2, below, mismatch = 0, 0, 0, 0
for i = 0, N - 1 do
  x = x ~ (x << 13)
  x = x ~ (x >> 7)
  x = x ~ (x << 17)
  local r = i % 63 + 1
  local p1, p2 = popcount_shift(x), popcount_kernighan(x)
  pop1 = pop1 + p1
  pop2 = pop2 + p2
  local rev = reverse(x)
  if reverse(rev) ~= x or rotr(rotl(x, r), r) ~= x then mismatch = mismatch + 1 end
  revx = revx ~ rev
  acc = acc + rotl(x, r) * 0x9E3779B97F4A7C15
  mix = rotr(mix ~ (x >> (p1 & 31)), 7) + (x & ~mix)
  if ult(x, prev) then below = below + 1 end
  prev = x
end
print(string.format("x    %016x", x))
print(string.format("acc  %016x", acc))
print(string.format("mix  %016x", mix))
print(string.format("revx %016x", revx))
print(string.format("pop %d %d below %d mismatch %d", pop1, pop2, below, mismatch))
