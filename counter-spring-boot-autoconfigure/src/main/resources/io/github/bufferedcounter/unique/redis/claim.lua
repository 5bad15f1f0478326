-- Takes marked cells of one shard, with their estimates, for a lease.
-- KEYS: 1 the shard's marks (zset cell -> time it may be claimed, ms)
-- ARGV: 1 now (ms), 2 lease end (ms), 3 most cells, 4 the prefix of the cells' HyperLogLog keys
-- The HyperLogLog keys carry the shard's hash tag too, so they live in the same cluster slot.
-- Returns {cell1, estimate1, cell2, estimate2, ...}
local cells = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for i = 1, #cells do
  redis.call('ZADD', KEYS[1], ARGV[2], cells[i])
  out[#out + 1] = cells[i]
  out[#out + 1] = tostring(redis.call('PFCOUNT', ARGV[4] .. cells[i]))
end
return out
