package io.github.bufferedcounter.store.redis;

import org.springframework.dao.TransientDataAccessException;

/**
 * A script ran on the Redis primary, but fewer replicas than required confirmed it within the
 * timeout. Its outcome counts as unclear: a failover could still lose it, or keep it.
 */
public class ReplicasNotConfirmedException extends TransientDataAccessException {

	ReplicasNotConfirmedException(String message, Throwable cause) {
		super(message, cause);
	}

}
