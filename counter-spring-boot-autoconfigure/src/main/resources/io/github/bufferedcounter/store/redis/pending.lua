-- Reads what one or more shards hold for some of their counters.
-- KEYS: per shard read, 4 keys: pending, leases, batches, claim version
-- ARGV: per shard read, the number n of counter keys, then those n keys
-- Returns, per shard read in order: its claim version, the buffered sum of each of its counter
-- keys in order, the number m of in-flight entries, then m triples (position of the counter
-- key within the shard's keys, batch id, delta) for the claimed batches holding those keys.

local out = {}
local arg = 1
for shard = 0, #KEYS / 4 - 1 do
  local pending, leases, batches, version = KEYS[shard * 4 + 1], KEYS[shard * 4 + 2], KEYS[shard * 4 + 3],
    KEYS[shard * 4 + 4]
  local n = tonumber(ARGV[arg])
  local position = {}
  out[#out + 1] = redis.call('GET', version) or '0'
  for i = 1, n do
    local key = ARGV[arg + i]
    position[key] = i
    out[#out + 1] = redis.call('HGET', pending, key) or '0'
  end
  arg = arg + n + 1
  local entries = {}
  for _, id in ipairs(redis.call('ZRANGE', leases, 0, -1)) do
    local payload = redis.call('HGET', batches, id)
    if payload then
      local flat = cjson.decode(payload)
      for i = 1, #flat, 2 do
        local at = position[flat[i]]
        if at then
          entries[#entries + 1] = at
          entries[#entries + 1] = id
          entries[#entries + 1] = flat[i + 1]
        end
      end
    end
  end
  out[#out + 1] = #entries / 3
  for _, value in ipairs(entries) do
    out[#out + 1] = value
  end
end
return out
