package io.github.bufferedcounter.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The starter's tables and the columns the flusher needs in each, and a check that the database
 * has them. The check reads each table the way the flusher does, by its unqualified name, so it
 * sees what the flusher will see whatever the schema search path. Once it found them usable it
 * does not ask again.
 */
public class CounterTables {

	/** Each table and the columns the starter reads or writes. */
	static final Map<String, List<String>> COLUMNS = columns();

	/** SQL states of a table that does not exist: PostgreSQL's, and the standard one. */
	private static final Set<String> NO_SUCH_TABLE = Set.of("42P01", "42S02");

	private final DataSource dataSource;

	private volatile boolean valid;

	/**
	 * Creates the check.
	 * @param dataSource the database the flusher writes to
	 */
	public CounterTables(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Checks that every table exists with the columns the starter needs.
	 * @return what the check found
	 */
	public SchemaStatus check() {
		if (this.valid) {
			return SchemaStatus.valid();
		}
		SchemaStatus status = inspect();
		this.valid = status.isValid();
		return status;
	}

	private SchemaStatus inspect() {
		String platform;
		List<String> problems = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			platform = SchemaMigrations.platform(connection);
			for (Map.Entry<String, List<String>> table : COLUMNS.entrySet()) {
				problems.addAll(problems(connection, table.getKey(), table.getValue()));
			}
		}
		catch (SQLException | RuntimeException ex) {
			return SchemaStatus.unchecked(firstLine(ex.getMessage()));
		}
		return problems.isEmpty() ? SchemaStatus.valid() : SchemaStatus.invalid(platform, problems);
	}

	/**
	 * Reads no row of the table, only its columns. A failure to reach the database is thrown; any
	 * other failure is the table's problem.
	 */
	private static List<String> problems(Connection connection, String table, List<String> columns)
			throws SQLException {
		Set<String> present = new HashSet<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select * from " + table + " where 1 = 0")) {
			ResultSetMetaData metaData = rows.getMetaData();
			for (int i = 1; i <= metaData.getColumnCount(); i++) {
				present.add(metaData.getColumnName(i).toLowerCase(Locale.ROOT));
			}
		}
		catch (SQLException ex) {
			if (isConnectionFailure(ex)) {
				throw ex;
			}
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
			return List.of(NO_SUCH_TABLE.contains(ex.getSQLState()) ? "table " + table + " is missing"
					: "table " + table + " cannot be read (" + firstLine(ex.getMessage()) + ")");
		}
		List<String> missing = columns.stream().filter((column) -> !present.contains(column)).toList();
		return missing.isEmpty() ? List.of()
				: List.of("table " + table + " lacks column" + ((missing.size() > 1) ? "s " : " ")
						+ String.join(", ", missing));
	}

	private static boolean isConnectionFailure(SQLException ex) {
		return ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException
				|| ex instanceof SQLRecoverableException
				|| (ex.getSQLState() != null && ex.getSQLState().startsWith("08"));
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no message";
		}
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

	private static Map<String, List<String>> columns() {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		columns.put("buffered_counter_batch", List.of("batch_id", "applied_at", "rejected"));
		columns.put("buffered_counter_rollup", List.of("holder_table", "counter_column", "holder_id",
				"bucket_period", "bucket_start", "bucket_count"));
		columns.put("buffered_counter_identity", List.of("id", "database_id"));
		return Collections.unmodifiableMap(columns);
	}

}
