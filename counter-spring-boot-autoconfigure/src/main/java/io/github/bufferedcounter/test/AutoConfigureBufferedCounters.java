package io.github.bufferedcounter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.bufferedcounter.autoconfigure.BufferedCounterProperties.StoreType;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Adds buffered counters to a test: to a slice that does not include them by itself, and to a
 * {@code @SpringBootTest} that should run without Redis. The counters get the
 * {@linkplain StoreType#MEMORY memory store} unless {@link #store()} says otherwise, and no
 * scheduled flush in a slice: the test flushes with {@code BufferedCounters.flush()}.
 * {@code @DataJpaTest} needs no annotation; it imports the counters itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("buffered-counter")
public @interface AutoConfigureBufferedCounters {

	/**
	 * Store of the test's deltas, mapped to {@code buffered-counter.store}. {@code MEMORY} keeps
	 * the test independent of Redis; {@code REDIS} needs a Redis connection in the test's context.
	 * @return the store
	 */
	StoreType store() default StoreType.MEMORY;

}
