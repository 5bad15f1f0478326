package io.github.bufferedcounter.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.bufferedcounter.cache.CounterCacheIntegrator;
import io.github.bufferedcounter.cache.CounterCacheListener;
import io.github.bufferedcounter.mapping.CounterMappingIntegrator;
import io.github.bufferedcounter.rollup.RollupBuckets;
import io.github.bufferedcounter.store.CommittedDeltas;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.UncertainCommits;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Registers the {@link CounterMappingIntegrator} and the {@link CounterCacheIntegrator} with
 * the Hibernate session factory that Spring Boot builds, keeping any integrator provider the
 * application set itself. Counter cache deltas and deleted holder rows go to the
 * {@link DeltaStore} bean, looked up when the first transaction with either commits.
 */
@AutoConfiguration(before = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({ Integrator.class, HibernatePropertiesCustomizer.class })
@ConditionalOnBooleanProperty(name = "buffered-counter.enabled", matchIfMissing = true)
public final class BufferedCounterHibernateAutoConfiguration {

	/** Declared in {@link BufferedCounterProperties.CounterCache}; read here, before the properties bean exists. */
	static final String AWAIT_WRITE = "buffered-counter.counter-cache.await-write";

	/** By name: the application's own customizers are not replacements for this one. */
	@Bean
	@ConditionalOnMissingBean(name = "bufferedCounterHibernatePropertiesCustomizer")
	HibernatePropertiesCustomizer bufferedCounterHibernatePropertiesCustomizer(ObjectProvider<DeltaStore> store,
			ObjectProvider<UncertainCommits> uncertainCommits, ObjectProvider<RollupBuckets> rollupBuckets,
			Environment environment) {
		Log logger = LogFactory.getLog(CounterCacheListener.class);
		boolean awaitWrite = awaitWrite(environment);
		// looked up at the first commit: the buckets need the registry, built from the finished EntityManagerFactory
		SingletonSupplier<RollupBuckets> buckets = SingletonSupplier.of(() -> rollupBuckets.getIfAvailable(RollupBuckets::none));
		Consumer<Map<CounterKey, Long>> committed = awaitWrite
				? (deltas) -> CommittedDeltas.handOver(store.getObject(), buckets.obtain().withBuckets(deltas), logger,
						"counter cache deltas")
				: (deltas) -> store.getObject().addCommitted(buckets.obtain().withBuckets(deltas));
		Consumer<Map<CounterKey, Long>> uncertain = (deltas) -> uncertainCommits.getIfAvailable(UncertainCommits::new)
			.drop(deltas, logger, "counter cache deltas");
		Consumer<Collection<CounterKey>> deleted = (rows) -> store.getObject().rowsDeleted(rows);
		return (properties) -> addIntegrators(properties, committed, uncertain, deleted);
	}

	/** Bound as the properties class would bind it (relaxed names, Spring's boolean spellings). */
	private static boolean awaitWrite(Environment environment) {
		try {
			return Binder.get(environment).bind(AWAIT_WRITE, Boolean.class).orElse(false);
		}
		catch (BindException ex) {
			throw new IllegalStateException(AWAIT_WRITE + " must be true or false; got '"
					+ environment.getProperty(AWAIT_WRITE) + "'", ex);
		}
	}

	static void addIntegrators(Map<String, Object> properties, Consumer<Map<CounterKey, Long>> committed,
			Consumer<Map<CounterKey, Long>> uncertain, Consumer<Collection<CounterKey>> deleted) {
		IntegratorProvider existing = provider(properties.get(JpaSettings.INTEGRATOR_PROVIDER));
		properties.put(JpaSettings.INTEGRATOR_PROVIDER, (IntegratorProvider) () -> {
			List<Integrator> integrators = new ArrayList<>();
			if (existing != null) {
				integrators.addAll(existing.getIntegrators());
			}
			integrators.add(new CounterMappingIntegrator());
			integrators.add(new CounterCacheIntegrator(committed, uncertain, deleted));
			return integrators;
		});
	}

	/** Resolves the forms Hibernate accepts for the setting: an instance, a class or a class name. */
	private static IntegratorProvider provider(Object setting) {
		if (setting == null || setting instanceof IntegratorProvider) {
			return (IntegratorProvider) setting;
		}
		Class<?> type = (setting instanceof Class<?> given) ? given
				: ClassUtils.resolveClassName(setting.toString().trim(),
						BufferedCounterHibernateAutoConfiguration.class.getClassLoader());
		return (IntegratorProvider) BeanUtils.instantiateClass(type);
	}

}
