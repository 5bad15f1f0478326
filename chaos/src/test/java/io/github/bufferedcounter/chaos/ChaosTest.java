package io.github.bufferedcounter.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos test: several worker JVMs increment and flush the same hot counters while their
 * flushers are SIGKILLed (at random and inside flush transactions), Redis is SIGKILLed and
 * restarted from its AOF (also at {@code maxmemory}), made a read-only replica for a moment and
 * has its connections dropped, and PostgreSQL sessions are terminated; then every counter must
 * hold every acknowledged increment, once, and no committed transaction may have been reported
 * lost. Runs only with the Maven profile {@code chaos}; see
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
		assertThat(report.drainClean()).as("the drain emptied Redis: " + report.drain()).isTrue();
		assertThat(report.verdict().offenders()).as("counters out of bounds").isEmpty();
		assertThat(report.verdict().lost()).as("lost").isZero();
		assertThat(report.verdict().duplicated()).as("duplicated").isZero();
		report.rollups().forEach((period, rollup) -> {
			assertThat(rollup.offenders()).as(period + " bucket sums out of bounds").isEmpty();
			assertThat(rollup.lost()).as(period + " buckets lost").isZero();
			assertThat(rollup.duplicated()).as(period + " buckets duplicated").isZero();
		});
		// a committed transaction whose deltas the starter logged as lost is a loss the bounds cannot see
		assertThat(report.ledger().increments(Fate.REPORTED_LOST)).as("committed increments reported lost").isZero();
	}

}
