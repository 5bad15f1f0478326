-- Adds deltas to a shard's pending hash, all or none, and notes when the hash stopped being empty.
-- KEYS: 1 pending, 2 pending since (string, epoch ms)
-- ARGV: 1 now (ms), then pairs of key, delta
-- Fails with the Redis error of the first delta that cannot be added (an overflow); the deltas
-- added before it are taken back within the same atomic call.

for i = 2, #ARGV, 2 do
  local ok, err = pcall(redis.call, 'HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
  if not ok then
    for j = 2, i - 2, 2 do
      local d = ARGV[j + 1]
      local negated = (string.sub(d, 1, 1) == '-') and string.sub(d, 2) or ('-' .. d)
      redis.call('HINCRBY', KEYS[1], ARGV[j], negated)
    end
    return redis.error_reply('cannot add ' .. ARGV[i + 1] .. ' to ' .. ARGV[i] .. ': ' .. tostring(err.err or err))
  end
end
redis.call('SET', KEYS[2], ARGV[1], 'NX')
return (#ARGV - 1) / 2
