package io.github.bufferedcounter.sample;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the sample does once it is ready: creates a few posts when there are none
 * ({@code demo.seed-posts}), and runs the load demo when {@code demo.load} is set, then stops the
 * application if {@code demo.exit} is set:
 *
 * <pre>
 * ./mvnw -pl sample-app -am spring-boot:run -Dspring-boot.run.arguments="--demo.load=100000 --demo.exit=true"
 * </pre>
 */
@Component
public class DemoStartup {

	private static final Log logger = LogFactory.getLog(DemoStartup.class);

	private static final List<String> TITLES = List.of("Why hot counters hurt", "One UPDATE per row per second",
			"Exactly once from Redis to the database", "Counter caches without a hot row",
			"What the dashboard shows", "Reading your own writes", "Dead letters and how to retry them",
			"Shutting down without losing a count");

	private final PostRepository posts;

	private final LoadDemo loadDemo;

	private final DemoProperties properties;

	public DemoStartup(PostRepository posts, LoadDemo loadDemo, DemoProperties properties) {
		this.posts = posts;
		this.loadDemo = loadDemo;
		this.properties = properties;
	}

	@EventListener
	public void ready(ApplicationReadyEvent event) {
		seed();
		if (this.properties.load() > 0) {
			this.loadDemo.start(this.properties.load(), this.properties.threads(), this.properties.posts())
				.whenComplete((summary, failure) -> {
					if (this.properties.exit()) {
						exit(event.getApplicationContext(), failure == null && summary.ok());
					}
				});
		}
	}

	private void seed() {
		if (this.properties.seedPosts() <= 0 || this.posts.count() > 0) {
			return;
		}
		for (int i = 0; i < this.properties.seedPosts(); i++) {
			String title = (i < TITLES.size()) ? TITLES.get(i) : "Post " + (i + 1);
			this.posts.save(new Post(title));
		}
		logger.info("Created " + this.properties.seedPosts() + " posts; the dashboard is at /");
	}

	private static void exit(ConfigurableApplicationContext context, boolean ok) {
		Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> ok ? 0 : 1)),
				"load-demo-exit");
		exit.start();
	}

}
