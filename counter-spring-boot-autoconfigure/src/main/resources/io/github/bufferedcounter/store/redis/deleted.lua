-- Remembers rows deleted through Hibernate that still have deltas pending in this shard, so that
-- the flush drops those deltas as expected leftovers. A row with nothing pending is not remembered:
-- nothing is left over for it, and a mass deletion then costs no key per row.
-- KEYS: 1 pending hash, then one deleted-row key per row
-- ARGV: 1 how long to remember a row (ms), 2 now (ms), then per row: the number n of its counters,
--       then its n pending hash fields
-- Returns the number of rows remembered.
local arg = 3
local remembered = 0
for row = 2, #KEYS do
  local n = tonumber(ARGV[arg])
  local pending = false
  for i = arg + 1, arg + n do
    if not pending and redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
      pending = true
    end
  end
  arg = arg + n + 1
  if pending then
    redis.call('SET', KEYS[row], ARGV[2], 'PX', ARGV[1])
    remembered = remembered + 1
  end
end
return remembered
