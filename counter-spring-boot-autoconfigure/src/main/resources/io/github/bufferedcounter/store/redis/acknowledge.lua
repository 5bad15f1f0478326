-- Forgets a batch whose updates are committed and takes back the deltas that failed alone.
-- KEYS: 1 pending, 2 leases, 3 batches, 4 attempts, 5 failures (hash key -> failed attempts),
--       6 dead letters (hash key -> delta), 7 dead letter errors (hash key -> "attempts error"),
--       8 claimed at (hash batch id -> ms), 9 pending since (string, ms)
-- ARGV: 1 batch id, 2 max attempts, 3 now (ms), then quadruples: key, delta, error, park now (1 for an
--       entry that can never be written, such as a malformed key)
-- Returns the number of deltas parked as dead letters.

local id = ARGV[1]
local payload = redis.call('HGET', KEYS[3], id)
if not payload then
  return 0
end
local max = tonumber(ARGV[2])
local rejected = {}
local parked = 0
for i = 4, #ARGV, 4 do
  local key, delta, err, now = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  rejected[key] = true
  local failures = redis.call('HINCRBY', KEYS[5], key, 1)
  if now == '1' then
    if not pcall(redis.call, 'HINCRBY', KEYS[6], key, delta) then
      redis.call('HSET', KEYS[6], key, delta)
    end
    redis.call('HSET', KEYS[7], key, failures .. ' ' .. err)
    redis.call('HDEL', KEYS[5], key)
    parked = parked + 1
  elseif failures >= max then
    redis.call('HINCRBY', KEYS[6], key, delta)
    redis.call('HSET', KEYS[7], key, failures .. ' ' .. err)
    redis.call('HDEL', KEYS[5], key)
    parked = parked + 1
  else
    redis.call('HINCRBY', KEYS[1], key, delta)
    redis.call('SET', KEYS[9], ARGV[3], 'NX')
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
return parked
