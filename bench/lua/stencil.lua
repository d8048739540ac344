-- Array loops over doubles: a 2-D 5-point Jacobi (heat) stencil on a 400x400 grid with
-- fixed hot and cold edges and a random interior, 1200 iterations, two grids
-- swapped; prints checksums.
local W, H, ITERS = 400, 400, 1200
local seed = 7
local a, b = {}, {}
-- flat grids indexed 0..W*H-1 like the C version
for i = 0, H - 1 do
  for j = 0, W - 1 do
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    local v = (seed % 1000) / 100.0
    if i == 0 then v = 100.0
    elseif j == 0 then v = 50.0
    elseif i == H - 1 then v = 25.0 end
    a[i * W + j] = v
    b[i * W + j] = v
  end
end
for it = 1, ITERS do
  for i = 1, H - 2 do
    local row = i * W
    for j = 1, W - 2 do
      local k = row + j
      b[k] = 0.25 * (a[k - W] + a[k + W] + a[k - 1] + a[k + 1])
    end
  end
  a, b = b, a
end
local sum, wsum = 0.0, 0.0
for i = 0, H - 1 do
  for j = 0, W - 1 do
    sum = sum + a[i * W + j]
    wsum = wsum + a[i * W + j] * ((i * 7 + j * 13) % 17)
  end
end
print(string.format("%.6f\n%.6f\n%.6f", sum, wsum, a[(H // 2) * W + W // 2]))
