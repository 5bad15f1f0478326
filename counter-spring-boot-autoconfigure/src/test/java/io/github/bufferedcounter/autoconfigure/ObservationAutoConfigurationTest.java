package io.github.bufferedcounter.autoconfigure;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.flush.FlushObserver;
import io.github.bufferedcounter.flush.observation.DefaultFlushObservationConvention;
import io.github.bufferedcounter.flush.observation.FlushContext;
import io.github.bufferedcounter.flush.observation.FlushObservationConvention;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flushes observed through the application's {@link ObservationRegistry}, with a convention the
 * application may replace, and without Micrometer's observation API nothing observed.
 */
class ObservationAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				BufferedCounterHibernateAutoConfiguration.class, BufferedCounterAutoConfiguration.class,
				ObservationAutoConfiguration.class, BufferedCounterObservationAutoConfiguration.class))
		.withUserConfiguration(Entities.class)
		.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa",
				"spring.jpa.hibernate.ddl-auto=create-drop", "buffered-counter.jdbc.initialize-schema=always");

	@Test
	void flushesAreObservedThroughTheApplicationsRegistry() {
		this.runner.withUserConfiguration(TestRegistry.class).run((context) -> {
			flushOneIncrement(context);

			assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo(DefaultFlushObservationConvention.NAME)
				.that()
				.hasLowCardinalityKeyValue("buffered.counter.store", "memory")
				.hasLowCardinalityKeyValue("outcome", "success");
		});
	}

	@Test
	void aConventionBeanReplacesTheDefault() {
		this.runner.withUserConfiguration(TestRegistry.class, RenamedFlushes.class).run((context) -> {
			flushOneIncrement(context);

			assertThat(context.getBean(TestObservationRegistry.class)).hasObservationWithNameEqualTo("app.flush")
				.that()
				.hasLowCardinalityKeyValue("app", "yes");
		});
	}

	@Test
	void bootsObservationsPropertyTurnsThemOffByTheirCommonPrefix() {
		this.runner.withUserConfiguration(TestRegistry.class)
			.withPropertyValues("management.observations.enable.buffered.counter.flush=false")
			.run((context) -> {
				flushOneIncrement(context);

				assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
			});
	}

	@Test
	void bootsOwnRegistryIsUsedWhenTheApplicationDefinesNone() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
			.hasSingleBean(FlushObserver.class));
	}

	@Test
	void nothingIsObservedWithoutMicrometersObservationApi() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FlushObserver.class));
	}

	@Test
	void theObservationAutoConfigurationThisRunsAfterExists() {
		assertThat(BufferedCounterObservationAutoConfiguration.class
			.getAnnotation(org.springframework.boot.autoconfigure.AutoConfiguration.class)
			.afterName()).containsExactly(ObservationAutoConfiguration.class.getName());
	}

	private static void flushOneIncrement(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		new JdbcTemplate(context.getBean(javax.sql.DataSource.class))
			.update("insert into blog_posts (id, title, view_count, like_total, version) values (1, 'a', 0, 0, 0)");
		BufferedCounters counters = context.getBean(BufferedCounters.class);
		counters.increment(Post.class, 1L, "viewCount", 1);
		assertThat(counters.flush().rows()).isOne();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Post.class)
	static class Entities {

	}

	@Configuration(proxyBeanMethods = false)
	static class TestRegistry {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RenamedFlushes {

		@Bean
		FlushObservationConvention appFlushConvention() {
			return new FlushObservationConvention() {

				@Override
				public String getName() {
					return "app.flush";
				}

				@Override
				public io.micrometer.common.KeyValues getLowCardinalityKeyValues(FlushContext context) {
					return io.micrometer.common.KeyValues.of("app", "yes");
				}

			};
		}

	}

}
