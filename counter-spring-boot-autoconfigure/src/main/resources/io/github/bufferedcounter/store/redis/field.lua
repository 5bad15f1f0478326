-- Reads what one or more shards hold for every counter of one field, for a leaderboard.
-- KEYS: per shard read, 4 keys: pending, leases, batches, claim version
-- ARGV: the key prefixes of the field ('entity:field:'), one per entity name
-- Returns, per shard read in order: its claim version, the number n of buffered counters, n pairs
-- (counter key, buffered sum), the number m of in-flight entries, then m triples (counter key,
-- batch id, delta) for the claimed batches holding counters of the field.
-- The pending hash is walked with HSCAN in one call: its size is what was added since the last
-- claim, which the flush interval bounds.

local function ofField(key)
  for _, prefix in ipairs(ARGV) do
    if string.sub(key, 1, #prefix) == prefix then
      return true
    end
  end
  return false
end

local out = {}
for shard = 0, #KEYS / 4 - 1 do
  local pending, leases, batches, version = KEYS[shard * 4 + 1], KEYS[shard * 4 + 2], KEYS[shard * 4 + 3],
    KEYS[shard * 4 + 4]
  out[#out + 1] = redis.call('GET', version) or '0'
  local buffered = {}
  local seen = {}
  local cursor = '0'
  repeat
    local page = redis.call('HSCAN', pending, cursor, 'COUNT', 1000)
    cursor = page[1]
    for i = 1, #page[2], 2 do
      local key, value = page[2][i], page[2][i + 1]
      if not seen[key] and value ~= '0' and ofField(key) then
        seen[key] = true
        buffered[#buffered + 1] = key
        buffered[#buffered + 1] = value
      end
    end
  until cursor == '0'
  out[#out + 1] = #buffered / 2
  for _, value in ipairs(buffered) do
    out[#out + 1] = value
  end
  local entries = {}
  for _, id in ipairs(redis.call('ZRANGE', leases, 0, -1)) do
    local payload = redis.call('HGET', batches, id)
    if payload then
      local flat = cjson.decode(payload)
      for i = 1, #flat, 2 do
        if ofField(flat[i]) then
          entries[#entries + 1] = flat[i]
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
