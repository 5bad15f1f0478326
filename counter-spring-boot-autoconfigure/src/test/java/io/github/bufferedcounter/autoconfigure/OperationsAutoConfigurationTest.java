package io.github.bufferedcounter.autoconfigure;

import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.actuate.CountersEndpoint;
import io.github.bufferedcounter.actuate.health.BufferedCountersHealthIndicator;
import io.github.bufferedcounter.actuate.metrics.BufferedCountersMetrics;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.it.Tag;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class OperationsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				BufferedCounterHibernateAutoConfiguration.class, BufferedCounterRedisAutoConfiguration.class,
				BufferedCounterAutoConfiguration.class, BufferedCounterEndpointAutoConfiguration.class,
				BufferedCounterHealthAutoConfiguration.class, BufferedCounterMetricsAutoConfiguration.class,
				EndpointAutoConfiguration.class))
		.withUserConfiguration(Entities.class)
		.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa",
				"buffered-counter.flush.interval=1h");

	@Test
	void endpointNeedsExposure() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CountersEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=counters")
			.run((context) -> assertThat(context).hasSingleBean(CountersEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(WebEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=counters")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(BufferedCounters.class)
				.doesNotHaveBean(CountersEndpoint.class));
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(BufferedCountersMetrics.class));
		this.runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BufferedCountersMetrics.class));
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(BufferedCountersHealthIndicator.class));
		this.runner.withPropertyValues("management.health.buffered-counters.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BufferedCountersHealthIndicator.class));
	}

	@Test
	void nothingOperationalWhenModuleIsDisabled() {
		this.runner.withPropertyValues("buffered-counter.enabled=false", "management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CountersEndpoint.class)
				.doesNotHaveBean(BufferedCountersHealthIndicator.class)
				.doesNotHaveBean(BufferedCountersMetrics.class));
	}

	@Test
	void aRedisOutageTheSpillBufferHoldsIsDegradedAndDownOnlyWithoutOne() {
		ApplicationContextRunner unreachable = this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=1", "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms");
		unreachable.run((context) -> {
			Health health = context.getBean(BufferedCountersHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(BufferedCountersHealthIndicator.DEGRADED);
			assertThat(health.getDetails()).containsEntry("store", "unreachable").containsEntry("spillLimit", 100_000);
		});
		unreachable.withPropertyValues("buffered-counter.redis.spill-limit=0")
			.run((context) -> assertThat(context.getBean(BufferedCountersHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void aFailedFlushIsTimedWithItsExceptionAndTheLagIsATimeGauge() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=1", "spring.data.redis.timeout=300ms",
					"spring.data.redis.connect-timeout=300ms")
			.run((context) -> {
				MeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(BufferedCountersMetrics.class).bindTo(meters);

				assertThatRuntimeException().isThrownBy(() -> context.getBean(BufferedCounters.class).flush());

				Timer failures = meters.get("buffered.counter.flush").tag("outcome", "failure").timer();
				assertThat(failures.getId().getTag("exception")).isNotBlank().isNotEqualTo("none");
				assertThat(failures.count()).isOne();
				assertThat(failures.totalTime(TimeUnit.MILLISECONDS)).isPositive();
				assertThat(meters.get("buffered.counter.flush").tag("outcome", "success").timer().getId().getTag("exception"))
					.isEqualTo("none");
				assertThat(meters.get("buffered.counter.oldest.pending.age").meter()).isInstanceOf(TimeGauge.class);
			});
	}

	@Test
	void healthIsDownOnceFlushesHaveFailedLongerThanTheLagThreshold() {
		this.runner
			.withPropertyValues("buffered-counter.health.lag-threshold=200ms", "spring.jpa.hibernate.ddl-auto=create")
			.run((context) -> {
				BufferedCountersHealthIndicator health = context.getBean(BufferedCountersHealthIndicator.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				jdbc.update("insert into tag (name, uses) values ('down', 0)");
				context.getBean(BufferedCounters.class).increment(Tag.class, "down", "uses", 1);
				jdbc.execute("alter table tag rename to tag_gone");

				context.getBean(BufferedCounters.class).flush();
				assertThat(health.health().getDetails()).containsKey("failingSince");
				Thread.sleep(300);

				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void healthIsDegradedWhenFlushingLags() {
		this.runner.withPropertyValues("buffered-counter.health.lag-threshold=1ms", "spring.jpa.hibernate.ddl-auto=create")
			.run((context) -> {
				BufferedCountersHealthIndicator health = context.getBean(BufferedCountersHealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				context.getBean(BufferedCounters.class).increment(Post.class, 1L, "viewCount", 1);
				Thread.sleep(20);
				assertThat(health.health().getStatus()).isEqualTo(BufferedCountersHealthIndicator.DEGRADED);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Post.class)
	static class Entities {

	}

}
