package io.github.bufferedcounter.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The identity of the database the flusher writes to: a random UUID in the one row of
 * {@code buffered_counter_identity}, inserted by the first start that finds the table empty. The
 * Redis buffer records it as the owner of its keys, so that the deltas of one database are never
 * written to another. Two instances starting at once insert the same row; the second insert
 * fails on the primary key and both read the winner's UUID. Once read, it is kept.
 */
public class DatabaseIdentity implements Supplier<String> {

	private static final String SELECT = "select database_id from buffered_counter_identity where id = 1";

	private static final String INSERT = "insert into buffered_counter_identity (id, database_id) values (1, ?)";

	private final DataSource dataSource;

	private volatile String identity;

	/**
	 * Creates the identity of a database; nothing is read until {@link #get()}.
	 * @param dataSource the database the flusher writes to
	 */
	public DatabaseIdentity(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Returns the database's identity, creating it if the table holds none yet.
	 * @return the identity, a UUID
	 * @throws DataAccessResourceFailureException if the database cannot be read
	 */
	@Override
	public String get() {
		String known = this.identity;
		if (known == null) {
			known = read();
			this.identity = known;
		}
		return known;
	}

	private String read() {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			String found = select(connection);
			if (found != null) {
				return found;
			}
			try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
				insert.setString(1, UUID.randomUUID().toString());
				insert.executeUpdate();
			}
			catch (SQLException ex) {
				// another instance inserted it first: its UUID is read below
			}
			found = select(connection);
			if (found == null) {
				throw new DataAccessResourceFailureException("Could not create the row of buffered_counter_identity");
			}
			return found;
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not read the database identity from buffered_counter_identity: "
					+ ex.getMessage(), ex);
		}
	}

	private static String select(Connection connection) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement(SELECT); ResultSet rows = select.executeQuery()) {
			return rows.next() ? rows.getString(1) : null;
		}
	}

}
