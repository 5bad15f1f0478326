-- Moves the lease end of a claimed batch, unless another flusher has acknowledged it meanwhile.
-- KEYS: 1 leases
-- ARGV: 1 batch id, 2 new lease end (ms)
-- Returns 1 if the batch was still claimed, else 0.

return redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[2], ARGV[1])
