package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.mapping.CounterTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Reads the counters a batch's updates left, in the same transaction right after them, with
 * one {@code select id, <counter columns> from t where id in (...)} per table and up to
 * {@value #MAX_IDS} rows: the rows are still locked by the updates, so the values are exactly
 * what the updates produced, and the value before is the value after less the delta. Only
 * runs when change events are published.
 */
final class NewValues {

	static final int MAX_IDS = 1000;

	private static final Log logger = LogFactory.getLog(NewValues.class);

	private NewValues() {
	}

	/**
	 * Returns one change per counter of the given rows, which must all have been updated in
	 * this transaction, in the order of the rows and their fields.
	 */
	static List<CounterChangedEvent> read(Connection connection, SharedSessionContractImplementor session,
			List<RowUpdate> rows) throws SQLException {
		Map<CounterTable, List<RowUpdate>> byTable = new LinkedHashMap<>();
		rows.forEach((row) -> byTable.computeIfAbsent(row.table(), (table) -> new ArrayList<>()).add(row));
		List<CounterChangedEvent> changes = new ArrayList<>();
		for (Map.Entry<CounterTable, List<RowUpdate>> table : byTable.entrySet()) {
			List<RowUpdate> tableRows = table.getValue();
			for (int start = 0; start < tableRows.size(); start += MAX_IDS) {
				List<RowUpdate> chunk = tableRows.subList(start, Math.min(start + MAX_IDS, tableRows.size()));
				changes.addAll(changes(chunk, select(connection, session, table.getKey(), chunk)));
			}
		}
		return changes;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Map<Object, Map<String, Long>> select(Connection connection,
			SharedSessionContractImplementor session, CounterTable table, List<RowUpdate> rows) throws SQLException {
		List<String> fields = List.copyOf(table.columns().keySet());
		StringBuilder sql = new StringBuilder("select ").append(table.idColumn());
		fields.forEach((field) -> sql.append(", ").append(table.columns().get(field)));
		sql.append(" from ")
			.append(table.table())
			.append(" where ")
			.append(table.idColumn())
			.append(" in (?")
			.append(", ?".repeat(rows.size() - 1))
			.append(")");
		JdbcMapping id = table.idMapping();
		Map<Object, Map<String, Long>> values = new HashMap<>();
		try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
			int index = 1;
			for (RowUpdate row : rows) {
				id.getJdbcValueBinder().bind(select, id.convertToRelationalValue(row.id()), index++, session);
			}
			try (ResultSet found = select.executeQuery()) {
				while (found.next()) {
					Object rowId = id.convertToDomainValue(id.getJdbcValueExtractor().extract(found, 1, session));
					Map<String, Long> columns = new HashMap<>();
					for (int i = 0; i < fields.size(); i++) {
						columns.put(fields.get(i), found.getLong(i + 2));
					}
					values.put(rowId, columns);
				}
			}
		}
		return values;
	}

	private static List<CounterChangedEvent> changes(List<RowUpdate> rows, Map<Object, Map<String, Long>> values) {
		List<CounterChangedEvent> changes = new ArrayList<>();
		List<Object> unread = new ArrayList<>();
		for (RowUpdate row : rows) {
			Map<String, Long> columns = values.get(row.id());
			if (columns == null) {
				unread.add(row.id());
				continue;
			}
			CounterTable table = row.table();
			row.deltas().forEach((field, delta) -> {
				long newValue = columns.get(field);
				changes.add(new CounterChangedEvent(table.entityClass(), table.entityName(), row.id(), field,
						newValue - delta, newValue));
			});
		}
		if (!unread.isEmpty()) {
			// for example a string id that a case-insensitive collation matched to a differently written one
			logger.warn("Updated " + unread.size() + " rows of " + rows.get(0).table().table()
					+ " whose id read back differently; no change events for them: " + sample(unread));
		}
		return changes;
	}

	private static String sample(List<?> ids) {
		return (ids.size() <= 10) ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
	}

}
