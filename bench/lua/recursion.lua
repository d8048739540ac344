-- Deep and branching recursion with several arguments: Ackermann(2..3, n), Takeuchi's
-- tak, naive binomial coefficients, and 3-D lattice paths; prints the integer results.
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
local function tak(x, y, z)
  if y < x then
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
  end
  return z
end
local function binom(n, k)
  if k == 0 or k == n then return 1 end
  return binom(n - 1, k - 1) + binom(n - 1, k)
end
local function paths(x, y, z)
  local s = 0
  if x == 0 and y == 0 and z == 0 then return 1 end
  if x > 0 then s = s + paths(x - 1, y, z) end
  if y > 0 then s = s + paths(x, y - 1, z) end
  if z > 0 then s = s + paths(x, y, z - 1) end
  return s
end
for n = 1, 9 do
  print(string.format("ack(2,%d)=%d ack(3,%d)=%d", n, ack(2, n), n, ack(3, n)))
end
print(string.format("tak(24,16,8)=%d", tak(24, 16, 8)))
print(string.format("binom(28,14)=%d", binom(28, 14)))
print(string.format("paths(6,6,6)=%d", paths(6, 6, 6)))
