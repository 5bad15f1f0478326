-- Adds deltas to the pending hashes of one or more shards, all or none, and notes for each shard
-- when its hash stopped being empty. Several shards in one call need a single Redis node; on a
-- cluster the store calls it once per shard.
-- KEYS: pairs of pending hash, pending since (string, epoch ms), one pair per shard
-- ARGV: 1 now (ms), then per shard: the number of deltas n, then n pairs of key, delta
-- Fails with the Redis error of the first delta that cannot be added (an overflow); the deltas
-- added before it are taken back within the same atomic call.

local added = {}
local arg = 2
for shard = 1, #KEYS, 2 do
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
return #added
