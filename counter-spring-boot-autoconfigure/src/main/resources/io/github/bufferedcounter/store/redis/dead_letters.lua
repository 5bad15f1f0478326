-- Buffers dead letters again, or deletes them: one key, or up to a maximum.
-- KEYS: 1 dead letters, 2 dead letter errors, 3 pending, 4 pending since, 5 claim version
-- ARGV: 1 'retry' or 'discard', 2 now (ms), 3 max entries, 4 key ('' for any), 5 a random claim
--       version for a shard that has none (see add.lua)
-- Returns the number of entries handled. A retried entry whose delta is not an integer stays parked.

local keys = {}
if ARGV[4] ~= '' then
  keys[1] = ARGV[4]
else
  local page = redis.call('HSCAN', KEYS[1], '0', 'COUNT', ARGV[3])
  for i = 1, #page[2], 2 do
    if #keys < tonumber(ARGV[3]) then keys[#keys + 1] = page[2][i] end
  end
end
local handled = 0
for _, key in ipairs(keys) do
  local delta = redis.call('HGET', KEYS[1], key)
  if delta and (ARGV[1] == 'discard' or pcall(redis.call, 'HINCRBY', KEYS[3], key, delta)) then
    redis.call('HDEL', KEYS[1], key)
    redis.call('HDEL', KEYS[2], key)
    handled = handled + 1
  end
end
if handled > 0 and ARGV[1] == 'retry' then
  redis.call('SET', KEYS[4], ARGV[2], 'NX')
  redis.call('SET', KEYS[5], ARGV[5], 'NX')
end
return handled
