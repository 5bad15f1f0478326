package io.github.bufferedcounter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A small blog whose posts count views, likes and comments with buffered counters, with a load
 * demo and a live dashboard at {@code /}.
 *
 * <p>Run it with {@code ./mvnw -pl sample-app -am spring-boot:run}. Without configuration it uses
 * an in-memory H2 database and an embedded Redis (see
 * {@link EmbeddedRedisEnvironmentPostProcessor}).
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
