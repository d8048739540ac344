local function hash(s)
  local h = 5381
  for k = 1, #s do h = h * 33 + s:byte(k) end
  return h
end
local acc, matches, prev = 0, 0, ""
for i = 0, 1999999 do
  local buf = string.format("word-%d-%x", i % 9973, (i * 7) & 0xffffffff)
  acc = acc + hash(buf) + #buf
  if buf > prev then matches = matches + 1 end
  if buf:find("f", 1, true) then matches = matches + 2 end
  prev = buf
end
print(string.format("%u %d", acc, matches))
