package io.github.bufferedcounter.store.redis;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Includes the Lua scripts of the Redis store in a native image: {@link RedisScripts} reads them
 * from the classpath when the class is initialised.
 */
class RedisScriptsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("io/github/bufferedcounter/store/redis/*.lua");
	}

}
