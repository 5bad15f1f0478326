-- One step of HSCAN over a hash, so that a caller can page through it without loading it whole.
-- KEYS: 1 the hash
-- ARGV: 1 cursor, 2 count hint, 3 match pattern
-- Returns {next cursor, key1, value1, ...}

local page = redis.call('HSCAN', KEYS[1], ARGV[1], 'MATCH', ARGV[3], 'COUNT', ARGV[2])
local out = { page[1] }
for i = 1, #page[2] do out[#out + 1] = page[2][i] end
return out
