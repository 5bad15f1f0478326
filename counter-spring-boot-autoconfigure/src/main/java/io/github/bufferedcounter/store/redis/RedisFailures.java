package io.github.bufferedcounter.store.redis;

import org.springframework.core.NestedExceptionUtils;

/**
 * Tells a Redis failure whose outcome is known from one whose outcome is unclear. An error
 * reply (Lettuce's {@code RedisCommandExecutionException}, Jedis's {@code JedisDataException})
 * means Redis ran the script and it took its changes back; anything else, a timeout or a
 * dropped connection above all, may have happened before or after Redis ran it.
 */
final class RedisFailures {

	private RedisFailures() {
	}

	/** Returns whether Redis answered with an error, so that nothing was written. */
	static boolean refused(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String name = cause.getClass().getSimpleName();
			if (name.equals("RedisCommandExecutionException") || name.equals("JedisDataException")) {
				return true;
			}
		}
		return false;
	}

	static String describe(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
