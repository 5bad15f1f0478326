package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.chaos.worker.AckLog;
import io.github.bufferedcounter.chaos.worker.ChaosCounter;
import io.github.bufferedcounter.chaos.worker.Increment;
import io.github.bufferedcounter.chaos.worker.Operation;
import io.github.bufferedcounter.chaos.worker.Operation.Kind;
import io.github.bufferedcounter.chaos.worker.Outcome;
import io.github.bufferedcounter.chaos.worker.RollupHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos test's bookkeeping: ack logs written and read back, the bounds they give each counter,
 * worker slot and rollup bucket, what the verdict calls lost and duplicated, and which uncertain
 * increments the faults explain.
 */
class ChaosLedgerTest {

	private static final Ledger.Counter HITS_1 = new Ledger.Counter(1, ChaosCounter.HITS, 1);

	private static final Ledger.Counter POINTS_2 = new Ledger.Counter(2, ChaosCounter.POINTS, 0);

	@TempDir
	Path directory;

	private Path log(int slot, int run, int thread) throws IOException {
		Path dir = this.directory.resolve("slot-" + slot).resolve("run-" + run);
		Files.createDirectories(dir);
		return dir.resolve("t" + thread + ".log");
	}

	@Test
	void boundsFollowTheFateOfEachOperation() throws IOException {
		try (AckLog log = AckLog.open(log(1, 1, 0))) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.ACKNOWLEDGED);
			log.attempt(2, operation(Kind.COMMIT, new Increment(1, ChaosCounter.HITS, 1),
					new Increment(2, ChaosCounter.POINTS, 4), new Increment(1, ChaosCounter.ENTRIES, 1)));
			log.outcome(2, Outcome.ACKNOWLEDGED);
			log.attempt(3, operation(Kind.ROLLBACK, new Increment(2, ChaosCounter.POINTS, 5)));
			log.outcome(3, Outcome.ROLLED_BACK);
			log.attempt(4, operation(Kind.DIRECT, new Increment(2, ChaosCounter.POINTS, 3)));
			log.outcome(4, Outcome.FAILED_OTHERWISE);
			log.attempt(5, operation(Kind.COMMIT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(5, Outcome.REPORTED_LOST);
			log.attempt(6, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
		}
		try (AckLog log = AckLog.open(log(1, 1, 1))) {
			log.attempt(1, operation(Kind.COMMIT, new Increment(2, ChaosCounter.POINTS, 2)));
			log.outcome(1, Outcome.FAILED);
		}

		Ledger ledger = Ledger.read(this.directory);

		assertThat(ledger.attempted()).isEqualTo(9);
		assertThat(ledger.attemptedDeltas()).isEqualTo(19);
		assertThat(ledger.increments(Fate.ACKNOWLEDGED)).isEqualTo(4);
		assertThat(ledger.increments(Fate.ROLLED_BACK)).isEqualTo(1);
		assertThat(ledger.increments(Fate.TRANSACTION_FAILED)).isEqualTo(1);
		assertThat(ledger.increments(Fate.CALL_FAILED)).isEqualTo(1);
		assertThat(ledger.increments(Fate.REPORTED_LOST)).isEqualTo(1);
		assertThat(ledger.increments(Fate.IN_FLIGHT)).isEqualTo(1);
		assertThat(ledger.operations(Fate.ACKNOWLEDGED)).isEqualTo(2);
		assertThat(ledger.entries(Fate.ACKNOWLEDGED)).isEqualTo(1);
		assertThat(ledger.bounds(HITS_1).acknowledged).isEqualTo(2);
		assertThat(ledger.bounds(HITS_1).uncertain).isEqualTo(2);
		assertThat(ledger.bounds(POINTS_2).acknowledged).isEqualTo(4);
		assertThat(ledger.bounds(POINTS_2).uncertain).isEqualTo(3);
		assertThat(ledger.bounds(POINTS_2).excluded).isEqualTo(7);
		assertThat(ledger.buckets().get(new Ledger.Bucket(2, RollupPeriod.HOUR, RollupHours.bucket(5, RollupPeriod.HOUR)))
			.acknowledged).isEqualTo(4);
		assertThat(ledger.workers().get("worker-1.1").inFlight).isOne();
		assertThat(Ledger.attempted(this.directory)).isEqualTo(9);
	}

	@Test
	void aTornLastLineIsIgnored() throws IOException {
		Path file = log(1, 1, 0);
		try (AckLog log = AckLog.open(file)) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.ACKNOWLEDGED);
		}
		Files.writeString(file, "a 2 C @3 h1+1 p2", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

		Ledger ledger = Ledger.read(this.directory);

		assertThat(ledger.unreadableLines()).isOne();
		assertThat(ledger.workers().get("worker-1.1").unsoundLogs).isZero();
		assertThat(ledger.attempted()).isOne();
		assertThat(ledger.bounds(HITS_1).acknowledged).isOne();
	}

	@Test
	void verdictCountsWhatFallsOutsideTheBounds() throws IOException {
		try (AckLog log = AckLog.open(log(1, 1, 0))) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.ACKNOWLEDGED);
			log.attempt(2, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.attempt(3, operation(Kind.ROLLBACK, new Increment(2, ChaosCounter.POINTS, 5)));
			log.outcome(3, Outcome.ROLLED_BACK);
		}
		Ledger ledger = Ledger.read(this.directory);

