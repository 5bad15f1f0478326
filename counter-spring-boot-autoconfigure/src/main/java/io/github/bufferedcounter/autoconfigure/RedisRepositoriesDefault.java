package io.github.bufferedcounter.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Turns Spring Data Redis repositories off unless the application turns them on. The starter
 * brings Spring Data Redis for its buffer, not for repositories; without this, Boot would scan
 * a JPA application's repository interfaces for Redis too, switch Spring Data into strict
 * repository configuration mode and log a line for every repository. The default sits below
 * every other property source and is left out when the application's own default properties
 * ({@code SpringApplication.setDefaultProperties}) name the key, so any setting of
 * {@code spring.data.redis.repositories.enabled} wins; an application that uses Redis
 * repositories sets it to {@code true}.
 */
public final class RedisRepositoriesDefault implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "spring.data.redis.repositories.enabled";

	static final String SOURCE = "bufferedCounterDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		// Boot moves its defaultProperties below every other source once the post-processors ran
		PropertySource<?> applicationDefaults = sources.get(DefaultPropertiesPropertySource.NAME);
		if (sources.contains(SOURCE)
				|| (applicationDefaults != null && applicationDefaults.containsProperty(PROPERTY))) {
			return;
		}
		sources.addLast(new MapPropertySource(SOURCE, Map.of(PROPERTY, "false")));
	}

	/** After Boot's own post-processors, so that it is added below the sources they add. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
