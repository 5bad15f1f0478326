package io.github.bufferedcounter.store.redis;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs the scripts whose effect the store relies on once they return: {@code add.lua}, whose
 * callers then count their deltas as stored, and {@code claim.lua}, whose batch then goes to
 * the database. Either on the primary alone, or confirmed by replicas
 * ({@link ReplicatedScripts}).
 */
interface DurableScripts extends AutoCloseable {

	/**
	 * Runs a script.
	 * @param script the script
	 * @param keys its keys, all in one slot
	 * @param args its arguments
	 * @param wrote tells from the reply whether the script changed something the replicas must
	 * have; a reply that changed nothing is not waited for
	 * @param <T> what the script returns
	 * @return the script's reply
	 * @throws ReplicasNotConfirmedException if the script ran but too few replicas confirmed it
	 */
	<T> T run(RedisScript<T> script, List<String> keys, List<String> args, Predicate<T> wrote);

	@Override
	void close();

	/**
	 * Runs scripts on the shared connection of a template, relying on the primary alone.
	 * @param redis the template
	 * @return the scripts' runner
	 */
	static DurableScripts onPrimary(StringRedisTemplate redis) {
		return new DurableScripts() {

			@Override
			public <T> T run(RedisScript<T> script, List<String> keys, List<String> args, Predicate<T> wrote) {
				return redis.execute(script, keys, args.toArray());
			}

			@Override
			public void close() {
			}

		};
	}

}
