-- Takes one batch off a shard. All keys share the shard's hash tag.
-- KEYS: 1 pending (hash key -> delta), 2 leases (zset batch id -> lease end, ms),
--       3 batches (hash batch id -> JSON [key, delta, ...]), 4 attempts (hash batch id -> claims),
--       5 claim version (string counter), 6 pending since (string, ms), 7 claimed at (hash batch id -> ms),
--       8 owner (string, the identity of the database the shard's deltas belong to)
-- ARGV: 1 now (ms), 2 lease end (ms), 3 a fresh UUID, the first part of a new batch's id, 4 max keys in a
--       new batch, 5 a random claim version for a shard that has none, 6 the identity of the claimer's
--       database, empty for a store that does not know it
-- Returns {} or {batch id, attempts, key1, delta1, key2, delta2, ...}, or {'!owner', owner} when another
-- database owns the shard: then nothing is claimed.

local function reply(id, attempts, flat)
  local out = { id, tostring(attempts) }
  for i = 1, #flat do out[#out + 1] = flat[i] end
  return out
end

-- 0. Another database's deltas are never handed out; a shard without an owner takes the claimer's.
if ARGV[6] ~= '' then
  local owner = redis.call('GET', KEYS[8])
  if owner and owner ~= ARGV[6] then
    return { '!owner', owner }
  end
  if not owner then
    redis.call('SET', KEYS[8], ARGV[6])
  end
end

-- 1. A batch whose lease ran out comes first: its owner died or gave up, and it keeps its id.
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1)
if #due > 0 then
  local id = due[1]
  local payload = redis.call('HGET', KEYS[3], id)
  if not payload then
    redis.call('ZREM', KEYS[2], id)
    return {}
  end
  redis.call('ZADD', KEYS[2], ARGV[2], id)
  local attempts = redis.call('HINCRBY', KEYS[4], id, 1)
  return reply(id, attempts, cjson.decode(payload))
end

-- 2. Otherwise move up to max keys from the pending hash into a new batch.
local size = redis.call('HLEN', KEYS[1])
if size == 0 then
  return {}
end
local max = tonumber(ARGV[4])
local flat = {}
local taken = {}
if size <= max then
  local all = redis.call('HGETALL', KEYS[1])
  redis.call('DEL', KEYS[1], KEYS[6])
  for i = 1, #all, 2 do
    if all[i + 1] ~= '0' then
      flat[#flat + 1] = all[i]
      flat[#flat + 1] = all[i + 1]
    end
  end
else
  local seen = {}
  local count = 0
  local cursor = '0'
  repeat
    local page = redis.call('HSCAN', KEYS[1], cursor, 'COUNT', max)
    cursor = page[1]
    local entries = page[2]
    for i = 1, #entries, 2 do
      local key = entries[i]
      if count < max and not seen[key] then
        seen[key] = true
        count = count + 1
        taken[#taken + 1] = key
        if entries[i + 1] ~= '0' then
          flat[#flat + 1] = key
          flat[#flat + 1] = entries[i + 1]
        end
      end
    end
  until cursor == '0' or count >= max
  for i = 1, #taken, 500 do
    redis.call('HDEL', KEYS[1], unpack(taken, i, math.min(i + 499, #taken)))
  end
end
if #flat == 0 then
  -- only zeros were pending: the shard may be empty now, and then needs no claim version
  if redis.call('HLEN', KEYS[1]) == 0 and redis.call('HLEN', KEYS[3]) == 0 then
    redis.call('DEL', KEYS[5])
  end
  return {}
end
redis.call('SET', KEYS[5], ARGV[5], 'NX')
-- The id ends with the shard's new claim version, so it is new even when Lettuce re-sends this call
-- after a reconnect (it re-sends commands in flight): the second execution must not overwrite the batch
-- the first one created, whose reply was lost. That batch comes back once its lease runs out.
-- Versions stay below 2^53, so the Lua number that INCR returns formats exactly.
local id = ARGV[3] .. '-' .. string.format('%.0f', redis.call('INCR', KEYS[5]))
redis.call('HSET', KEYS[3], id, cjson.encode(flat))
redis.call('HSET', KEYS[4], id, 1)
redis.call('HSET', KEYS[7], id, ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], id)
return reply(id, 1, flat)
