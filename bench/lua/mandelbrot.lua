local size, max_iter = 1000, 100
local inside = 0
for y = 0, size - 1 do
  for x = 0, size - 1 do
    local cr, ci = 2.0 * x / size - 1.5, 2.0 * y / size - 1.0
    local zr, zi, i = 0.0, 0.0, 0
    while i < max_iter and zr * zr + zi * zi <= 4.0 do
      local t = zr * zr - zi * zi + cr
      zi = 2.0 * zr * zi + ci
      zr = t
      i = i + 1
    end
    if i == max_iter then inside = inside + 1 end
  end
end
print(inside)
