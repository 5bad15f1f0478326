-- Adds distinct keys to a cell's HyperLogLog and marks the cell for the next flush.
-- KEYS: 1 the cell's HyperLogLog, 2 the shard's marks (zset cell -> time it may be claimed, ms)
-- ARGV: 1 the cell, 2.. the keys counted
-- Marking at 0 also takes a cell back from a flush that claimed it before this add.
redis.call('PFADD', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1
