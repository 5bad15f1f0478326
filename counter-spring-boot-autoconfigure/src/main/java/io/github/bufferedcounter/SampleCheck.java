package io.github.bufferedcounter;

import java.util.List;

/**
 * What a sampling verification found.
 *
 * @param checked how many counters were compared with a recount
 * @param drifted the counters that were off, as found before any correction
 * @param corrected how many of them were recalculated ({@link VerifyMode#CORRECT} only)
 */
public record SampleCheck(int checked, List<CounterCheck> drifted, int corrected) {

	public SampleCheck {
		drifted = List.copyOf(drifted);
	}

}
