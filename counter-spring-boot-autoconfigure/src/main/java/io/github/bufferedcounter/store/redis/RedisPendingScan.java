package io.github.bufferedcounter.store.redis;

import java.util.ArrayList;
import java.util.List;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.PendingDelta;
import io.github.bufferedcounter.store.PendingPage;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Pages through the pending hashes of all shards with {@code HSCAN}. A cursor is
 * {@code shard:scanCursor:skip}: the shard, the {@code HSCAN} cursor of the step being read, and
 * how many entries of that step earlier pages already returned, so a page never exceeds its
 * limit and never needs a whole hash in memory.
 */
final class RedisPendingScan {

	private static final int STEP = 100;

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	RedisPendingScan(StringRedisTemplate redis, List<RedisShardKeys> shards) {
		this.redis = redis;
		this.shards = shards;
	}

	PendingPage page(String entity, String cursor, int limit) {
		Position position = Position.parse(cursor, this.shards.size());
		String match = (entity != null) ? escape(entity) + ":*" : "*";
		List<PendingDelta> deltas = new ArrayList<>();
		while (position != null && deltas.size() < limit) {
			List<?> reply = this.redis.execute(RedisScripts.SCAN, List.of(this.shards.get(position.shard).pending()),
					position.scanCursor, Integer.toString(STEP), match);
			String next = String.valueOf(reply.get(0));
			int entries = (reply.size() - 1) / 2;
			int index = position.skip;
			for (; index < entries && deltas.size() < limit; index++) {
				add(deltas, String.valueOf(reply.get(1 + 2 * index)), String.valueOf(reply.get(2 + 2 * index)));
			}
			if (index < entries) {
				position = new Position(position.shard, position.scanCursor, index);
			}
			else if (!"0".equals(next)) {
				position = new Position(position.shard, next, 0);
			}
			else {
				position = (position.shard + 1 < this.shards.size()) ? new Position(position.shard + 1, "0", 0) : null;
			}
		}
		return new PendingPage(deltas, (position != null) ? position.toString() : null);
	}

	private static void add(List<PendingDelta> deltas, String key, String value) {
		try {
			deltas.add(new PendingDelta(CounterKey.decode(key), Long.parseLong(value)));
		}
		catch (IllegalArgumentException ex) {
			// a malformed entry is parked as a dead letter by the next flush
		}
	}

	private static String escape(String entity) {
		return entity.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
	}

	private record Position(int shard, String scanCursor, int skip) {

		static Position parse(String cursor, int shards) {
			if (cursor == null || cursor.isEmpty()) {
				return new Position(0, "0", 0);
			}
			String[] parts = cursor.split(":");
			try {
				Position position = new Position(Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]));
				Long.parseUnsignedLong(position.scanCursor);
				if (parts.length == 3 && position.shard >= 0 && position.shard < shards && position.skip >= 0) {
					return position;
				}
			}
			catch (RuntimeException ex) {
				// reported below
			}
			throw new IllegalArgumentException("Invalid cursor '" + cursor
					+ "': pass the nextCursor of a previous page, or no cursor for the first page");
		}

		@Override
		public String toString() {
			return this.shard + ":" + this.scanCursor + ":" + this.skip;
		}

	}

}
