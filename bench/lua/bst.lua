-- malloc/free and pointer chasing: an unbalanced binary search tree of table nodes
-- with keys from an LCG; inserts 200k keys, looks keys up, deletes half, drops the rest;
-- several rounds; prints counts, sums and the tree height.
local NKEYS, ROUNDS = 200000, 2
local seed
local function next_key()
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed % 1000000
end
-- the tree is a table {root = node}; a node is {key, val, left, right}
local function insert(tree, key, val)
  local t = tree.root
  if not t then tree.root = {key = key, val = val}; return 1 end
  while true do
    if key < t.key then
      if t.left then t = t.left else t.left = {key = key, val = val}; return 1 end
    elseif key > t.key then
      if t.right then t = t.right else t.right = {key = key, val = val}; return 1 end
    else
      t.val = val; return 0
    end
  end
end
local function find(t, key)
  while t do
    if key < t.key then t = t.left
    elseif key > t.key then t = t.right
    else return t end
  end
  return nil
end
local function delete(tree, key)
  local parent, side, n = tree, "root", tree.root
  while n and n.key ~= key do
    parent = n
    if key < n.key then side = "left"; n = n.left else side = "right"; n = n.right end
  end
  if not n then return 0 end
  if not n.left then parent[side] = n.right
  elseif not n.right then parent[side] = n.left
  else
    local sp, sside, m = n, "right", n.right
    while m.left do sp = m; sside = "left"; m = m.left end
    n.key = m.key
    n.val = m.val
    sp[sside] = m.right
  end
  return 1
end
local function height(t)
  if not t then return 0 end
  local l, r = height(t.left), height(t.right)
  return 1 + (l > r and l or r)
end
local function sum_keys(t)
  if not t then return 0 end
  return sum_keys(t.left) + t.key + sum_keys(t.right)
end
local function count(t)
  if not t then return 0 end
  return 1 + count(t.left) + count(t.right)
end
for round = 0, ROUNDS - 1 do
  local tree = {}
  local added, found, deleted, vsum = 0, 0, 0, 0
  seed = 1000 + round
  for i = 0, NKEYS - 1 do
    added = added + insert(tree, next_key(), i)
  end
  local h = height(tree.root)
  for _, s in ipairs({5000 + round, 1000 + round}) do
    seed = s
    for i = 0, NKEYS - 1 do
      local n = find(tree.root, next_key())
      if n then found = found + 1; vsum = vsum + n.val end
    end
  end
  seed = 1000 + round
  for i = 0, NKEYS // 2 - 1 do
    deleted = deleted + delete(tree, next_key())
  end
  local h2 = height(tree.root)
  local ksum = sum_keys(tree.root)
  local freed = count(tree.root)
  tree.root = nil
  print(string.format("round %d: added %d height %d found %d vsum %d deleted %d height %d " ..
    "ksum %d freed %d", round, added, h, found, vsum, deleted, h2, ksum, freed))
end
