-- Adds deltas to the pending hashes of one or more shards, all or none, and notes for each shard
-- when its hash stopped being empty. Several shards in one call need a single Redis node; on a
-- cluster the store calls it once per shard.
-- KEYS: per shard a triple: pending hash, pending since (string, epoch ms), and the writer's
-- mark in that shard (string)
-- ARGV: 1 now (ms), 2 write number, 3 how long to keep the mark (ms), then per shard: the number
-- of deltas n, then n pairs of key, delta
-- Each writer (one store instance) numbers its writes upwards and sends one at a time; its mark
-- in the first shard of a call keeps the number of its last write there that was applied. A
-- write sent again after an unclear failure (a timeout, a dropped connection: Redis may or may
-- not have run it), by the store or by Lettuce reconnecting, carries its old number and is
-- skipped if Redis had run it: -1 is returned. Otherwise returns the number of deltas added.
-- Fails with the Redis error of the first delta that cannot be added (an overflow); the deltas
-- added before it are taken back within the same atomic call, and the write is not recorded.

local number = tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
if last >= number then
  return -1
end
local added = {}
local arg = 4
for shard = 1, #KEYS, 3 do
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
redis.call('SET', KEYS[3], number, 'PX', ARGV[3])
return #added
