package io.github.bufferedcounter.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Reads counters as the database value plus what the store still holds, without counting a
 * batch twice while a flush runs. It reads the store, then in one SQL statement the columns
 * and which of the store's in-flight batches the database has already applied, then checks
 * that no batch was claimed on the counters' shards meanwhile; if one was, it reads again.
 * Several counters are read together: one store read ({@link DeltaStore#pendingAll}) and one
 * statement per {@value #STATEMENT_COUNTERS} counters.
 */
public final class CurrentValues {

	private static final int MAX_READS = 20;

	/** Counters per statement, so that a statement stays far below any bind parameter limit. */
	static final int STATEMENT_COUNTERS = 500;

	private final EntityManagerFactory entityManagerFactory;

	private final DeltaStore store;

	/**
	 * Creates the reader.
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param store the buffer
	 */
	public CurrentValues(EntityManagerFactory entityManagerFactory, DeltaStore store) {
		this.entityManagerFactory = entityManagerFactory;
		this.store = store;
	}

	/**
	 * Reads a counter as the database will hold it once everything pending is flushed.
	 * @param table the entity's counters
	 * @param id the row id
	 * @param key the counter's key
	 * @return the database value plus the deltas not yet applied to it
	 */
	public long read(CounterTable table, Object id, CounterKey key) {
		return readAll(table, Map.of(key, id)).get(key);
	}

	/**
	 * Reads counters of one entity as {@link #read} reads one.
	 * @param table the entity's counters
	 * @param ids the row id of each counter's key
	 * @return the database value plus the deltas not yet applied to it, for each key
	 */
	public Map<CounterKey, Long> readAll(CounterTable table, Map<CounterKey, Object> ids) {
		Map<CounterKey, Long> values = Map.of();
		Set<CounterKey> missing = new HashSet<>();
		for (int read = 0; read < MAX_READS; read++) {
			Map<CounterKey, PendingSnapshot> pending = this.store.pendingAll(ids.keySet());
			values = new LinkedHashMap<>();
			missing.clear();
			List<CounterKey> keys = new ArrayList<>(ids.keySet());
			for (int from = 0; from < keys.size(); from += STATEMENT_COUNTERS) {
				List<CounterKey> chunk = keys.subList(from, Math.min(keys.size(), from + STATEMENT_COUNTERS));
				values.putAll(readChunk(table, ids, chunk, pending, missing));
			}
			if (ClaimVersions.unchangedSince(this.store, pending)) {
				break;
			}
		}
		return withoutDeletedRows(values, missing);
	}

	/**
	 * Reads a row deleted through Hibernate as zero: the deltas still pending for it are
	 * dropped by the next flush. A row that vanished otherwise keeps its pending deltas.
	 */
	private Map<CounterKey, Long> withoutDeletedRows(Map<CounterKey, Long> values, Set<CounterKey> missing) {
		missing.removeIf((key) -> values.get(key) == 0);
		if (!missing.isEmpty()) {
			this.store.deletedAmong(missing).forEach((key) -> values.put(key, 0L));
		}
		return values;
	}

	/** Reads the chunk's rows together with the batches in flight for them, in one statement. */
	private Map<CounterKey, Long> readChunk(CounterTable table, Map<CounterKey, Object> ids, List<CounterKey> chunk,
			Map<CounterKey, PendingSnapshot> pending, Set<CounterKey> missing) {
		LinkedHashSet<String> inFlight = new LinkedHashSet<>();
		chunk.forEach((key) -> inFlight.addAll(pending.get(key).inFlight().keySet()));
		List<String> batches = new ArrayList<>(inFlight);
		Rows rows = readRows(table, ids, chunk, batches);
		Map<CounterKey, Long> values = new HashMap<>();
		for (int i = 0; i < chunk.size(); i++) {
			CounterKey key = chunk.get(i);
			PendingSnapshot snapshot = pending.get(key);
			Long column = rows.values().get(i);
			if (column == null) {
				missing.add(key);
			}
			long value = ((column != null) ? column : 0) + snapshot.buffered();
			for (Map.Entry<String, Long> batch : snapshot.inFlight().entrySet()) {
				if (!rows.applied().get(batches.indexOf(batch.getKey()))) {
					value += batch.getValue();
				}
			}
			values.put(key, value);
		}
		return values;
	}

	/**
	 * Reads on a connection of its own, never through the caller's transaction: a snapshot taken
	 * earlier in a REPEATABLE READ transaction could miss a batch that Redis already forgot.
	 */
	private Rows readRows(CounterTable table, Map<CounterKey, Object> ids, List<CounterKey> keys,
			List<String> batches) {
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
			return session.doReturningWork((connection) -> select(connection, session, table, ids, keys, batches));
		}
		finally {
			entityManager.close();
		}
	}

	/** One row: a scalar subquery per counter (null where the row is gone), then one per batch. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Rows select(Connection connection, SharedSessionContractImplementor session, CounterTable table,
			Map<CounterKey, Object> ids, List<CounterKey> keys, List<String> batches) throws SQLException {
		List<String> columns = new ArrayList<>();
		for (CounterKey key : keys) {
			// null only where the row is missing
			columns.add("(select coalesce(" + table.columns().get(key.field()) + ", 0) from " + table.table()
					+ " where " + table.idColumn() + " = ?)");
		}
		for (int i = 0; i < batches.size(); i++) {
			columns.add("(select count(*) from " + Flusher.APPLIED_BATCH_TABLE + " where batch_id = ?)");
		}
		try (PreparedStatement select = connection.prepareStatement("select " + String.join(", ", columns))) {
			JdbcMapping idMapping = table.idMapping();
			for (int i = 0; i < keys.size(); i++) {
				idMapping.getJdbcValueBinder()
					.bind(select, idMapping.convertToRelationalValue(ids.get(keys.get(i))), i + 1, session);
			}
			for (int i = 0; i < batches.size(); i++) {
				select.setString(keys.size() + i + 1, batches.get(i));
			}
			try (ResultSet rows = select.executeQuery()) {
				rows.next();
				List<Long> values = new ArrayList<>();
				for (int i = 0; i < keys.size(); i++) {
					long value = rows.getLong(i + 1);
					values.add(rows.wasNull() ? null : value);
				}
				List<Boolean> applied = new ArrayList<>();
				for (int i = 0; i < batches.size(); i++) {
					applied.add(rows.getLong(keys.size() + i + 1) > 0);
				}
				return new Rows(values, applied);
			}
		}
	}

	private record Rows(List<Long> values, List<Boolean> applied) {
	}

}
