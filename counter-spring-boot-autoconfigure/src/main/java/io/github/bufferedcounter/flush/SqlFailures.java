package io.github.bufferedcounter.flush;

import java.sql.SQLException;

/**
 * Tells a failure of one row from a failure of the whole batch by SQLSTATE. A data exception
 * (class 22, such as a numeric overflow), an integrity or access rule (21, 23, 42, 44)
 * concerns the statement's row; anything else (a lost connection, a deadlock, a shutdown)
 * concerns the database, and the batch is retried as a whole.
 */
final class SqlFailures {

	private SqlFailures() {
	}

	static boolean concernsRow(Throwable failure) {
		String state = sqlState(failure);
		return state != null && (state.startsWith("21") || state.startsWith("22") || state.startsWith("23")
				|| state.startsWith("42") || state.startsWith("44"));
	}

	static String sqlState(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof SQLException sql) {
				for (SQLException next = sql; next != null; next = next.getNextException()) {
					if (next.getSQLState() != null) {
						return next.getSQLState();
					}
				}
			}
		}
		return null;
	}

	static String describe(Throwable failure) {
		String state = sqlState(failure);
		String message = failure.getMessage();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof SQLException sql) {
				message = (sql.getNextException() != null) ? sql.getNextException().getMessage() : sql.getMessage();
			}
		}
		return (state != null) ? "SQLSTATE " + state + ": " + message : String.valueOf(message);
	}

}
