package io.github.bufferedcounter.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.bufferedcounter.flush.FlushObserver;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.UncertainCommits;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.unique.UniqueCounts;
import io.github.bufferedcounter.unique.memory.MemoryUniqueCounts;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bean of the auto-configurations gives way to one the application defines, as Spring
 * Boot's own do; those an application is likely to replace are tried with Redis present.
 */
class BeanReplacementTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				DataRedisAutoConfiguration.class, BufferedCounterHibernateAutoConfiguration.class,
				BufferedCounterRedisAutoConfiguration.class, BufferedCounterAutoConfiguration.class,
				ObservationAutoConfiguration.class, BufferedCounterObservationAutoConfiguration.class))
		.withUserConfiguration(Entities.class)
		.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa",
				"spring.data.redis.host=" + TestRedis.host(), "spring.data.redis.port=" + TestRedis.port(),
				"buffered-counter.redis.key-prefix=replaced-" + UUID.randomUUID());

	@Test
	void everyBeanMethodOfTheAutoConfigurationsBacksOffForTheApplicationsOwn() throws IOException {
		List<String> unconditional = new ArrayList<>();
		for (String name : ImportCandidates.load(org.springframework.boot.autoconfigure.AutoConfiguration.class,
				getClass().getClassLoader())) {
			if (name.startsWith("io.github.bufferedcounter.")) {
				collectUnconditional(loadClass(name), unconditional);
			}
		}
		assertThat(unconditional).as("@Bean methods without @ConditionalOnMissingBean").isEmpty();
	}

	@Test
	void theApplicationsUniqueCountsReplaceTheRedisOnes() {
		this.runner.withUserConfiguration(OwnUniqueCounts.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UniqueCounts.class)
				.getBean(UniqueCounts.class)
				.isSameAs(context.getBean(OwnUniqueCounts.class).counts));
	}

	@Test
	void theApplicationsStoreReplacesTheRedisOne() {
		this.runner.withUserConfiguration(OwnStore.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(DeltaStore.class)
				.isSameAs(context.getBean(OwnStore.class).store));
	}

	@Test
	void theApplicationsObserverAndUncertainCommitsReplaceTheStartersOwn() {
		this.runner.withUserConfiguration(OwnObserverAndCommits.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(FlushObserver.class).hasSingleBean(UncertainCommits.class);
			assertThat(context.getBean(FlushObserver.class)).isSameAs(OwnObserverAndCommits.OBSERVER);
		});
	}

	@Test
	void aCustomizerOfTheSameNameReplacesTheHibernateIntegration() {
		this.runner.withUserConfiguration(OwnCustomizer.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean("bufferedCounterHibernatePropertiesCustomizer")
				.isSameAs(OwnCustomizer.CUSTOMIZER));
	}

	private static void collectUnconditional(Class<?> configuration, List<String> unconditional) {
		for (Method method : configuration.getDeclaredMethods()) {
			if (method.isAnnotationPresent(Bean.class) && !method.isAnnotationPresent(ConditionalOnMissingBean.class)) {
				unconditional.add(configuration.getSimpleName() + "." + method.getName());
			}
		}
		for (Class<?> nested : configuration.getDeclaredClasses()) {
			collectUnconditional(nested, unconditional);
		}
		Import imports = configuration.getAnnotation(Import.class);
		if (imports != null) {
			for (Class<?> imported : imports.value()) {
				collectUnconditional(imported, unconditional);
			}
		}
	}

	private static Class<?> loadClass(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Post.class)
	static class Entities {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnUniqueCounts {

		final UniqueCounts counts = new MemoryUniqueCounts(Clock.systemUTC());

		@Bean
		UniqueCounts ownUniqueCounts() {
			return this.counts;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		final DeltaStore store = new MemoryDeltaStore(Clock.systemUTC());

		@Bean
		DeltaStore ownStore() {
			return this.store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnObserverAndCommits {

		static final FlushObserver OBSERVER = new FlushObserver() {
		};

		@Bean
		FlushObserver ownObserver() {
			return OBSERVER;
		}

		@Bean
		UncertainCommits ownUncertainCommits() {
			return new UncertainCommits();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCustomizer {

		/** Registers the integrators as the starter's does, with handlers of its own. */
		static final HibernatePropertiesCustomizer CUSTOMIZER = (properties) -> BufferedCounterHibernateAutoConfiguration
			.addIntegrators(properties, (deltas) -> {
			}, (deltas) -> {
			}, (rows) -> {
			});

		@Bean
		HibernatePropertiesCustomizer bufferedCounterHibernatePropertiesCustomizer() {
			return CUSTOMIZER;
		}

	}

}
