package io.github.bufferedcounter.unique.redis;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Includes the Lua scripts of the unique counts in a native image: {@link RedisUniqueCounts}
 * reads them from the classpath when the class is initialised.
 */
class RedisUniqueScriptsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("io/github/bufferedcounter/unique/redis/*.lua");
	}

}
