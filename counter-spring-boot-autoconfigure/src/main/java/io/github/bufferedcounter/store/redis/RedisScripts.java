package io.github.bufferedcounter.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the Redis store, read once; Spring Data Redis runs them with
 * {@code EVALSHA} and falls back to {@code EVAL} when Redis does not know them yet.
 */
@SuppressWarnings("rawtypes")
public final class RedisScripts {

	static final RedisScript<Long> ADD = script("add.lua", Long.class);

	static final RedisScript<List> CLAIM = script("claim.lua", List.class);

	static final RedisScript<Long> ACKNOWLEDGE = script("acknowledge.lua", Long.class);

	static final RedisScript<Long> RELEASE = script("release.lua", Long.class);

	static final RedisScript<List> PENDING = script("pending.lua", List.class);

	static final RedisScript<List> FIELD = script("field.lua", List.class);

	static final RedisScript<List> SCAN = script("scan.lua", List.class);

	static final RedisScript<String> OLDEST = script("oldest.lua", String.class);

	static final RedisScript<Long> DEAD_LETTERS = script("dead_letters.lua", Long.class);

	static final RedisScript<Long> DELETED = script("deleted.lua", Long.class);

	private RedisScripts() {
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return text(new ClassPathResource(name, RedisScripts.class), resultType);
	}

	/**
	 * A script from its text, read now. A script made from the resource itself would look at
	 * the file's modification time, under a lock, on every call to run it.
	 * @param source the script's file
	 * @param resultType the type the script returns
	 * @param <T> the type the script returns
	 * @return the script
	 */
	public static <T> RedisScript<T> text(ClassPathResource source, Class<T> resultType) {
		try {
			return RedisScript.of(source.getContentAsString(StandardCharsets.UTF_8), resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the Lua script " + source.getPath(), ex);
		}
	}

}
