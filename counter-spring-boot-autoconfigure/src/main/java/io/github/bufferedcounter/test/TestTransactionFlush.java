package io.github.bufferedcounter.test;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;

import org.springframework.test.context.transaction.TestTransaction;

/**
 * Commits a test's transaction and flushes, for tests that run in a transaction the test
 * framework rolls back ({@code @DataJpaTest}, {@code @Transactional} test classes). Increments
 * and counter cache deltas are buffered only when their transaction commits, so inside such a
 * test they are not pending until it commits; this commits it, flushes, and starts a new test
 * transaction (rolled back at the end as usual) so the test goes on as before.
 */
public final class TestTransactionFlush {

	private TestTransactionFlush() {
	}

	/**
	 * Commits the current test-managed transaction, if there is one, then writes everything
	 * pending, then starts a new test-managed transaction if one was committed.
	 * @param counters the application's counters
	 * @return what the flush wrote
	 */
	public static FlushResult commitAndFlush(BufferedCounters counters) {
		boolean inTestTransaction = TestTransaction.isActive();
		if (inTestTransaction) {
			TestTransaction.flagForCommit();
			TestTransaction.end();
		}
		FlushResult result = counters.flush();
		if (inTestTransaction) {
			TestTransaction.start();
		}
		return result;
	}

}
