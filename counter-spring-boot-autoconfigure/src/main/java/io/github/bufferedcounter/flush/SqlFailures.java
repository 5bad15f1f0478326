package io.github.bufferedcounter.flush;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a failure of one row from a failure of the whole batch by SQLSTATE. A lost connection
 * (class 08), a deadlock or serialization failure (40), a schema that does not match yet (42,
 * for example during a rolling migration), exhausted resources (53), a lock that could not be
 * taken (55, H2's 90131), an operator shutdown (57), a system error (58), a driver's general
 * error or timeout (HY) or no SQLSTATE at all concern the database, and the batch is retried as
 * a whole. Anything else, such as a numeric overflow (22003), a constraint (23) or an error
 * raised by a trigger, concerns the statement's row. A batch that has failed as a whole too
 * often is applied row by row with only connection-level failures spared.
 */
final class SqlFailures {

	/**
	 * Vendor states for a row another transaction holds: H2's concurrent update (90131). Lock
	 * timeouts come as class 55 (PostgreSQL's 55P03) or HY (H2's HYT00, MySQL's HY000).
	 */
	private static final Set<String> CONCURRENCY_STATES = Set.of("90131");

	private SqlFailures() {
	}

	static boolean concernsRow(Throwable failure, boolean lenient) {
		String state = sqlState(failure);
		if (state == null || state.length() < 2) {
			return false;
		}
		if (CONCURRENCY_STATES.contains(state)) {
			return lenient;
		}
		return switch (state.substring(0, 2)) {
			case "08", "53", "57", "58", "HY" -> false;
			case "40", "42", "55" -> lenient;
			default -> true;
		};
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
