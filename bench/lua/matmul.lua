local N = 250
local a, b, c = {}, {}, {}
for i = 0, N - 1 do
  a[i], b[i], c[i] = {}, {}, {}
  for j = 0, N - 1 do
    a[i][j] = (i * 7 + j * 3) % 17 - 8.0
    b[i][j] = (i * 5 + j * 11) % 13 - 6.0
  end
end
for rep = 0, 2 do
  for i = 0, N - 1 do
    local ai, ci = a[i], c[i]
    for j = 0, N - 1 do
      local s = 0.0
      for k = 0, N - 1 do s = s + ai[k] * b[k][j] end
      ci[j] = s + rep
    end
  end
end
local trace = 0.0
for i = 0, N - 1 do trace = trace + c[i][i] + c[i][N - 1 - i] end
print(string.format("%.1f", trace))
