-- Reads what a shard holds for one counter.
-- KEYS: 1 pending, 2 leases, 3 batches, 4 claim version
-- ARGV: 1 counter key
-- Returns {buffered, claim version, batch id1, delta1, ...} for the claimed batches holding the key.

local out = { redis.call('HGET', KEYS[1], ARGV[1]) or '0', redis.call('GET', KEYS[4]) or '0' }
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
for _, id in ipairs(ids) do
  local payload = redis.call('HGET', KEYS[3], id)
  if payload then
    local flat = cjson.decode(payload)
    for i = 1, #flat, 2 do
      if flat[i] == ARGV[1] then
        out[#out + 1] = id
        out[#out + 1] = flat[i + 1]
      end
    end
  end
end
return out
