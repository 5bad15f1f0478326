-- Adds deltas to the pending hashes of one or more shards, all or none, and notes for each shard
-- when its hash stopped being empty. Several shards in one call need a single Redis node; on a
-- cluster the store calls it once per shard.
-- Each call carries its writer's (store instance's) sequence number, and the writer's last number
-- is kept under the first shard's hash tag: a call whose number is not above it was executed
-- already and changes nothing. Lettuce re-sends a command that was in flight when its connection
-- dropped, also one that Redis had executed and whose reply was lost.
-- KEYS: 1 the writer's last sequence number (string), then pairs of pending hash, pending since
--       (string, epoch ms), one pair per shard
-- ARGV: 1 now (ms), 2 this call's sequence number, 3 how long to remember it (ms), then per shard:
--       the number of deltas n, then n pairs of key, delta
-- Fails with the Redis error of the first delta that cannot be added (an overflow); the deltas
-- added before it are taken back within the same atomic call.

local last = redis.call('GET', KEYS[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then
  return 0
end
local added = {}
local arg = 4
for shard = 2, #KEYS, 2 do
  local n = tonumber(ARGV[arg])
  arg = arg + 1
  for i = 1, n do
    local key, delta = ARGV[arg], ARGV[arg + 1]
    arg = arg + 2
    local ok, err = pcall(redis.call, 'HINCRBY', KEYS[shard], key, delta)
    if not ok then
      for _, done in ipairs(added) do
        local negated = (string.sub(done[3], 1, 1) == '-') and string.sub(done[3], 2) or ('-' .. done[3])
        redis.call('HINCRBY', done[1], done[2], negated)
      end
      return redis.error_reply('cannot add ' .. delta .. ' to ' .. key .. ': ' .. tostring(err.err or err))
    end
    added[#added + 1] = { KEYS[shard], key, delta }
  end
  redis.call('SET', KEYS[shard + 1], ARGV[1], 'NX')
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return #added
