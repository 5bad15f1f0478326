package io.github.bufferedcounter.recount;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingDelta;
import io.github.bufferedcounter.store.PendingPage;
import io.github.bufferedcounter.store.PendingSnapshot;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Recounts a counter cache column for every holder row, or a selection of them, set-based:
 * holder ids are read in order a chunk at a time, and each chunk is set to its recount by one
 * {@code UPDATE ... SET c = (SELECT count(*) ...)} statement. In the same transaction, each holder of the chunk
 * with deltas still pending is lowered by the part of them not yet in the database, so that
 * the flush that applies them lands on the recount; if a flush claimed a batch on the way,
 * the chunk is rolled back and done again.
 */
final class ColumnRecount {

	private static final int MAX_ATTEMPTS = 20;

	private static final int SCAN_PAGE = 1000;

	private final EntityManagerFactory entityManagerFactory;

	private final DeltaStore store;

	private final CounterCache cache;

	private final RecountQuery query;

	private final HolderSelection holders;

	private final int chunkSize;

	ColumnRecount(EntityManagerFactory entityManagerFactory, DeltaStore store, CounterCache cache, RecountQuery query,
			HolderSelection holders, int chunkSize) {
		if (chunkSize < 1) {
			throw new IllegalArgumentException("Chunk size must be at least 1; got " + chunkSize);
		}
		this.entityManagerFactory = entityManagerFactory;
		this.store = store;
		this.cache = cache;
		this.query = query;
		this.holders = holders;
		this.chunkSize = chunkSize;
	}

	long run() {
		Map<String, CounterKey> pending = pendingKeys();
		long rows = 0;
		Object after = null;
		while (true) {
			List<Object> ids = page(after);
			if (ids.isEmpty()) {
				return rows;
			}
			rows += recountChunk(ids, pending);
			after = ids.get(ids.size() - 1);
		}
	}

	/**
	 * Lists the counters of this column that have deltas in the buffer, by holder id, after
	 * pushing deltas this process still sums locally.
	 */
	private Map<String, CounterKey> pendingKeys() {
		this.store.sync();
		Map<String, CounterKey> keys = new HashMap<>();
		String cursor = null;
		do {
			PendingPage page = this.store.scanPending(this.cache.parent().entityName(), cursor, SCAN_PAGE);
			for (PendingDelta delta : page.deltas()) {
				if (delta.key().field().equals(this.cache.field())) {
					keys.put(delta.key().id(), delta.key());
				}
			}
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return keys;
	}

	private List<Object> page(Object after) {
		return OwnTransaction.run(this.entityManagerFactory,
				(entityManager) -> this.holders.page(entityManager, after, this.chunkSize));
	}

	private int recountChunk(List<Object> ids, Map<String, CounterKey> pending) {
		List<CounterKey> keys = new ArrayList<>();
		for (Object id : ids) {
			CounterKey key = pending.get(id.toString());
			if (key != null) {
				keys.add(key);
			}
		}
		for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			Map<CounterKey, PendingSnapshot> snapshots = new LinkedHashMap<>();
			keys.forEach((key) -> snapshots.put(key, this.store.pending(key)));
			Integer rows = OwnTransaction.run(this.entityManagerFactory, (entityManager) -> {
				int updated = recount(entityManager, ids).executeUpdate();
				SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
				session.doWork((connection) -> lowerByUnapplied(connection, session, snapshots));
				for (Map.Entry<CounterKey, PendingSnapshot> snapshot : snapshots.entrySet()) {
					if (this.store.claimVersion(snapshot.getKey()) != snapshot.getValue().claimVersion()) {
						entityManager.getTransaction().setRollbackOnly();
						return null;
					}
				}
				return updated;
			});
			if (rows != null) {
				return rows;
			}
		}
		throw new IllegalStateException("Could not recount " + this.cache.describe() + " for ids " + ids.get(0)
				+ " to " + ids.get(ids.size() - 1) + ": flushes claimed batches of its pending counters " + MAX_ATTEMPTS
				+ " times in a row; try again, or pause the flusher while recounting");
	}

	/** The recount of a chunk: by id range when the selection has no gaps, else by id list. */
	private Query recount(EntityManager entityManager, List<Object> ids) {
		if (this.holders.contiguous()) {
			return this.query.bind(entityManager.createQuery(this.query.forRange()))
				.setParameter("first", ids.get(0))
				.setParameter("last", ids.get(ids.size() - 1));
		}
		return this.query.bind(entityManager.createQuery(this.query.forIds())).setParameter("ids", ids);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void lowerByUnapplied(Connection connection, SharedSessionContractImplementor session,
			Map<CounterKey, PendingSnapshot> snapshots) throws SQLException {
		CounterTable table = this.cache.parent();
		String column = table.columns().get(this.cache.field());
		String sql = "update " + table.table() + " set " + column + " = " + column + " - ? where " + table.idColumn()
				+ " = ?";
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			for (Map.Entry<CounterKey, PendingSnapshot> entry : snapshots.entrySet()) {
				long unapplied = unapplied(connection, entry.getValue());
				if (unapplied != 0) {
					update.setLong(1, unapplied);
					JdbcMapping idMapping = table.idMapping();
					Object id = table.parseId(entry.getKey().id());
					idMapping.getJdbcValueBinder().bind(update, idMapping.convertToRelationalValue(id), 2, session);
					update.addBatch();
				}
			}
			update.executeBatch();
		}
	}

	/** Buffered deltas plus those of in-flight batches the database has not recorded as applied. */
	private static long unapplied(Connection connection, PendingSnapshot snapshot) throws SQLException {
		long unapplied = snapshot.buffered();
		for (Map.Entry<String, Long> batch : snapshot.inFlight().entrySet()) {
			try (PreparedStatement applied = connection
				.prepareStatement("select count(*) from " + Flusher.APPLIED_BATCH_TABLE + " where batch_id = ?")) {
				applied.setString(1, batch.getKey());
				try (ResultSet result = applied.executeQuery()) {
					result.next();
					if (result.getLong(1) == 0) {
						unapplied += batch.getValue();
					}
				}
			}
		}
		return unapplied;
	}

}
