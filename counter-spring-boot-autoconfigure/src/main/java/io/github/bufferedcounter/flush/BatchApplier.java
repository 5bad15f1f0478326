package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.rollup.BucketDelta;
import io.github.bufferedcounter.rollup.BucketKey;
import io.github.bufferedcounter.rollup.RollupTable;
import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.RejectedDelta;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Applies a claimed batch in one database transaction on a connection of the JPA persistence
 * unit: it records the batch id, then runs one relative update per row in the order of
 * {@link CounterKey}, as multi-row statements on PostgreSQL for tables with numeric or UUID ids
 * and JDBC batches otherwise: a JDBC batch reports each row's own update count, so two string
 * ids the database takes for one row both land, and orphans are the rows the database did not
 * find. When a row fails on its own, the transaction is
 * rolled back and the batch is applied again row by row behind savepoints, so the failing
 * rows are rejected and the others written. When change events are published, it reads the
 * new values of the updated rows before the commit. After the commit it evicts the updated
 * entities from the second-level cache.
 */
final class BatchApplier {

	private final EntityManagerFactory entityManagerFactory;

	private final CounterRegistry registry;

	private final Clock clock;

	private final boolean readNewValues;

	BatchApplier(EntityManagerFactory entityManagerFactory, CounterRegistry registry, Clock clock,
			boolean readNewValues) {
		this.entityManagerFactory = entityManagerFactory;
		this.registry = registry;
		this.clock = clock;
		this.readNewValues = readNewValues;
	}

	/**
	 * Applies a batch.
	 * @param lenient whether the batch already failed as a whole too often, so that only
	 * connection-level failures keep it from being written row by row
	 * @throws TransientFlushException if the database failed as a whole
	 */
	AppliedBatch apply(ClaimedBatch batch, boolean lenient) {
		List<RejectedDelta> unknown = new ArrayList<>();
		Map<String, BucketDelta> buckets = new TreeMap<>();
		List<RowUpdate> rows = rows(batch, unknown, buckets);
		Changes batchChanges = new Changes(rows, List.copyOf(buckets.values()), unknown);
		AppliedBatch applied;
		if (lenient) {
			applied = inTransaction((writer) -> write(writer, batch, batchChanges, true, true));
		}
		else {
			try {
				applied = inTransaction((writer) -> write(writer, batch, batchChanges, false, false));
			}
			catch (RowFailure ex) {
				applied = inTransaction((writer) -> write(writer, batch, batchChanges, true, false));
			}
		}
		if (!applied.replayed()) {
			evict(rows);
		}
		return applied;
	}

	private List<RowUpdate> rows(ClaimedBatch batch, List<RejectedDelta> unknown, Map<String, BucketDelta> buckets) {
		Map<CounterKey, RowUpdate> rows = new TreeMap<>();
		new TreeMap<>(batch.deltas()).forEach((key, delta) -> {
			try {
				Optional<BucketKey> bucketKey = BucketKey.of(key);
				if (bucketKey.isPresent()) {
					addBucket(bucketKey.get(), key, delta, buckets);
					return;
				}
				CounterTable table = this.registry.table(key);
				Object id = table.parseId(key.id());
				table.key(id, key.field());
				// by table, not entity name: a subclass's key and its parent's can name the same row
				CounterKey row = new CounterKey(table.table(), "", key.id());
				RowUpdate update = rows.get(row);
				if (update == null) {
					update = RowUpdate.of(table, id);
				}
				else if (!update.table().columns().containsKey(key.field())) {
					update = update.withColumnsOf(table);
				}
				update.add(key, delta);
				rows.put(row, update);
			}
			catch (IllegalArgumentException ex) {
				unknown.add(new RejectedDelta(key, delta, "unknown counter: " + ex.getMessage()));
			}
			catch (ArithmeticException ex) {
				unknown.add(new RejectedDelta(key, delta, "with the deltas of the same row under another entity "
						+ "name, it overflows a 64-bit integer"));
			}
		});
		return new ArrayList<>(rows.values());
	}

	private void addBucket(BucketKey bucket, CounterKey key, long delta, Map<String, BucketDelta> buckets) {
		CounterTable table = this.registry.table(bucket.cell());
		table.key(table.parseId(key.id()), bucket.cell().field());
		if (!table.rollups(bucket.cell().field()).contains(bucket.period())) {
			throw new IllegalArgumentException("'" + bucket.cell().field() + "' of " + table.entityName()
					+ " has no @CounterRollup with period " + bucket.period() + "; its periods are "
					+ table.rollups(bucket.cell().field()));
		}
		BucketDelta row = new BucketDelta(Map.of(key, delta), table.table(), table.columns().get(bucket.cell().field()),
				key.id(), bucket.period(), bucket.start(), delta);
		buckets.merge(row.row(), row, (known, more) -> known.plus(key, delta));
	}

