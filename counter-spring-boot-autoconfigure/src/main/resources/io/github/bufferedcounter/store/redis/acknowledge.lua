-- Forgets a batch whose updates are committed and takes back the deltas that failed alone.
-- KEYS: 1 pending, 2 leases, 3 batches, 4 attempts, 5 failures (hash key -> failed attempts),
--       6 dead letters (hash key -> delta), 7 dead letter errors (hash key -> "attempts error"),
--       8 claimed at (hash batch id -> ms), 9 pending since (string, ms), 10 claim version (string)
-- ARGV: 1 batch id, 2 max attempts, 3 now (ms), then quadruples: key, delta, error, park now (1 for an
--       entry that can never be written, such as a malformed key)
-- Returns the number of deltas parked as dead letters.

-- Every write below is one that cannot fail, or is tried with pcall first: Redis does not take back
-- the writes of a script that fails half-way, and the batch would then be acknowledged again, taking
-- back its rejected deltas twice. A pending value that is not an integer (a planted malformed entry)
-- sends the delta to the dead letters; a dead letter that is not an integer is replaced, and one that
-- cannot take the delta keeps its sum, the error naming what was not added.

local id = ARGV[1]
local payload = redis.call('HGET', KEYS[3], id)
if not payload then
  return 0
end
local max = tonumber(ARGV[2])
local rejected = {}
local parked = 0

local function park(key, delta, failures, err)
  if not pcall(redis.call, 'HINCRBY', KEYS[6], key, delta) then
    local old = redis.call('HGET', KEYS[6], key)
    if old and string.match(old, '^%-?%d+$') then
      -- the delta is what is not an integer, or the sum would overflow: the error keeps it
      err = err .. ' (' .. delta .. ' could not be added to the dead letter ' .. old .. ')'
    else
      if old then
        err = err .. ' (replaced the dead letter ' .. old .. ', which is not an integer)'
      end
      redis.call('HSET', KEYS[6], key, delta)
    end
  end
  redis.call('HSET', KEYS[7], key, failures .. ' ' .. err)
  redis.call('HDEL', KEYS[5], key)
  parked = parked + 1
end

for i = 4, #ARGV, 4 do
  local key, delta, err, now = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  rejected[key] = true
  local failures = redis.call('HINCRBY', KEYS[5], key, 1)
  if now == '1' or failures >= max then
    park(key, delta, failures, err)
  elseif pcall(redis.call, 'HINCRBY', KEYS[1], key, delta) then
    redis.call('SET', KEYS[9], ARGV[3], 'NX')
  else
    park(key, delta, failures, err .. '; pending holds a value that is not an integer')
  end
end
-- A key that was written clears its failure count, if it had one.
if redis.call('HLEN', KEYS[5]) > 0 then
  local flat = cjson.decode(payload)
  for i = 1, #flat, 2 do
    if not rejected[flat[i]] then
      redis.call('HDEL', KEYS[5], flat[i])
    end
  end
end
redis.call('HDEL', KEYS[3], id)
redis.call('HDEL', KEYS[4], id)
redis.call('HDEL', KEYS[8], id)
redis.call('ZREM', KEYS[2], id)
-- An empty shard keeps nothing: a claim version only matters to a reader that saw deltas, and the
-- next add sets a new random one, so a reader never sees an old version come back.
if redis.call('HLEN', KEYS[1]) == 0 and redis.call('HLEN', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[10], KEYS[5], KEYS[9])
end
return parked
