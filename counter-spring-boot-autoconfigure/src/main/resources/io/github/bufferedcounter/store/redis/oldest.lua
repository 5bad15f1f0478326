-- When the oldest delta of a shard that is not yet acknowledged arrived, in epoch ms.
-- KEYS: 1 pending since (string), 2 claimed at (hash batch id -> ms)
-- Returns the oldest time as a string, or false if the shard holds nothing.

local oldest = redis.call('GET', KEYS[1])
local claimed = redis.call('HVALS', KEYS[2])
for _, at in ipairs(claimed) do
  if not oldest or tonumber(at) < tonumber(oldest) then oldest = at end
end
return oldest
