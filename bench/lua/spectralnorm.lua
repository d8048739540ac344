-- Floating point and function calls in nested loops: the spectral norm of the infinite
-- matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by 10 power iterations of A^T A.
local N = 1800
local function a(i, j)
  return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
end
-- vectors are indexed 0..n-1 like the C version
local function mul_av(n, v, av)
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do
      s = s + a(i, j) * v[j]
    end
    av[i] = s
  end
end
local function mul_atv(n, v, atv)
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do
      s = s + a(j, i) * v[j]
    end
    atv[i] = s
  end
end
local function mul_atav(n, v, out, tmp)
  mul_av(n, v, tmp)
  mul_atv(n, tmp, out)
end
local u, v, tmp = {}, {}, {}
for i = 0, N - 1 do u[i] = 1.0; v[i] = 0.0; tmp[i] = 0.0 end
for k = 1, 10 do
  mul_atav(N, u, v, tmp)
  mul_atav(N, v, u, tmp)
end
local vbv, vv = 0.0, 0.0
for i = 0, N - 1 do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("%.9f", math.sqrt(vbv / vv)))
