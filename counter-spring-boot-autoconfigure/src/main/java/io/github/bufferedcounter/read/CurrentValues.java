package io.github.bufferedcounter.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
 * Reads a counter as the database value plus what the store still holds, without counting a
 * batch twice while a flush runs. It reads the store, then in one SQL statement the column and
 * which of the store's in-flight batches the database has already applied, then checks that
 * no batch was claimed on the shard meanwhile; if one was, it reads again.
 */
public final class CurrentValues {

	private static final int MAX_READS = 20;

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
		long value = 0;
		for (int read = 0; read < MAX_READS; read++) {
			PendingSnapshot pending = this.store.pending(key);
			List<String> batches = new ArrayList<>(pending.inFlight().keySet());
			Row row = readRow(table, id, key.field(), batches);
			value = row.value() + pending.buffered();
			for (int i = 0; i < batches.size(); i++) {
				if (!row.applied().get(i)) {
					value += pending.inFlight().get(batches.get(i));
				}
			}
			if (this.store.claimVersion(key) == pending.claimVersion()) {
				return value;
			}
		}
		return value;
	}

	/**
	 * Reads on a connection of its own, never through the caller's transaction: a snapshot taken
	 * earlier in a REPEATABLE READ transaction could miss a batch that Redis already forgot.
	 */
	private Row readRow(CounterTable table, Object id, String field, List<String> batches) {
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
			return session.doReturningWork((connection) -> select(connection, session, table, id, field, batches));
		}
		finally {
			entityManager.close();
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Row select(Connection connection, SharedSessionContractImplementor session, CounterTable table,
			Object id, String field, List<String> batches) throws SQLException {
		StringBuilder sql = new StringBuilder("select (select ").append(table.columns().get(field))
			.append(" from ")
			.append(table.table())
			.append(" where ")
			.append(table.idColumn())
			.append(" = ?)");
		for (int i = 0; i < batches.size(); i++) {
			sql.append(", (select count(*) from ").append(Flusher.APPLIED_BATCH_TABLE).append(" where batch_id = ?)");
		}
		try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
			JdbcMapping idMapping = table.idMapping();
			idMapping.getJdbcValueBinder().bind(select, idMapping.convertToRelationalValue(id), 1, session);
			for (int i = 0; i < batches.size(); i++) {
				select.setString(i + 2, batches.get(i));
			}
			try (ResultSet rows = select.executeQuery()) {
				rows.next();
				long value = rows.getLong(1);
				List<Boolean> applied = new ArrayList<>();
				for (int i = 0; i < batches.size(); i++) {
					applied.add(rows.getLong(i + 2) > 0);
				}
				return new Row(value, applied);
			}
		}
	}

	private record Row(long value, List<Boolean> applied) {
	}

}