	private AppliedBatch write(Writer writer, ClaimedBatch batch, Changes batchChanges, boolean rowByRow,
			boolean lenient) throws SQLException {
		List<RowUpdate> rows = batchChanges.rows();
		Connection connection = writer.connection();
		Optional<String> earlier = AppliedBatchLog.find(connection, batch.id());
		if (earlier.isPresent()) {
			return new AppliedBatch(0, List.of(), RejectedDeltas.decode(earlier.get()), true, List.of());
		}
		AppliedBatchLog.record(connection, batch.id(), this.clock.instant());
		List<RejectedDelta> rejected = new ArrayList<>(batchChanges.unknown());
		List<CounterKey> orphans = new ArrayList<>();
		int written = rowByRow ? writeRowByRow(writer, rows, orphans, rejected, lenient)
				: writeBatched(writer, rows, orphans);
		List<BucketDelta> buckets = withoutOrphans(batchChanges.buckets(), orphans);
		if (rowByRow) {
			writeBucketsOneByOne(writer, buckets, rejected, lenient);
		}
		else {
			writeBuckets(writer, buckets);
		}
		if (!rejected.isEmpty()) {
			AppliedBatchLog.recordRejected(connection, batch.id(), RejectedDeltas.encode(rejected));
		}
		List<CounterChangedEvent> changes = this.readNewValues
				? NewValues.read(connection, writer.session(), updated(rows, orphans, rejected)) : List.of();
		return new AppliedBatch(written, orphans, rejected, false, changes);
	}

	/** Buckets of rows found gone in this batch are dropped with the rows' deltas. */
	private List<BucketDelta> withoutOrphans(List<BucketDelta> buckets, List<CounterKey> orphans) {
		if (orphans.isEmpty() || buckets.isEmpty()) {
			return buckets;
		}
		Set<String> gone = new HashSet<>();
		orphans.forEach((key) -> gone.add(this.registry.table(key).table() + '\0' + key.id()));
		return buckets.stream().filter((bucket) -> !gone.contains(bucket.holderTable() + '\0' + bucket.holderId())).toList();
	}

	private static void writeBuckets(Writer writer, List<BucketDelta> buckets) throws SQLException {
		if (buckets.isEmpty()) {
			return;
		}
		try {
			RollupTable.add(writer.connection(), writer.session().getJdbcServices().getDialect(), buckets);
		}
		catch (SQLException ex) {
			if (SqlFailures.concernsRow(ex, false)) {
				throw new RowFailure(ex);
			}
			throw ex;
		}
	}

	private static void writeBucketsOneByOne(Writer writer, List<BucketDelta> buckets, List<RejectedDelta> rejected,
			boolean lenient) throws SQLException {
		for (BucketDelta bucket : buckets) {
			behindSavepoint(writer.connection(), lenient, bucket.keyed(), rejected, () -> RollupTable
				.add(writer.connection(), writer.session().getJdbcServices().getDialect(), List.of(bucket)));
		}
	}

	/**
	 * Runs one row's statements behind a savepoint; if they fail for the row, rolls back to it
	 * and rejects the row's deltas.
	 */
	private static void behindSavepoint(Connection connection, boolean lenient, Map<CounterKey, Long> deltas,
			List<RejectedDelta> rejected, RowWork work) throws SQLException {
		Savepoint savepoint = connection.setSavepoint();
		try {
			work.run();
			connection.releaseSavepoint(savepoint);
		}
		catch (SQLException ex) {
			if (!SqlFailures.concernsRow(ex, lenient)) {
				throw ex;
			}
			connection.rollback(savepoint);
			String error = SqlFailures.describe(ex);
			deltas.forEach((key, delta) -> rejected.add(new RejectedDelta(key, delta, error)));
		}
	}

	/** The rows that were written: neither gone nor rejected. */
	private static List<RowUpdate> updated(List<RowUpdate> rows, List<CounterKey> orphans,
			List<RejectedDelta> rejected) {
		Set<CounterKey> skipped = new HashSet<>(orphans);
		rejected.forEach((delta) -> skipped.add(delta.key()));
		return rows.stream().filter((row) -> row.keys().stream().noneMatch(skipped::contains)).toList();
	}

