package io.github.bufferedcounter.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain JDBC on a connection of its own, outside the application: creates the table, inserts
 * rows and reads the totals the harness checks.
 */
final class Db implements AutoCloseable {

	private final Servers servers;

	private final Connection connection;

	private long nextId = 1;

	Db(Servers servers) throws SQLException {
		this.servers = servers;
		this.connection = servers.connect();
		this.connection.setAutoCommit(true);
	}

	/** Opens another connection to the benchmark database; the caller closes it. */
	Connection newConnection() throws SQLException {
		return this.servers.connect();
	}

	void createSchema() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("create table bench_counter (id bigint primary key, n bigint not null default 0)");
		}
	}

	/** Inserts {@code count} new rows with {@code n = 0}, ids not used before in this run. */
	IdRange insertRows(int count) throws SQLException {
		IdRange rows = new IdRange(this.nextId, count);
		this.nextId += count + 1000L;
		try (PreparedStatement insert = this.connection
			.prepareStatement("insert into bench_counter (id, n) select g, 0 from generate_series(?, ?) g")) {
			insert.setLong(1, rows.first());
			insert.setLong(2, rows.last());
			insert.executeUpdate();
		}
		return rows;
	}

	/** Sum of {@code n} over a range. */
	long sum(IdRange rows) throws SQLException {
		return queryLong("select coalesce(sum(n), 0) from bench_counter where id between ? and ?", rows);
	}

	/** Rows of a range whose {@code n} is exactly {@code value}. */
	long countEqual(IdRange rows, long value) throws SQLException {
		try (PreparedStatement query = this.connection
			.prepareStatement("select count(*) from bench_counter where id between ? and ? and n = ?")) {
			query.setLong(1, rows.first());
			query.setLong(2, rows.last());
			query.setLong(3, value);
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	String queryString(String sql) throws SQLException {
		try (Statement statement = this.connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private long queryLong(String sql, IdRange rows) throws SQLException {
		try (PreparedStatement query = this.connection.prepareStatement(sql)) {
			query.setLong(1, rows.first());
			query.setLong(2, rows.last());
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
