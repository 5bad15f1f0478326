package io.github.bufferedcounter.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Runs the whole harness at {@code --size=tiny}, so that it keeps working. It checks that the run
 * completes and that every database total adds up, never how fast anything was.
 */
class BenchmarkSmokeTest {

	@Test
	void tinyRunCompletesWithCorrectTotals() {
		Report report = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> BenchmarkMain.run("--size=tiny"));
		assertThat(report.failures()).isEmpty();
		assertThat(report.rows()).hasSize(22)
			.allSatisfy((row) -> assertThat(row.ours()).isNotEqualTo("failed"));
	}

	@Test
	void anUnknownFigureIsRefusedWithTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkMain.run("--only=b,lagg"))
			.withMessage("--only: unknown figure 'lagg'; known figures are " + String.join(", ", Harness.FIGURES));
	}

}
