package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class H2RedisTest extends AbstractRedisBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
		redis(registry, "h2");
	}

	@Test
	void batchReadOfFiftyRowsOnASingleNodeIsOneScriptCallAndOneClaimVersionRead() {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			long id = createPost();
			ids.add(id);
			this.counters.increment(Post.class, id, "viewCount", i);
		}
		Map<String, Long> before = commandCalls();

		Map<Long, Long> current = this.counters.currentAll(Post.class, ids, "viewCount");

		Map<String, Long> after = commandCalls();
		assertThat(current.values()).containsExactlyElementsOf(
				ids.stream().map((id) -> (long) ids.indexOf(id)).toList());
		assertThat(calls(after, "evalsha") + calls(after, "eval") - calls(before, "evalsha") - calls(before, "eval"))
			.as("pending.lua calls for 50 rows over 4 shards")
			.isEqualTo(1);
		assertThat(calls(after, "mget") - calls(before, "mget")).as("claim version reads").isEqualTo(1);
	}

	/**
	 * Calls per command since Redis started, from {@code INFO commandstats}, which also counts
	 * the commands scripts run.
	 */
	private Map<String, Long> commandCalls() {
		Properties stats = this.redis.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands()
			.info("commandstats"));
		Map<String, Long> calls = new HashMap<>();
		stats.forEach((name, value) -> {
			String command = String.valueOf(name).replace("cmdstat_", "");
			String text = String.valueOf(value);
			int start = text.indexOf("calls=") + "calls=".length();
			calls.put(command, Long.parseLong(text.substring(start, text.indexOf(',', start))));
		});
		return calls;
	}

	private static long calls(Map<String, Long> calls, String command) {
		return calls.getOrDefault(command, 0L);
	}

}
