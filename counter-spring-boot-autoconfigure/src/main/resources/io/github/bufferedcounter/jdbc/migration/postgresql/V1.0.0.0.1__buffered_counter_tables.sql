-- Migration 1.0.0.0.1 of the buffered-counter tables (docs/migrations.md). A released migration is
-- never edited: each schema change is a new file. Each file can run again on a database that
-- already has it, as buffered-counter.jdbc.initialize-schema runs them all at every start.

-- Applied buffered-counter batches: a batch id is inserted in the same transaction as the
-- batch's counter updates, so a batch applied again after a crash changes nothing.
CREATE TABLE IF NOT EXISTS buffered_counter_batch (
	batch_id VARCHAR(64) NOT NULL PRIMARY KEY,
	applied_at TIMESTAMP NOT NULL,
	rejected TEXT
);
CREATE INDEX IF NOT EXISTS buffered_counter_batch_applied_at ON buffered_counter_batch (applied_at);

-- Rollup buckets of @CounterRollup counters: the deltas committed in each period, added by the
-- flush in the same transaction as the batch id. Old buckets are never deleted by the starter.
CREATE TABLE IF NOT EXISTS buffered_counter_rollup (
	holder_table VARCHAR(128) NOT NULL,
	counter_column VARCHAR(64) NOT NULL,
	holder_id VARCHAR(191) NOT NULL,
	bucket_period VARCHAR(5) NOT NULL,
	bucket_start TIMESTAMP NOT NULL,
	bucket_count BIGINT NOT NULL,
	PRIMARY KEY (holder_table, counter_column, holder_id, bucket_period, bucket_start)
);
