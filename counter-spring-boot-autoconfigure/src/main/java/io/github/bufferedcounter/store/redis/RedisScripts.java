package io.github.bufferedcounter.store.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the Redis store, loaded once; Spring Data Redis runs them with
 * {@code EVALSHA} and falls back to {@code EVAL} when Redis does not know them yet.
 */
@SuppressWarnings("rawtypes")
final class RedisScripts {

	static final RedisScript<Long> ADD = script("add.lua", Long.class);

	static final RedisScript<List> CLAIM = script("claim.lua", List.class);

	static final RedisScript<Long> ACKNOWLEDGE = script("acknowledge.lua", Long.class);

	static final RedisScript<Long> RELEASE = script("release.lua", Long.class);

	static final RedisScript<List> PENDING = script("pending.lua", List.class);

	static final RedisScript<List> SCAN = script("scan.lua", List.class);

	static final RedisScript<String> OLDEST = script("oldest.lua", String.class);

	static final RedisScript<Long> DEAD_LETTERS = script("dead_letters.lua", Long.class);

	private RedisScripts() {
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return RedisScript.of(new ClassPathResource(name, RedisScripts.class), resultType);
	}

}