		Verdict within = Verdict.check(ledger.counters(), Map.of(HITS_1, 2L, POINTS_2, 0L));
		Verdict lost = Verdict.check(ledger.counters(), Map.of(HITS_1, 0L, POINTS_2, 0L));
		Verdict duplicated = Verdict.check(ledger.counters(), Map.of(HITS_1, 3L, POINTS_2, 5L));

		assertThat(within.lost()).isZero();
		assertThat(within.duplicated()).isZero();
		assertThat(within.uncertainLanded()).isOne();
		assertThat(within.largestUncertain()).isOne();
		assertThat(lost.lost()).isOne();
		assertThat(lost.offenders()).containsExactly("ChaosCounter:hits:1 of slot 1 = 0, below 1 (acknowledged 1, "
				+ "uncertain 1, must not land 0)");
		assertThat(duplicated.duplicated()).isEqualTo(6);
	}

	@Test
	void aBatchLostFromOneSlotAndOneDuplicatedFromAnotherDoNotCancelOut() throws IOException {
		SlotDigits digits = new SlotDigits(3, 250_000);
		for (int slot = 1; slot <= 3; slot++) {
			try (AckLog log = AckLog.open(log(slot, 1, 0))) {
				for (int op = 1; op <= 10; op++) {
					log.attempt(op, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, digits.unit(slot))));
					log.outcome(op, Outcome.ACKNOWLEDGED);
				}
			}
		}
		Ledger ledger = Ledger.read(this.directory);
		// slot 1 lost a batch of 4 increments, slot 2 had one of 4 applied twice: 30 increments in all
		long value = 6 + 14 * digits.unit(2) + 10 * digits.unit(3);

		Verdict verdict = Verdict.check(ledger.counters(),
				digits.split(Map.of(new Ledger.Counter(1, ChaosCounter.HITS, 0), value)));

		assertThat(verdict.lost()).isEqualTo(4);
		assertThat(verdict.duplicated()).isEqualTo(4);
		assertThat(digits.unit(3)).isEqualTo(1_000_000_000_000L);
	}

	@Test
	void aLostAndADuplicatedBucketOfOneRowDoNotCancelOut() throws IOException {
		try (AckLog log = AckLog.open(log(1, 1, 0))) {
			log.attempt(1, new Operation(Kind.DIRECT, 0, List.of(new Increment(2, ChaosCounter.POINTS, 3))));
			log.outcome(1, Outcome.ACKNOWLEDGED);
			log.attempt(2, new Operation(Kind.DIRECT, 1, List.of(new Increment(2, ChaosCounter.POINTS, 3))));
			log.outcome(2, Outcome.ACKNOWLEDGED);
		}
		Ledger ledger = Ledger.read(this.directory);
		Ledger.Bucket first = new Ledger.Bucket(2, RollupPeriod.HOUR, RollupHours.bucket(0, RollupPeriod.HOUR));
		Ledger.Bucket second = new Ledger.Bucket(2, RollupPeriod.HOUR, RollupHours.bucket(1, RollupPeriod.HOUR));

		Map<Ledger.Bucket, Ledger.Bounds> hours = new java.util.HashMap<>(ledger.buckets());
		hours.keySet().removeIf((bucket) -> bucket.period() != RollupPeriod.HOUR);

		Verdict verdict = Verdict.check(hours, Map.of(first, 0L, second, 6L));

		assertThat(verdict.lost()).isEqualTo(3);
		assertThat(verdict.duplicated()).isEqualTo(3);
	}

	@Test
	void theHourThatEndsSummerTimeHoldsTwoHoursOfIncrements() {
		assertThat(RollupHours.bucket(26, RollupPeriod.HOUR)).isEqualTo(RollupHours.bucket(27, RollupPeriod.HOUR))
			.hasToString("2026-10-25T02:00");
		assertThat(RollupHours.bucket(RollupHours.HOURS - 1, RollupPeriod.DAY)).hasToString("2026-10-25T00:00");
	}

	@Test
	void uncertainIncrementsBeyondWhatTheFaultsExplainFailTheRun() throws IOException {
		try (AckLog log = AckLog.open(log(1, 1, 0))) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.FAILED_OTHERWISE);
			log.attempt(2, operation(Kind.COMMIT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(2, Outcome.FAILED);
			log.attempt(3, operation(Kind.COMMIT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(3, Outcome.FAILED);
			log.attempt(4, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
		}
		try (AckLog log = AckLog.open(log(1, 2, 0))) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.attempt(2, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
		}
		Ledger ledger = Ledger.read(this.directory);

		FaultBounds explained = FaultBounds.check(ledger, Set.of("worker-1.1", "worker-1.2"), 2, 2);
		FaultBounds unexplained = FaultBounds.check(ledger, Set.of("worker-1.2"), 1, 1);

		assertThat(explained.violations()).containsExactly(
				"worker-1.2 has a log with 2 operations in flight; a thread makes one at a time",
				"calls that threw, no fault explains it (may land): 1, more than the 0 that none: adds are held while "
						+ "Redis is away explain");
		assertThat(unexplained.violations()).contains("worker-1.1 ended normally with 1 operations in flight",
				"operations in flight at a SIGKILL (may land): 3, more than the 1 that 1 threads x 1 workers SIGKILLed "
						+ "or died explain",
				"transactions failed on a database error (must not land): 2, more than the 1 that PostgreSQL sessions "
						+ "terminated explain");
	}

	private static Operation operation(Kind kind, Increment... increments) {
		return new Operation(kind, 5, List.of(increments));
	}

}
