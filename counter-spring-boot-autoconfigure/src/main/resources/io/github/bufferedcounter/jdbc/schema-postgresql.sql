-- Applied buffered-counter batches: a batch id is inserted in the same transaction as the
-- batch's counter updates, so a batch applied again after a crash changes nothing.
CREATE TABLE IF NOT EXISTS buffered_counter_batch (
	batch_id VARCHAR(64) NOT NULL PRIMARY KEY,
	applied_at TIMESTAMP NOT NULL,
	rejected TEXT
);
CREATE INDEX IF NOT EXISTS buffered_counter_batch_applied_at ON buffered_counter_batch (applied_at);
