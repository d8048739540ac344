local function make(depth)
  if depth > 0 then return {make(depth - 1), make(depth - 1)} end
  return {}
end
local function check(n)
  if n[1] then return 1 + check(n[1]) + check(n[2]) end
  return 1
end
local max_depth = 16
local long_lived = make(max_depth)
local total = 0
for d = 4, max_depth, 2 do
  local iterations = 1 << (max_depth - d + 4)
  for i = 1, iterations do total = total + check(make(d)) end
end
total = total + check(long_lived)
print(total)
