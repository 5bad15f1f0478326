package io.github.bufferedcounter.schema;

import java.util.List;

/**
 * What a check of the starter's tables found: they are usable, something is missing (with what
 * and what to do about it), or the check could not run.
 *
 * @param outcome what the check found
 * @param description what is wrong, empty when the tables are usable
 * @param action what to do about it, empty unless something is missing
 */
public record SchemaStatus(Outcome outcome, String description, String action) {

	/** What a check found. */
	public enum Outcome {

		/** The tables exist with every column the flusher needs. */
		VALID,

		/** A table is missing, cannot be read, or lacks a column. */
		INVALID,

		/** The database could not be reached, so the tables are unknown. */
		UNCHECKED

	}

	static SchemaStatus valid() {
		return new SchemaStatus(Outcome.VALID, "", "");
	}

	static SchemaStatus unchecked(String reason) {
		return new SchemaStatus(Outcome.UNCHECKED, "The buffered-counter tables could not be checked: " + reason, "");
	}

	static SchemaStatus invalid(String platform, List<String> problems) {
		return new SchemaStatus(Outcome.INVALID,
				"The buffered-counter tables are not usable: " + String.join("; ", problems) + ".", action(platform));
	}

	private static String action(String platform) {
		if (!SchemaMigrations.PLATFORMS.contains(platform)) {
			return "buffered-counter ships migrations for " + String.join(", ", SchemaMigrations.PLATFORMS)
					+ ", not for " + platform + ": create buffered_counter_batch and buffered_counter_rollup yourself, "
					+ "after the PostgreSQL migrations in " + SchemaMigrations.location("postgresql")
					+ ", and keep buffered-counter.jdbc.initialize-schema=never. See docs/migrations.md.";
		}
		return "Create the tables before the application starts, in one of three ways:\n"
				+ "  - Flyway: add " + SchemaMigrations.FLYWAY_LOCATION + " to spring.flyway.locations "
				+ "and set spring.flyway.out-of-order=true\n"
				+ "  - Liquibase: include " + SchemaMigrations.LIQUIBASE_CHANGELOG + " from your changelog\n"
				+ "  - the starter: set buffered-counter.jdbc.initialize-schema=always to run "
				+ SchemaMigrations.location(platform) + " at every start\n"
				+ "See docs/migrations.md. To start anyway and have health report this instead, set "
				+ "buffered-counter.jdbc.fail-on-missing-schema=false.";
	}

	/**
	 * Returns whether the tables are usable.
	 * @return whether the outcome is {@link Outcome#VALID}
	 */
	public boolean isValid() {
		return this.outcome == Outcome.VALID;
	}

}
