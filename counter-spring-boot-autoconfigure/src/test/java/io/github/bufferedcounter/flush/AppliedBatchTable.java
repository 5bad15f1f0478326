package io.github.bufferedcounter.flush;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.bufferedcounter.schema.SchemaMigrations;
import io.github.bufferedcounter.testsupport.TestDatabase;

/** Creates the starter's tables with its own migrations for the database. */
final class AppliedBatchTable {

	private AppliedBatchTable() {
	}

	static void create(TestDatabase db) throws IOException, SQLException {
		StringBuilder script = new StringBuilder();
		for (String location : SchemaMigrations.scripts(db.name())) {
			try (InputStream in = AppliedBatchTable.class
				.getResourceAsStream("/" + location.substring("classpath:".length()))) {
				script.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : script.toString().replaceAll("(?m)^--.*$", "").split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
		}
	}

}
