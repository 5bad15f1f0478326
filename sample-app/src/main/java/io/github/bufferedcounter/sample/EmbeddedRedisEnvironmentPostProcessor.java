package io.github.bufferedcounter.sample;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an {@link EmbeddedRedis} when no Redis is configured, so that the sample runs without
 * any external service. Registered in {@code META-INF/spring.factories}.
 *
 * <p>Environment post-processors run once the environment, {@code application.yml} included,
 * has been read, and before any bean exists. If none of {@code spring.data.redis.host},
 * {@code url}, {@code sentinel.nodes} or {@code cluster.nodes} is set (in any property source,
 * so the variable {@code SPRING_DATA_REDIS_HOST} counts too), this one starts a server and sets
 * {@code spring.data.redis.host} and {@code port} to it. The Redis connection factory created
 * later connects there, and the buffered counters use Redis as their store.
 *
 * <p>The server must outlive everything that uses it, the final flush of the buffered counters
 * on shutdown included. So it is stopped by the destroy method of a bean, since beans are
 * destroyed after every lifecycle bean has stopped, and, should the application never have got
 * that far, by a Spring Boot shutdown handler, which runs after the application has closed.
 *
 * <p>Ahead-of-time processing ({@code -Paot}) starts no server: it only records bean definitions,
 * and one registered with an instance, as this bean is, cannot be recorded. Run with
 * {@code -Dspring.aot.enabled=true}, the application starts the server and registers the bean
 * here as it does without AOT.
 */
public class EmbeddedRedisEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final List<String> REDIS_LOCATIONS = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes");

	private final Log logger;

	public EmbeddedRedisEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedRedisEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (REDIS_LOCATIONS.stream().anyMatch(environment::containsProperty)
				|| Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		EmbeddedRedis redis = EmbeddedRedis.start();
		SpringApplication.getShutdownHandlers().add(redis::close);
		application.addInitializers((context) -> {
			if (context instanceof GenericApplicationContext generic) {
				generic.registerBean("embeddedRedis", EmbeddedRedis.class, () -> redis,
						(definition) -> definition.setDestroyMethodName("close"));
			}
		});
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis",
					Map.of("spring.data.redis.host", EmbeddedRedis.HOST, "spring.data.redis.port", redis.port())));
		this.logger.info("Started embedded Redis on " + EmbeddedRedis.HOST + ":" + redis.port()
				+ "; set spring.data.redis.host to use another Redis");
	}

	/**
	 * Runs after the post-processor that reads {@code application.yml}.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
