package io.github.bufferedcounter.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.bufferedcounter.RollupPeriod;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;

/**
 * The table of rollup buckets, {@value #TABLE}, keyed by holder table, counter column, holder
 * id, period and bucket start. A flush adds each bucket's delta with one upsert statement per
 * {@value #CHUNK} buckets: {@code insert .. on conflict .. do update} on PostgreSQL,
 * {@code insert .. on duplicate key update} on MySQL and MariaDB, {@code merge} on H2; on other
 * databases an update per bucket, then an insert where it found no row.
 */
public final class RollupTable {

	/** The table's name. */
	public static final String TABLE = "buffered_counter_rollup";

	static final int CHUNK = 1000;

	private static final String KEY = "holder_table, counter_column, holder_id, bucket_period, bucket_start";

	private static final String COLUMNS = KEY + ", bucket_count";

	private static final String ROW = "(?, ?, ?, ?, ?, ?)";

	private RollupTable() {
	}

	/**
	 * Adds the deltas of buckets, inserting the buckets not there yet. The buckets must be
	 * distinct.
	 * @param connection the flush transaction's connection
	 * @param dialect the database's dialect
	 * @param buckets the bucket deltas
	 * @throws SQLException if the database refused them
	 */
	public static void add(Connection connection, Dialect dialect, List<BucketDelta> buckets) throws SQLException {
		if (!(dialect instanceof PostgreSQLDialect || dialect instanceof MySQLDialect || dialect instanceof H2Dialect)) {
			for (BucketDelta bucket : buckets) {
				updateOrInsert(connection, bucket);
			}
			return;
		}
		for (int start = 0; start < buckets.size(); start += CHUNK) {
			List<BucketDelta> chunk = buckets.subList(start, Math.min(buckets.size(), start + CHUNK));
			try (PreparedStatement upsert = connection.prepareStatement(upsert(dialect, chunk.size()))) {
				int index = 1;
				for (BucketDelta bucket : chunk) {
					index = bind(upsert, index, bucket);
				}
				upsert.executeUpdate();
			}
		}
	}

	static String upsert(Dialect dialect, int rows) {
		String values = String.join(", ", Collections.nCopies(rows, ROW));
		if (dialect instanceof PostgreSQLDialect) {
			return "insert into " + TABLE + " as r (" + COLUMNS + ") values " + values + " on conflict (" + KEY
					+ ") do update set bucket_count = r.bucket_count + excluded.bucket_count";
		}
		if (dialect instanceof MySQLDialect) {
			return "insert into " + TABLE + " (" + COLUMNS + ") values " + values
					+ " on duplicate key update bucket_count = bucket_count + values(bucket_count)";
		}
		// no lengths: H2 truncates a cast to a shorter varchar, the insert into the column refuses it
		String typed = "(cast(? as varchar), cast(? as varchar), cast(? as varchar), "
				+ "cast(? as varchar), cast(? as timestamp), cast(? as bigint))";
		return "merge into " + TABLE + " r using (values " + String.join(", ", Collections.nCopies(rows, typed))
				+ ") s(" + COLUMNS + ") on r.holder_table = s.holder_table and r.counter_column = s.counter_column"
				+ " and r.holder_id = s.holder_id and r.bucket_period = s.bucket_period"
				+ " and r.bucket_start = s.bucket_start when matched then update set bucket_count = r.bucket_count"
				+ " + s.bucket_count when not matched then insert (" + COLUMNS + ") values (s.holder_table,"
				+ " s.counter_column, s.holder_id, s.bucket_period, s.bucket_start, s.bucket_count)";
	}

	private static void updateOrInsert(Connection connection, BucketDelta bucket) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement("update " + TABLE
				+ " set bucket_count = bucket_count + ? where holder_table = ? and counter_column = ?"
				+ " and holder_id = ? and bucket_period = ? and bucket_start = ?")) {
			update.setLong(1, bucket.delta());
			update.setString(2, bucket.holderTable());
			update.setString(3, bucket.counterColumn());
			update.setString(4, bucket.holderId());
			update.setString(5, bucket.period().name());
			update.setObject(6, bucket.start());
			if (update.executeUpdate() > 0) {
				return;
			}
		}
		try (PreparedStatement insert = connection
			.prepareStatement("insert into " + TABLE + " (" + COLUMNS + ") values " + ROW)) {
			bind(insert, 1, bucket);
			insert.executeUpdate();
		}
	}

	private static int bind(PreparedStatement statement, int first, BucketDelta bucket) throws SQLException {
		int index = first;
		statement.setString(index++, bucket.holderTable());
		statement.setString(index++, bucket.counterColumn());
		statement.setString(index++, bucket.holderId());
		statement.setString(index++, bucket.period().name());
		statement.setObject(index++, bucket.start());
		statement.setLong(index++, bucket.delta());
		return index;
	}

	/**
	 * Reads the written buckets of one counter of one row in a range, and which of some batches
	 * the database has applied, in one statement, so that both come from one snapshot.
	 * @param connection a connection
	 * @param bucket the counter's holder table, column and id, and the period
	 * @param from the first bucket start, included
	 * @param to the end of the range, excluded
	 * @param batchTable the table of applied batch ids
	 * @param batches the ids of batches to look for
	 * @return what the database holds
	 * @throws SQLException if the database failed
	 */
	public static Written read(Connection connection, BucketDelta bucket, LocalDateTime from, LocalDateTime to,
			String batchTable, List<String> batches) throws SQLException {
		String sql = "select bucket_start, bucket_count, null from " + TABLE
				+ " where holder_table = ? and counter_column = ? and holder_id = ? and bucket_period = ?"
				+ " and bucket_start >= ? and bucket_start < ?";
		if (!batches.isEmpty()) {
			sql += " union all select null, null, batch_id from " + batchTable + " where batch_id in ("
					+ String.join(", ", Collections.nCopies(batches.size(), "?")) + ")";
		}
		Map<LocalDateTime, Long> counts = new TreeMap<>();
		Set<String> applied = new HashSet<>();
		try (PreparedStatement select = connection.prepareStatement(sql)) {
			select.setString(1, bucket.holderTable());
			select.setString(2, bucket.counterColumn());
			select.setString(3, bucket.holderId());
			select.setString(4, bucket.period().name());
			select.setObject(5, from);
			select.setObject(6, to);
			for (int i = 0; i < batches.size(); i++) {
				select.setString(7 + i, batches.get(i));
			}
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					String batch = rows.getString(3);
					if (batch != null) {
						applied.add(batch);
					}
					else {
						counts.merge(rows.getObject(1, LocalDateTime.class), rows.getLong(2), Long::sum);
					}
				}
			}
		}
		return new Written(counts, applied);
	}

	/**
	 * What the database holds for a series.
	 *
	 * @param buckets the count of each written bucket start
	 * @param appliedBatches the batches asked about that the database has applied
	 */
	public record Written(Map<LocalDateTime, Long> buckets, Set<String> appliedBatches) {
	}

}
