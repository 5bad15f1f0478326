package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The table of applied batch ids, {@value #TABLE}. A batch's id is inserted in the same
 * transaction as its updates, so a batch that is applied again after a crash finds its id
 * and changes nothing. The row also keeps the deltas the batch rejected, so a flusher that
 * recovers an applied but unacknowledged batch hands back exactly what the first one would
 * have.
 */
final class AppliedBatchLog {

	static final String TABLE = "buffered_counter_batch";

	private AppliedBatchLog() {
	}

	/**
	 * Returns the rejected deltas recorded for an applied batch, or empty if the batch was
	 * never applied.
	 */
	static Optional<String> find(Connection connection, String batchId) throws SQLException {
		try (PreparedStatement select = connection
			.prepareStatement("select rejected from " + TABLE + " where batch_id = ?")) {
			select.setString(1, batchId);
			try (ResultSet rows = select.executeQuery()) {
				return rows.next() ? Optional.of(nullToEmpty(rows.getString(1))) : Optional.empty();
			}
		}
	}

	/**
	 * Records a batch as applied. A flusher applying the same batch at the same time blocks
	 * on the key until this transaction ends, then fails with a duplicate key.
	 */
	static void record(Connection connection, String batchId, Instant now) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("insert into " + TABLE + " (batch_id, applied_at) values (?, ?)")) {
			insert.setString(1, batchId);
			insert.setObject(2, utc(now));
			insert.executeUpdate();
		}
	}

	/** Stores the rejected deltas of a batch recorded in this transaction. */
	static void recordRejected(Connection connection, String batchId, String rejected) throws SQLException {
		try (PreparedStatement update = connection
			.prepareStatement("update " + TABLE + " set rejected = ? where batch_id = ?")) {
			update.setString(1, rejected);
			update.setString(2, batchId);
			update.executeUpdate();
		}
	}

	/** Deletes ids older than the given instant; their batches are long acknowledged. */
	static int purge(Connection connection, Instant before) throws SQLException {
		try (PreparedStatement delete = connection
			.prepareStatement("delete from " + TABLE + " where applied_at < ?")) {
			delete.setObject(1, utc(before));
			return delete.executeUpdate();
		}
	}

	/**
	 * The instant as UTC wall time, for a column without a time zone: instances in different
	 * time zones then agree on how old a row is.
	 */
	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
