package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;

import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances in different time zones share the applied-batch table: one must not purge the id
 * of a batch another applied a moment ago, which would let that batch, if it came back
 * unacknowledged, be applied twice.
 */
class AppliedBatchLogTest {

	/** Not on H2: it reads the JVM's time zone once, so switching it here would prove nothing. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql", "mariadb" })
	void instancesInDifferentTimeZonesAgreeOnTheAgeOfABatchId(String database) throws Exception {
		TestDatabase db = "postgresql".equals(database) ? TestDatabases.postgres() : TestDatabases.mariadb();
		AppliedBatchTable.create(db);
		Instant now = Instant.now();
		TimeZone zone = TimeZone.getDefault();
		try {
			TimeZone.setDefault(TimeZone.getTimeZone("Etc/GMT+12"));
			try (Connection connection = db.dataSource().getConnection()) {
				AppliedBatchLog.record(connection, "applied-just-now", now);
			}
			TimeZone.setDefault(TimeZone.getTimeZone("Etc/GMT-14"));
			try (Connection connection = db.dataSource().getConnection()) {
				assertThat(AppliedBatchLog.purge(connection, now.minus(Duration.ofHours(1)))).isZero();
				assertThat(AppliedBatchLog.find(connection, "applied-just-now")).isPresent();
				assertThat(AppliedBatchLog.purge(connection, now.plus(Duration.ofHours(1)))).isOne();
			}
		}
		finally {
			TimeZone.setDefault(zone);
		}
	}

}
