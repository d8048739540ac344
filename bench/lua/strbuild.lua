-- String building: words made by concatenation and a hand-written integer-to-decimal
-- conversion, compared with <, collected in a table and joined with table.concat;
-- prints the lengths, hashes, and how many words sorted lower.
local WORDS, ROUNDS = 20000, 160
local total_len, hash_sum, total_less = 0, 0, 0
local byte, char, concat = string.byte, string.char, table.concat
local seed = 12345
local function next_rand()
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed
end
local function utoa10(v)
  local s = ""
  repeat
    s = char(48 + v % 10) .. s
    v = v // 10
  until v == 0
  return s
end
for r = 0, ROUNDS - 1 do
  local parts = {}
  local less, cap, len = 0, 0, 0
  local prev = ""
  for i = 0, WORDS - 1 do
    local a = next_rand()
    local v = a >> (next_rand() % 24)
    local word = ((v & 1) == 1) and "key" or "k"
    word = word .. utoa10(v)
    word = word .. "="
    word = word .. utoa10(i * (r + 1))
    word = word .. ";"
    if word < prev then less = less + 1 end
    prev = word
    parts[i + 1] = word
    -- the capacity the C version's doubling buffer reaches
    len = len + #word
    while len + 1 > cap do cap = (cap == 0) and 16 or cap * 2 end
  end
  local s = concat(parts)
  local h = 0
  for i = 1, #s do
    h = (h * 31 + byte(s, i)) & 0xffffffff
  end
  if r % 20 == 0 then
    print(string.format("round %d: len %d cap %d hash %08x less %d", r, #s, cap, h, less))
  end
  total_len = total_len + #s
  hash_sum = hash_sum + h
  total_less = total_less + less
end
print(string.format("total len %d hash sum %d less %d", total_len, hash_sum, total_less))
