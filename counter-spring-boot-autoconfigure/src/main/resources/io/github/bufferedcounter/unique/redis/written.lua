-- Clears the marks of cells whose estimates were written, unless counted again since the claim.
-- KEYS: 1 the shard's marks (zset cell -> time it may be claimed, ms)
-- ARGV: 1 the claim's lease end (ms), 2.. the cells
local lease = tonumber(ARGV[1])
local cleared = 0
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == lease then
    redis.call('ZREM', KEYS[1], ARGV[i])
    cleared = cleared + 1
  end
end
return cleared
