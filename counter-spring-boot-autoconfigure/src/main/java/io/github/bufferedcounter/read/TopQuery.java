package io.github.bufferedcounter.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterTable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * The SQL of a leaderboard: in one statement, the rows with the highest column values, the rows
 * with deltas pending (whatever their column), and which of the claimed batches holding those
 * deltas the database has already applied. Rows with pending deltas beyond the first
 * {@value #PENDING_ROWS} are read {@value #PENDING_ROWS} per further statement, each with the
 * batches of its own rows, so a row's column and the applied check of its batches always come
 * from one snapshot.
 */
final class TopQuery {

	/** Rows with pending deltas per statement, far below any bind parameter limit. */
	static final int PENDING_ROWS = 1000;

	private final EntityManagerFactory entityManagerFactory;

	TopQuery(EntityManagerFactory entityManagerFactory) {
		this.entityManagerFactory = entityManagerFactory;
	}

	/**
	 * Reads the candidates of a leaderboard.
	 * @param field the ranked field
	 * @param highest how many rows with the highest column values to read
	 * @param pendingRows the ids of the rows with deltas pending, each with the batches holding them
	 * @return the column value of each row read, by id, and the batches that the same statement
	 * found applied
	 */
	Candidates read(RankedField field, int highest, Map<Object, Set<String>> pendingRows) {
		List<Object> ids = new ArrayList<>(pendingRows.keySet());
		Candidates candidates = new Candidates(new LinkedHashMap<>(), new HashMap<>());
		int from = 0;
		do {
			List<Object> chunk = ids.subList(from, Math.min(ids.size(), from + PENDING_ROWS));
			Set<String> batches = new LinkedHashSet<>();
			chunk.forEach((id) -> batches.addAll(pendingRows.get(id)));
			readOnOwnConnection(field, (from == 0) ? highest : 0, chunk, new ArrayList<>(batches), candidates);
			from += PENDING_ROWS;
		}
		while (from < ids.size());
		return candidates;
	}

	/**
	 * Reads on a connection of its own, never through the caller's transaction, whose snapshot
	 * could predate a flush that Redis has already forgotten.
	 */
	private void readOnOwnConnection(RankedField field, int highest, List<Object> ids, List<String> batches,
			Candidates candidates) {
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
			session.doWork((connection) -> select(connection, session, field, highest, ids, batches, candidates));
		}
		finally {
			entityManager.close();
		}
	}

	private static void select(Connection connection, SharedSessionContractImplementor session, RankedField field,
			int highest, List<Object> ids, List<String> batches, Candidates candidates) throws SQLException {
		CounterTable table = field.table();
		try (PreparedStatement select = connection.prepareStatement(sql(field, highest > 0, ids.size(), batches.size()))) {
			int parameter = 1;
			for (String batch : batches) {
				select.setString(parameter++, batch);
			}
			if (highest > 0) {
				select.setInt(parameter++, highest);
			}
			JdbcMapping idMapping = table.idMapping();
			for (Object id : ids) {
				idMapping.getJdbcValueBinder().bind(select, idMapping.convertToRelationalValue(id), parameter++, session);
			}
			Set<String> applied = new HashSet<>();
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					Object id = idMapping.convertToDomainValue(idMapping.getJdbcValueExtractor().extract(rows, 1, session));
					candidates.columns().put(id, rows.getLong(2));
					candidates.applied().put(id, applied);
					for (int i = 0; i < batches.size(); i++) {
						if (rows.getLong(3 + i) > 0) {
							applied.add(batches.get(i));
						}
					}
				}
			}
		}
	}

	/**
	 * {@code select r.cid, r.cv, <applied check per batch> from (<highest rows> union <pending
	 * rows>) r}; names come from Hibernate's mapping only.
	 */
	private static String sql(RankedField field, boolean highest, int ids, int batches) {
		CounterTable table = field.table();
		String column = "t." + table.columns().get(field.field());
		String rows = "select t." + table.idColumn() + " as cid, "
				+ (field.nullable() ? "coalesce(" + column + ", 0)" : column) + " as cv from " + table.table() + " t";
		List<String> parts = new ArrayList<>();
		if (highest) {
			parts.add("select h.cid, h.cv from (" + rows + " order by cv desc, cid limit ?) h");
		}
		if (ids > 0) {
			parts.add(rows + " where t." + table.idColumn() + " in (" + String.join(", ", Collections.nCopies(ids, "?"))
					+ ")");
		}
		StringBuilder sql = new StringBuilder("select r.cid, r.cv");
		for (int i = 0; i < batches; i++) {
			sql.append(", (select count(*) from ").append(Flusher.APPLIED_BATCH_TABLE).append(" where batch_id = ?)");
		}
		return sql.append(" from (").append(String.join(" union ", parts)).append(") r").toString();
	}

	/**
	 * What a leaderboard's statements read.
	 *
	 * @param columns the column value of each row read, by id
	 * @param applied for each row read, the batches that the statement that read its column found
	 * applied: a batch may be applied between two statements, so a row's column and the applied
	 * check of its batches must come from one
	 */
	record Candidates(Map<Object, Long> columns, Map<Object, Set<String>> applied) {
	}

}
