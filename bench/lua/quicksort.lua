local N = 1000000
local v = {}
local function sort(a, lo, hi)
  while lo < hi do
    local p, i, j = a[(lo + hi) // 2], lo, hi
    while i <= j do
      while a[i] < p do i = i + 1 end
      while a[j] > p do j = j - 1 end
      if i <= j then a[i], a[j] = a[j], a[i]; i = i + 1; j = j - 1 end
    end
    if j - lo < hi - i then sort(a, lo, j); lo = i else sort(a, i, hi); hi = j end
  end
end
local x = 12345
for i = 0, N - 1 do
  x = (x * 1103515245 + 12345) & 0xffffffff
  local s = x >> 8
  v[i] = s % 1000000
end
sort(v, 0, N - 1)
local s = 0
for i = 0, N - 1, 1000 do s = s + v[i] end
print(s .. " " .. v[0] .. " " .. v[N - 1])
