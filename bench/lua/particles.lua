-- Floating point over an array of records: 10000 particles pulled towards the centre of a
-- box, with damping and bouncing off the walls; prints sums of positions and energy.
local sqrt = math.sqrt
local N, STEPS = 10000, 3600
local seed = 42
local function rnd()
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 2147483648.0
end
local p = {}
local dt, g, damp, eps = 0.01, 0.5, 0.999, 0.01
for i = 1, N do
  local x = rnd()
  local y = rnd()
  local vx = rnd() - 0.5
  local vy = rnd() - 0.5
  local m = 0.5 + rnd()
  p[i] = {x = x, y = y, vx = vx, vy = vy, m = m}
end
local bounces = 0
for step = 1, STEPS do
  for i = 1, N do
    local q = p[i]
    local dx, dy = 0.5 - q.x, 0.5 - q.y
    local d2 = dx * dx + dy * dy + eps
    local f = g / (d2 * sqrt(d2))
    q.vx = (q.vx + dx * f * dt / q.m) * damp
    q.vy = (q.vy + dy * f * dt / q.m) * damp
    q.x = q.x + q.vx * dt
    q.y = q.y + q.vy * dt
    if q.x < 0.0 then q.x = -q.x; q.vx = -q.vx; bounces = bounces + 1 end
    if q.x > 1.0 then q.x = 2.0 - q.x; q.vx = -q.vx; bounces = bounces + 1 end
    if q.y < 0.0 then q.y = -q.y; q.vy = -q.vy; bounces = bounces + 1 end
    if q.y > 1.0 then q.y = 2.0 - q.y; q.vy = -q.vy; bounces = bounces + 1 end
  end
end
local sx, sy, e = 0.0, 0.0, 0.0
for i = 1, N do
  local q = p[i]
  sx = sx + q.x * q.m
  sy = sy + q.y * q.m
  e = e + 0.5 * q.m * (q.vx * q.vx + q.vy * q.vy)
end
print(string.format("%.6f\n%.6f\n%.6f\n%d", sx, sy, e, bounces))
