package io.github.bufferedcounter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small blog API whose posts count views and likes with buffered counters.
 *
 * <p>Run it with {@code ./mvnw -pl sample-app spring-boot:run}. Without configuration it uses
 * an in-memory H2 database and an embedded Redis (see
 * {@link EmbeddedRedisEnvironmentPostProcessor}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
