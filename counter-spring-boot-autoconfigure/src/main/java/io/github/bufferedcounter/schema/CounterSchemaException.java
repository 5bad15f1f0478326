package io.github.bufferedcounter.schema;

/**
 * Thrown at startup when the starter's tables are missing or lack a column, or when
 * {@code buffered-counter.jdbc.initialize-schema} would create them on a database the starter
 * ships no migrations for. Spring Boot reports it with its description and action.
 */
public class CounterSchemaException extends IllegalStateException {

	private final String description;

	private final String action;

	/**
	 * Creates the exception.
	 * @param description what is wrong
	 * @param action what to do about it
	 */
	public CounterSchemaException(String description, String action) {
		super(description + "\n" + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * Reports tables a check found unusable.
	 * @param status the check's result
	 * @return the exception
	 */
	public static CounterSchemaException of(SchemaStatus status) {
		return new CounterSchemaException(status.description(), status.action());
	}

	/**
	 * Reports that the starter was asked to create its tables on a database it has no migrations for.
	 * @param platform the database
	 * @param initializeSchema the value of {@code buffered-counter.jdbc.initialize-schema}
	 * @return the exception
	 */
	public static CounterSchemaException unsupportedPlatform(String platform, String initializeSchema) {
		return new CounterSchemaException("buffered-counter.jdbc.initialize-schema is " + initializeSchema
				+ ", but buffered-counter ships migrations for " + String.join(", ", SchemaMigrations.PLATFORMS)
				+ ", not for " + platform + ".",
				"Set buffered-counter.jdbc.initialize-schema=never and create buffered_counter_batch and "
						+ "buffered_counter_rollup yourself, after the PostgreSQL migrations in "
						+ SchemaMigrations.location("postgresql") + ". See docs/migrations.md.");
	}

	/**
	 * Returns what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Returns what to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
