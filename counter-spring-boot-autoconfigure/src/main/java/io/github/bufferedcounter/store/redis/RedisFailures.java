package io.github.bufferedcounter.store.redis;

import java.util.Set;

import org.springframework.core.NestedExceptionUtils;

/**
 * Tells a Redis failure whose outcome is known from one whose outcome is unclear. An error reply
 * that any transmission of the write would get ({@code ERR} for an overflow the script took
 * back; {@code CROSSSLOT}; a syntax error) means that nothing was written. A timeout or a
 * dropped connection may have come after Redis ran the write, and so may an error reply that
 * depends on the server's state at the moment ({@code LOADING}, {@code BUSY}, {@code OOM},
 * {@code READONLY}, {@code MISCONF}, ...): Lettuce sends a write again after a reconnect, and the
 * second transmission can get {@code LOADING} from a restarted Redis where the first one was
 * run. Such a write is kept and sent again with its number, which is harmless either way. The
 * error code is the first word of the reply; {@code add.lua} puts the code of the failed
 * {@code HINCRBY} first.
 */
final class RedisFailures {

	/** Error replies that depend on the server's state, not on the command. */
	private static final Set<String> TRANSIENT_ERRORS = Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN",
			"TRYAGAIN", "READONLY", "NOREPLICAS", "MOVED", "ASK", "OOM", "MISCONF");

	private RedisFailures() {
	}

	/** Returns whether Redis refused the write in a way that means nothing of it was written. */
	static boolean refused(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ReplicasNotConfirmedException) {
				// the write ran on the primary; only its replication is in doubt
				return false;
			}
			String name = cause.getClass().getSimpleName();
			if (name.equals("RedisCommandExecutionException") || name.equals("JedisDataException")) {
				String message = String.valueOf(cause.getMessage()).trim();
				int space = message.indexOf(' ');
				String code = (space > 0) ? message.substring(0, space) : message;
				return !TRANSIENT_ERRORS.contains(code);
			}
		}
		return false;
	}

	static String describe(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
