package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flushers lock the rows of a batch in key order, so that two of them updating the same rows
 * cannot deadlock: the multi-row statement must visit the rows in the order of its values list,
 * which the planner does through the primary key when {@link MultiRowUpdate#preferIndexJoins}
 * steered it. On a small table PostgreSQL otherwise scans the table and locks the rows in heap
 * order, which two statements can see differently; the chaos test ({@code docs/chaos.md}) saw
 * flushers deadlock on a table of 50 hot rows.
 */
class MultiRowUpdateLockOrderTest {

	@ParameterizedTest(name = "{0} rows")
	@ValueSource(ints = { 50, 200_000 })
	void theValuesListDrivesTheUpdate(int rows) throws SQLException {
		try (Connection connection = TestDatabases.postgres().dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create table hot (id bigint primary key, n bigint not null default 0)");
			statement.execute("insert into hot (id) select generate_series(1, " + rows + ")");
			statement.execute("analyze hot");
			connection.setAutoCommit(false);
			MultiRowUpdate.preferIndexJoins(connection);

			List<String> plan = new ArrayList<>();
			try (ResultSet lines = statement.executeQuery("explain update hot as t set n = coalesce(t.n, 0) + v.d0 "
					+ "from (values (10::bigint, 1::bigint), (7, 1), (3, 1)) as v(id, d0) where t.id = v.id")) {
				while (lines.next()) {
					plan.add(lines.getString(1).trim());
				}
			}
			connection.rollback();

			assertThat(plan).as(String.join("\n", plan)).hasSizeGreaterThan(3);
			assertThat(plan.get(1)).as(String.join("\n", plan)).startsWith("->  Nested Loop");
			assertThat(plan.get(2)).as(String.join("\n", plan)).startsWith("->  Values Scan");
			assertThat(plan.get(3)).as(String.join("\n", plan)).startsWith("->  Index Scan using hot_pkey");
		}
	}

}
