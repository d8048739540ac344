local N = 2000000
local composite = {}
local total = 0
for rep = 1, 12 do
  for i = 0, N do composite[i] = false end
  local count = 0
  for i = 2, N do
    if not composite[i] then
      count = count + 1
      for j = i * i, N, i do composite[j] = true end
    end
  end
  total = total + count
end
print(total)
