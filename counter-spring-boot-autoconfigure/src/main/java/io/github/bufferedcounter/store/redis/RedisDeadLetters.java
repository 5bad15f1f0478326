package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.bufferedcounter.store.DeadLetter;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The operator commands on dead letters: list, buffer again, delete. Each touches at most
 * {@value #MAX} entries per shard per call.
 */
final class RedisDeadLetters {

	static final int MAX = 1000;

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final Clock clock;

	RedisDeadLetters(StringRedisTemplate redis, List<RedisShardKeys> shards, Clock clock) {
		this.redis = redis;
		this.shards = shards;
		this.clock = clock;
	}

	List<DeadLetter> list(int limit) {
		List<DeadLetter> letters = new ArrayList<>();
		for (RedisShardKeys keys : this.shards) {
			if (letters.size() >= limit) {
				break;
			}
			List<?> reply = this.redis.execute(RedisScripts.SCAN, List.of(keys.dead()), "0",
					Integer.toString(Math.min(limit, MAX)), "*");
			for (int i = 1; i + 1 < reply.size() && letters.size() < limit; i += 2) {
				String key = String.valueOf(reply.get(i));
				Object info = this.redis.opsForHash().get(keys.deadErrors(), key);
				letters.add(letter(key, String.valueOf(reply.get(i + 1)), (info != null) ? info.toString() : ""));
			}
		}
		return letters;
	}

	private static DeadLetter letter(String key, String delta, String info) {
		int space = info.indexOf(' ');
		int attempts = 0;
		try {
			attempts = Integer.parseInt((space > 0) ? info.substring(0, space) : info);
		}
		catch (NumberFormatException ex) {
			// leave 0: the error text is still shown
		}
		return new DeadLetter(key, delta, attempts, (space > 0) ? info.substring(space + 1) : info);
	}

	int retry(String key) {
		return run("retry", key);
	}

	int discard(String key) {
		return run("discard", key);
	}

	private int run(String action, String key) {
		int handled = 0;
		for (RedisShardKeys keys : this.shards) {
			Long count = this.redis.execute(RedisScripts.DEAD_LETTERS, keys.forDeadLetters(), action,
					Long.toString(this.clock.millis()), Integer.toString(MAX), (key != null) ? key : "",
					RedisShardKeys.newClaimVersion());
			handled += (count != null) ? count.intValue() : 0;
		}
		return handled;
	}

}