	/**
	 * Writes runs of rows that share a statement shape together: as one multi-row statement on
	 * PostgreSQL when the table's ids {@link MultiRowUpdate#fits fit} one, as a JDBC batch
	 * otherwise. Rows stay in key order.
	 */
	private int writeBatched(Writer writer, List<RowUpdate> rows, List<CounterKey> orphans) throws SQLException {
		boolean postgres = writer.session().getJdbcServices().getDialect() instanceof PostgreSQLDialect;
		if (postgres) {
			MultiRowUpdate.preferIndexJoins(writer.connection());
		}
		int written = 0;
		int start = 0;
		while (start < rows.size()) {
			String sql = rows.get(start).sql();
			boolean multiRow = postgres && MultiRowUpdate.fits(rows.get(start).table());
			int limit = multiRow ? MultiRowUpdate.chunkSize(rows.get(start)) : Integer.MAX_VALUE;
			int end = start;
			while (end < rows.size() && end - start < limit && rows.get(end).sql().equals(sql)) {
				end++;
			}
			List<RowUpdate> group = rows.subList(start, end);
			try {
				written += multiRow ? MultiRowUpdate.write(writer.connection(), writer.session(), group, orphans)
						: writeJdbcBatch(writer, sql, group, orphans);
			}
			catch (SQLException ex) {
				if (SqlFailures.concernsRow(ex, false)) {
					throw new RowFailure(ex);
				}
				throw ex;
			}
			start = end;
		}
		return written;
	}

	private static int writeJdbcBatch(Writer writer, String sql, List<RowUpdate> group, List<CounterKey> orphans)
			throws SQLException {
		int written = 0;
		try (PreparedStatement update = writer.connection().prepareStatement(sql)) {
			for (RowUpdate row : group) {
				writer.bind(update, row);
				update.addBatch();
			}
			int[] counts = update.executeBatch();
			for (int i = 0; i < counts.length; i++) {
				if (counts[i] == 0) {
					orphans.addAll(group.get(i).keys());
				}
				else {
					written++;
				}
			}
		}
		return written;
	}

	private int writeRowByRow(Writer writer, List<RowUpdate> rows, List<CounterKey> orphans,
			List<RejectedDelta> rejected, boolean lenient) throws SQLException {
		Connection connection = writer.connection();
		int[] written = { 0 };
		for (RowUpdate row : rows) {
			behindSavepoint(connection, lenient, row.keyDeltas(), rejected, () -> {
				try (PreparedStatement update = connection.prepareStatement(row.sql())) {
					writer.bind(update, row);
					if (update.executeUpdate() == 0) {
						orphans.addAll(row.keys());
					}
					else {
						written[0]++;
					}
				}
			});
		}
		return written[0];
	}

	private <T> T inTransaction(Work<T> work) {
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		EntityTransaction transaction = entityManager.getTransaction();
		SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
		try {
			transaction.begin();
			T result = session.doReturningWork((connection) -> work.run(new Writer(connection, session)));
			transaction.commit();
			return result;
		}
		catch (RowFailure ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			RowFailure rowFailure = rowFailure(ex);
			if (rowFailure != null) {
				throw rowFailure;
			}
			throw new TransientFlushException("Database failed: " + SqlFailures.describe(ex), ex);
		}
		finally {
			if (transaction.isActive()) {
				rollbackQuietly(transaction);
			}
			entityManager.close();
		}
	}

	private static RowFailure rowFailure(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof RowFailure rowFailure) {
				return rowFailure;
			}
		}
		return null;
	}

	static void rollbackQuietly(EntityTransaction transaction) {
		try {
			transaction.rollback();
		}
		catch (RuntimeException ignored) {
			// the connection is gone; the database rolls back on its own
		}
	}

	/**
	 * Deletes applied batch ids recorded before the given instant.
	 * @throws TransientFlushException if the database failed
	 */
	int purge(Instant before) {
		return inTransaction((writer) -> AppliedBatchLog.purge(writer.connection(), before));
	}

	private void evict(List<RowUpdate> rows) {
		jakarta.persistence.Cache cache = this.entityManagerFactory.getCache();
		for (RowUpdate row : rows) {
			cache.evict(row.table().entityClass(), row.id());
		}
	}

	/** What a batch changes: counter rows, rollup buckets, and the deltas of unknown counters. */
	private record Changes(List<RowUpdate> rows, List<BucketDelta> buckets, List<RejectedDelta> unknown) {
	}

	@FunctionalInterface
	private interface RowWork {

		void run() throws SQLException;

	}

	@FunctionalInterface
	private interface Work<T> {

		T run(Writer writer) throws SQLException;

	}

	/** The transaction's connection, and the session whose types bind ids. */
	private record Writer(Connection connection, SharedSessionContractImplementor session) {

		@SuppressWarnings({ "rawtypes", "unchecked" })
		void bind(PreparedStatement update, RowUpdate row) throws SQLException {
			int index = 1;
			for (Long delta : row.values()) {
				update.setLong(index++, delta);
			}
			JdbcMapping id = row.table().idMapping();
			id.getJdbcValueBinder().bind(update, id.convertToRelationalValue(row.id()), index, this.session);
		}

	}

	/** A row failed on its own; the batch is retried row by row. */
	private static final class RowFailure extends RuntimeException {

		RowFailure(SQLException cause) {
			super(cause);
		}

	}

}
