-- Moves dead letters back to the pending hash, one key or up to a maximum.
-- KEYS: 1 dead letters, 2 dead letter errors, 3 pending, 4 pending since
-- ARGV: 1 now (ms), 2 max entries, 3 key ('' for any)
-- Returns the number of entries moved. Entries whose delta is not an integer stay parked.

local keys = {}
if ARGV[3] ~= '' then
  keys[1] = ARGV[3]
else
  local page = redis.call('HSCAN', KEYS[1], '0', 'COUNT', ARGV[2])
  for i = 1, #page[2], 2 do
    if #keys < tonumber(ARGV[2]) then keys[#keys + 1] = page[2][i] end
  end
end
local moved = 0
for _, key in ipairs(keys) do
  local delta = redis.call('HGET', KEYS[1], key)
  if delta and pcall(redis.call, 'HINCRBY', KEYS[3], key, delta) then
    redis.call('HDEL', KEYS[1], key)
    redis.call('HDEL', KEYS[2], key)
    moved = moved + 1
  end
end
if moved > 0 then
  redis.call('SET', KEYS[4], ARGV[1], 'NX')
end
return moved
