local sqrt = math.sqrt
local b = {
  {x=0, y=0, z=0, vx=0, vy=0, vz=0, m=39.47841760435743},
  {x=4.84, y=-1.16, z=-0.10, vx=0.606, vy=2.81, vz=-0.02, m=0.037},
  {x=8.34, y=4.12, z=-0.40, vx=-1.01, vy=1.82, vz=0.008, m=0.011},
  {x=12.89, y=-15.11, z=-0.22, vx=1.08, vy=0.868, vz=-0.01, m=0.0017},
  {x=15.37, y=-25.91, z=0.17, vx=0.979, vy=0.594, vz=-0.034, m=0.002},
}
local n, dt = 5, 0.01
local function energy()
  local e = 0.0
  for i = 1, n do
    local bi = b[i]
    e = e + 0.5 * bi.m * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz)
    for j = i + 1, n do
      local bj = b[j]
      local dx, dy, dz = bi.x - bj.x, bi.y - bj.y, bi.z - bj.z
      e = e - bi.m * bj.m / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end
print(string.format("%.9f", energy()))
for step = 1, 1000000 do
  for i = 1, n do
    local bi = b[i]
    for j = i + 1, n do
      local bj = b[j]
      local dx, dy, dz = bi.x - bj.x, bi.y - bj.y, bi.z - bj.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      bi.vx = bi.vx - dx * bj.m * mag; bi.vy = bi.vy - dy * bj.m * mag; bi.vz = bi.vz - dz * bj.m * mag
      bj.vx = bj.vx + dx * bi.m * mag; bj.vy = bj.vy + dy * bi.m * mag; bj.vz = bj.vz + dz * bi.m * mag
    end
  end
  for i = 1, n do
    local bi = b[i]
    bi.x = bi.x + dt * bi.vx; bi.y = bi.y + dt * bi.vy; bi.z = bi.z + dt * bi.vz
  end
end
print(string.format("%.9f", energy()))
