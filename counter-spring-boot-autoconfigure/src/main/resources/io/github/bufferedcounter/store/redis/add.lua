-- Adds deltas to the pending hashes of one or more shards, all or none, and notes for each shard
-- when its hash stopped being empty. Several shards in one call need a single Redis node; on a
-- cluster the store calls it once per shard.
-- KEYS: per shard a quadruple: pending hash, pending since (string, epoch ms), the writer's
-- mark in that shard (string), and the shard's claim version (string)
-- ARGV: 1 now (ms), 2 write number, 3 how long to keep the mark (ms), 4 '1' if a mark set for
-- this write may have expired by now, else '0', 5 a random claim version for a shard that has
-- none, then per shard: the number of deltas n, then n pairs of key, delta
-- A shard that holds deltas always has a claim version: acknowledge.lua deletes it once the
-- shard is empty, and a reader that saw the shard empty needs none.
-- Each writer (one store instance) numbers its writes upwards and sends one at a time; its mark
-- in the first shard of a call keeps the number of its last write there that was applied. A
-- write sent again after an unclear failure (a timeout, a dropped connection: Redis may or may
-- not have run it), by the store or by Lettuce reconnecting, carries its old number and is
-- skipped if Redis had run it: -1 is returned, and the mark's expiry is set again, a write of its own,
-- so that a WAIT after this call on a new connection covers the first transmission too. If there is no mark although the write may have
-- been run so long ago that its mark expired, nothing is added and -2 is returned: whether it
-- was run cannot be told any more. Otherwise returns the number of deltas added.
-- Fails with the Redis error of the first delta that cannot be added (an overflow, or a state
-- such as OOM or READONLY), its error code first so the caller can tell the two apart; the
-- deltas added before it are taken back within the same atomic call, and the write is not
-- recorded.

local number = tonumber(ARGV[2])
local mark = redis.call('GET', KEYS[3])
if mark then
  if tonumber(mark) >= number then
    redis.call('PEXPIRE', KEYS[3], ARGV[3])
    return -1
  end
elseif ARGV[4] == '1' then
  return -2
end

-- adds the negation of a delta that was added; the least 64-bit integer has none, so it is
-- taken back in two steps, each of which stays in range since the delta before it was
local function take_back(hash, key, delta)
  if delta == '-9223372036854775808' then
    redis.call('HINCRBY', hash, key, '9223372036854775807')
    redis.call('HINCRBY', hash, key, '1')
  elseif string.sub(delta, 1, 1) == '-' then
    redis.call('HINCRBY', hash, key, string.sub(delta, 2))
  elseif delta ~= '0' then
    redis.call('HINCRBY', hash, key, '-' .. delta)
  end
end

local added = {}
local arg = 6
for shard = 1, #KEYS, 4 do
  local n = tonumber(ARGV[arg])
  arg = arg + 1
  for i = 1, n do
    local key, delta = ARGV[arg], ARGV[arg + 1]
    arg = arg + 2
    local ok, err = pcall(redis.call, 'HINCRBY', KEYS[shard], key, delta)
    if not ok then
      for _, done in ipairs(added) do
        take_back(done[1], done[2], done[3])
      end
      local reason = (type(err) == 'table' and err.err) or tostring(err)
      return redis.error_reply(reason .. ' (adding ' .. delta .. ' to ' .. key .. ')')
    end
    added[#added + 1] = { KEYS[shard], key, delta }
  end
  redis.call('SET', KEYS[shard + 1], ARGV[1], 'NX')
  redis.call('SET', KEYS[shard + 3], ARGV[5], 'NX')
end
redis.call('SET', KEYS[3], number, 'PX', ARGV[3])
return #added
