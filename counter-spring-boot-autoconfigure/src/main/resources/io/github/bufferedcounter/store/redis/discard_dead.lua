-- Deletes dead letters, one key or up to a maximum.
-- KEYS: 1 dead letters, 2 dead letter errors
-- ARGV: 1 max entries, 2 key ('' for any)
-- Returns the number of entries deleted.

local keys = {}
if ARGV[2] ~= '' then
  keys[1] = ARGV[2]
else
  local page = redis.call('HSCAN', KEYS[1], '0', 'COUNT', ARGV[1])
  for i = 1, #page[2], 2 do
    if #keys < tonumber(ARGV[1]) then keys[#keys + 1] = page[2][i] end
  end
end
local deleted = 0
for _, key in ipairs(keys) do
  deleted = deleted + redis.call('HDEL', KEYS[1], key)
  redis.call('HDEL', KEYS[2], key)
end
return deleted
