package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.chaos.worker.AckLog;
import io.github.bufferedcounter.chaos.worker.ChaosCounter;
import io.github.bufferedcounter.chaos.worker.Increment;
import io.github.bufferedcounter.chaos.worker.Operation;
import io.github.bufferedcounter.chaos.worker.Operation.Kind;
import io.github.bufferedcounter.chaos.worker.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos test's bookkeeping: ack logs written and read back, the bounds they give each counter,
 * and what the verdict calls lost and duplicated.
 */
class ChaosLedgerTest {

	private static final Ledger.Counter HITS_1 = new Ledger.Counter(1, ChaosCounter.HITS);

	private static final Ledger.Counter POINTS_2 = new Ledger.Counter(2, ChaosCounter.POINTS);

	@TempDir
	Path directory;

	@Test
	void boundsFollowTheFateOfEachOperation() throws IOException {
		try (AckLog log = AckLog.open(this.directory.resolve("t0.log"))) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.ACKNOWLEDGED);
			log.attempt(2, operation(Kind.COMMIT, new Increment(1, ChaosCounter.HITS, 1),
					new Increment(2, ChaosCounter.POINTS, 4)));
			log.outcome(2, Outcome.ACKNOWLEDGED);
			log.attempt(3, operation(Kind.ROLLBACK, new Increment(2, ChaosCounter.POINTS, 5)));
			log.outcome(3, Outcome.ROLLED_BACK);
			log.attempt(4, operation(Kind.DIRECT, new Increment(2, ChaosCounter.POINTS, 3)));
			log.outcome(4, Outcome.FAILED);
			log.attempt(5, operation(Kind.COMMIT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(5, Outcome.REPORTED_LOST);
			log.attempt(6, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.attempt(7, operation(Kind.COMMIT, new Increment(2, ChaosCounter.POINTS, 2)));
			log.outcome(7, Outcome.FAILED);
		}

		Ledger ledger = Ledger.read(this.directory);

		assertThat(ledger.attempted()).isEqualTo(8);
		assertThat(ledger.attemptedDeltas()).isEqualTo(18);
		assertThat(ledger.increments(Fate.ACKNOWLEDGED)).isEqualTo(3);
		assertThat(ledger.increments(Fate.ROLLED_BACK)).isEqualTo(1);
		assertThat(ledger.increments(Fate.TRANSACTION_FAILED)).isEqualTo(1);
		assertThat(ledger.increments(Fate.CALL_FAILED)).isEqualTo(1);
		assertThat(ledger.increments(Fate.REPORTED_LOST)).isEqualTo(1);
		assertThat(ledger.increments(Fate.IN_FLIGHT)).isEqualTo(1);
		assertThat(ledger.bounds(HITS_1).acknowledged).isEqualTo(2);
		assertThat(ledger.bounds(HITS_1).uncertain).isEqualTo(2);
		assertThat(ledger.bounds(POINTS_2).acknowledged).isEqualTo(4);
		assertThat(ledger.bounds(POINTS_2).uncertain).isEqualTo(3);
		assertThat(ledger.bounds(POINTS_2).excluded).isEqualTo(7);
		assertThat(Ledger.attempted(this.directory)).isEqualTo(8);
	}

	@Test
	void aTornLastLineIsIgnored() throws IOException {
		Path file = this.directory.resolve("t0.log");
		try (AckLog log = AckLog.open(file)) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.ACKNOWLEDGED);
		}
		Files.writeString(file, "a 2 C h1+1 p2", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

		Ledger ledger = Ledger.read(this.directory);

		assertThat(ledger.unreadableLines()).isOne();
		assertThat(ledger.attempted()).isOne();
		assertThat(ledger.bounds(HITS_1).acknowledged).isOne();
	}

	@Test
	void verdictCountsWhatFallsOutsideTheBounds() throws IOException {
		try (AckLog log = AckLog.open(this.directory.resolve("t0.log"))) {
			log.attempt(1, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.outcome(1, Outcome.ACKNOWLEDGED);
			log.attempt(2, operation(Kind.DIRECT, new Increment(1, ChaosCounter.HITS, 1)));
			log.attempt(3, operation(Kind.ROLLBACK, new Increment(2, ChaosCounter.POINTS, 5)));
			log.outcome(3, Outcome.ROLLED_BACK);
		}
		Ledger ledger = Ledger.read(this.directory);

		Verdict within = Verdict.check(ledger, Map.of(HITS_1, 2L, POINTS_2, 0L));
		Verdict lost = Verdict.check(ledger, Map.of(HITS_1, 0L, POINTS_2, 0L));
		Verdict duplicated = Verdict.check(ledger, Map.of(HITS_1, 3L, POINTS_2, 5L));

		assertThat(within.lost()).isZero();
		assertThat(within.duplicated()).isZero();
		assertThat(within.uncertainLanded()).isOne();
		assertThat(within.largestUncertain()).isOne();
		assertThat(lost.lost()).isOne();
		assertThat(lost.offenders()).containsExactly("ChaosCounter:hits:1 = 0, below 1 (acknowledged 1, uncertain 1, "
				+ "must not land 0)");
		assertThat(duplicated.duplicated()).isEqualTo(6);
	}

	private static Operation operation(Kind kind, Increment... increments) {
		return new Operation(kind, List.of(increments));
	}

}
