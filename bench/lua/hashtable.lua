-- Hash tables: open addressing with linear probing and tombstones for integer keys, and
-- separate chaining with table nodes for string keys (FNV-1a hash over the bytes,
-- string equality); inserts, looks up and deletes keys from an LCG; prints counts and sums.
local ROUNDS = 6
local byte, char = string.byte, string.char
local seed
local function next_rand()
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed
end

-- integer keys, open addressing (slots 0..ISIZE-1 like the C version)
local IBITS = 18
local ISIZE = 1 << IBITS
local IMASK = ISIZE - 1
local EMPTY, TOMB = -1, -2
local ikeys, ivals = {}, {}

local function islot(k)
  return ((k * 2654435761) >> 7) & IMASK
end

local function iinsert(k, v)
  local i, tomb = islot(k), -1
  while ikeys[i] ~= EMPTY do
    if ikeys[i] == k then ivals[i] = ivals[i] + v; return 0 end
    if ikeys[i] == TOMB and tomb < 0 then tomb = i end
    i = (i + 1) & IMASK
  end
  if tomb >= 0 then i = tomb end
  ikeys[i] = k
  ivals[i] = v
  return 1
end

local function ifind(k)
  local i = islot(k)
  while ikeys[i] ~= EMPTY do
    if ikeys[i] == k then return i end
    i = (i + 1) & IMASK
  end
  return -1
end

local function int_table(round)
  local added, found, deleted, probes, vsum = 0, 0, 0, 0, 0
  for i = 0, ISIZE - 1 do ikeys[i] = EMPTY; ivals[i] = 0 end
  seed = 100 + round
  for i = 0, 150000 - 1 do
    added = added + iinsert(next_rand() % 400000, i)
  end
  seed = 200 + round
  for i = 0, 300000 - 1 do
    local s = ifind(next_rand() % 400000)
    if s >= 0 then found = found + 1; vsum = vsum + ivals[s] end
  end
  seed = 100 + round
  for i = 0, 60000 - 1 do
    local s = ifind(next_rand() % 400000)
    if s >= 0 then ikeys[s] = TOMB; deleted = deleted + 1 end
  end
  seed = 300 + round
  for i = 0, 100000 - 1 do
    added = added + iinsert(next_rand() % 400000, i)
  end
  seed = 200 + round
  for i = 0, 300000 - 1 do
    local s = ifind(next_rand() % 400000)
    if s >= 0 then found = found + 1; vsum = vsum + ivals[s] end
  end
  for i = 0, ISIZE - 1 do
    if ikeys[i] >= 0 then probes = probes + ((i - islot(ikeys[i])) & IMASK) end
  end
  print(string.format("int round %d: added %d found %d deleted %d vsum %d probes %d",
    round, added, found, deleted, vsum, probes))
end

-- string keys, separate chaining (buckets 0..SBUCKETS-1; a node is {key, val, next})
local SBUCKETS = 65536
local buckets = {}

local function fnv1a(s)
  local h = 2166136261
  for i = 1, #s do
    h = ((h ~ byte(s, i)) * 16777619) & 0xffffffff
  end
  return h
end

local function make_key(v)
  local k = "k_"
  repeat
    k = k .. char(97 + v % 26)
    v = v // 26
  until v == 0
  return k
end

local function sinsert(k, v)
  local b = fnv1a(k) & (SBUCKETS - 1)
  local n = buckets[b]
  while n do
    if n.key == k then n.val = n.val + v; return 0 end
    n = n.next
  end
  buckets[b] = {key = k, val = v, next = buckets[b]}
  return 1
end

local function sfind(k)
  local n = buckets[fnv1a(k) & (SBUCKETS - 1)]
  while n do
    if n.key == k then return n end
    n = n.next
  end
  return nil
end

local function sdelete(k)
  local b = fnv1a(k) & (SBUCKETS - 1)
  local prev, n = nil, buckets[b]
  while n do
    if n.key == k then
      if prev then prev.next = n.next else buckets[b] = n.next end
      return 1
    end
    prev, n = n, n.next
  end
  return 0
end

local function string_table(round)
  local added, found, deleted, left, longest, vsum = 0, 0, 0, 0, 0, 0
  seed = 400 + round
  for i = 0, 100000 - 1 do
    added = added + sinsert(make_key(next_rand() % 200000), i)
  end
  seed = 500 + round
  for i = 0, 150000 - 1 do
    local n = sfind(make_key(next_rand() % 200000))
    if n then found = found + 1; vsum = vsum + n.val end
  end
  seed = 400 + round
  for i = 0, 50000 - 1 do
    deleted = deleted + sdelete(make_key(next_rand() % 200000))
  end
  for b = 0, SBUCKETS - 1 do
    local len = 0
    while buckets[b] do
      local n = buckets[b]
      buckets[b] = n.next
      vsum = vsum + n.val
      len = len + 1
    end
    left = left + len
    if len > longest then longest = len end
  end
  print(string.format("str round %d: added %d found %d deleted %d left %d longest %d vsum %d",
    round, added, found, deleted, left, longest, vsum))
end

for r = 0, ROUNDS - 1 do
  int_table(r)
  string_table(r)
end
