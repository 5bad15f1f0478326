package io.github.bufferedcounter.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos test: several worker JVMs increment and flush the same hot counters while their
 * flushers are SIGKILLed (at random and inside flush transactions), Redis is SIGKILLed and
 * restarted from its AOF (also at {@code maxmemory}), made a read-only replica for a moment and
 * has its connections dropped, and PostgreSQL sessions are terminated; then every counter, every
 * worker slot's share of a counter and every rollup bucket must hold every acknowledged increment,
 * once, and every increment that may or may not have landed must be explained by a fault. Runs only with the Maven profile {@code chaos}; see
 * {@code docs/chaos.md} for what it does and how to size it.
 */
class ChaosTest {

	@Test
	void everyAcknowledgedIncrementLandsOnceUnderFaults() throws Exception {
		ChaosSettings settings = ChaosSettings.fromSystemProperties();
		Report report;
		try (ChaosRun run = new ChaosRun(settings)) {
			report = run.execute();
			System.out.println();
			System.out.println(report.table());
			System.out.println("Files of the run (AOF, ack logs, worker logs, report.md): " + run.directory());
		}
		assertThat(report.ledger().attempted()).as("increments attempted")
			.isEqualTo(settings.increments());
		assertThat(report.faults()).as("faults injected; a run too short to inject every kind fails")
			.allSatisfy((fault, count) -> assertThat(count).as(fault.label()).isPositive());
		assertThat(report.logs().count(WorkerLogs.DEADLOCKS)).as("deadlocks between flushers").isZero();
		assertThat(report.logs().count(WorkerLogs.REPORTED_LOST)).as("deltas of committed transactions reported lost")
			.isZero();
		// lost and duplicated per counter (hits per worker slot) and per rollup bucket, every uncertain
		// increment explained by a fault, the counter cache's inserts in the database, the drain clean
		assertThat(report.failures()).as("what failed the run").isEmpty();
	}

}
