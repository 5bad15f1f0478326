package io.github.bufferedcounter.flush;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.bufferedcounter.testsupport.TestDatabase;

/** Creates the applied-batch table with the starter's own script for the database. */
final class AppliedBatchTable {

	private AppliedBatchTable() {
	}

	static void create(TestDatabase db) throws IOException, SQLException {
		String platform = switch (db.name()) {
			case "postgresql", "h2" -> db.name();
			default -> "mysql";
		};
		String script;
		try (InputStream in = AppliedBatchTable.class
			.getResourceAsStream("/io/github/bufferedcounter/jdbc/schema-" + platform + ".sql")) {
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
		}
	}

}
