package io.github.bufferedcounter.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.benchmarks.app.BenchApp;
import io.github.bufferedcounter.benchmarks.app.BenchChild;
import io.github.bufferedcounter.benchmarks.app.BenchCounter;
import io.github.bufferedcounter.benchmarks.app.BenchCounterRepository;
import io.github.bufferedcounter.benchmarks.app.BenchParent;
import io.github.bufferedcounter.benchmarks.app.BenchPlainChild;
import io.github.bufferedcounter.benchmarks.app.BenchRailsChild;
import io.github.bufferedcounter.flush.FlushSettings;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One booted {@link BenchApp}: a Spring context with the buffered counter starter, configured
 * through properties only, so the harness sees the library exactly as an application does.
 */
final class Bench implements AutoCloseable {

	final String name;

	final ConfigurableApplicationContext context;

	final BufferedCounters counters;

	final BenchCounterRepository repository;

	final TransactionTemplate transactions;

	private final StringRedisTemplate redis;

	/** The raw peer's hash, named once: a look-up in the environment per call cost it half its time. */
	private final String rawHash;

	/** Joins the transaction of the calling thread, as an injected {@code EntityManager} does. */
	private final EntityManager entityManager;

	private Bench(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.counters = context.getBean(BufferedCounters.class);
		this.repository = context.getBean(BenchCounterRepository.class);
		this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		this.redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
		this.rawHash = context.getEnvironment().getProperty("buffered-counter.redis.key-prefix") + ":raw-hincrby";
		this.entityManager = SharedEntityManagerCreator
			.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
	}

	/**
	 * Boots the application.
	 * @param servers where PostgreSQL and Redis are
	 * @param name names the configuration; also part of its Redis key prefix
	 * @param extra properties on top of the common ones, such as {@code buffered-counter.store}
	 */
	static Bench start(Servers servers, String name, Map<String, Object> extra, Log log) {
		Map<String, Object> unobserved = new LinkedHashMap<>(extra);
		unobserved.put("spring.autoconfigure.exclude", Observability.autoConfigurations());
		return boot(servers, name, unobserved, extra, log);
	}

	/**
	 * Boots the application as a typical Boot application with the actuator starter: health,
	 * metrics into Boot's simple meter registry, observations (Lettuce's command observations,
	 * Spring Data repository metrics, Hikari's pool metrics) and the library's metrics, all at
	 * their defaults.
	 */
	static Bench startObserved(Servers servers, String name, Log log) {
		return boot(servers, name, Map.of(), Map.of("actuator", "on"), log);
	}

	private static Bench boot(Servers servers, String name, Map<String, Object> extra, Map<String, Object> shown,
			Log log) {
		long start = System.nanoTime();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("spring.datasource.url", servers.jdbcUrl);
		properties.put("spring.datasource.username", servers.user);
		properties.put("spring.datasource.password", servers.password);
		// enough connections for every load thread: the direct-update peer is not held back by the pool
		properties.put("spring.datasource.hikari.maximum-pool-size", "24");
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.jpa.open-in-view", "false");
		properties.put("spring.data.redis.host", servers.redisHost);
		properties.put("spring.data.redis.port", Integer.toString(servers.redisPort));
		properties.put("spring.data.redis.repositories.enabled", "false");
		properties.put("buffered-counter.jdbc.initialize-schema", "always");
		properties.put("buffered-counter.redis.key-prefix", "bench-" + servers.runId + "-" + name);
		properties.put("logging.level.root", "WARN");
		properties.putAll(extra);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApp.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.properties(properties)
			.run();
		log.info("Started application '" + name + "' " + shown + " in " + (System.nanoTime() - start) / 1_000_000
				+ " ms");
		return new Bench(name, context);
	}

	/** Adds 1 to a row's counter through the library. */
	void increment(long id) {
		increment(id, 1);
	}

	void increment(long id, long delta) {
		this.counters.increment(BenchCounter.class, id, BenchCounter.FIELD, delta);
	}

	/** Adds 1 to each row of a range, in transactions of up to 1000 increments (buffered at each commit). */
	void incrementEach(IdRange rows) {
		incrementEach(rows, 1);
	}

	/** Adds {@code delta} to each row of a range, in transactions of up to 1000 increments. */
	void incrementEach(IdRange rows, long delta) {
		incrementEach(rows, (id) -> increment(id, delta));
	}

	/** Runs {@code increment} for each id of a range, in transactions of up to 1000 ids. */
	void incrementEach(IdRange rows, LongConsumer increment) {
		int chunk = 1000;
		for (long first = rows.first(); first <= rows.last(); first += chunk) {
			long from = first;
			long to = Math.min(rows.last(), first + chunk - 1);
			this.transactions.executeWithoutResult((status) -> {
				for (long id = from; id <= to; id++) {
					increment.accept(id);
				}
			});
		}
	}

	/** Inserts a child counted by the parent's counter cache, in a transaction of its own. */
	void insertCountedChild(long parent) {
		this.transactions.executeWithoutResult((status) -> this.entityManager.persist(new BenchChild(parent(parent))));
	}

	/** Inserts the same child, counted by nothing, in a transaction of its own. */
	void insertPlainChild(long parent) {
		this.transactions
			.executeWithoutResult((status) -> this.entityManager.persist(new BenchPlainChild(parent(parent))));
	}

	/**
	 * Inserts the same child and adds 1 to the parent's {@code rails_count} in the same
	 * transaction, as a Rails {@code counter_cache} does.
	 */
	void insertRailsChild(long parent) {
		this.transactions.executeWithoutResult((status) -> {
			this.entityManager.persist(new BenchRailsChild(parent(parent)));
			this.entityManager.createQuery("update BenchParent p set p.railsCount = p.railsCount + 1 where p.id = :id")
				.setParameter("id", parent)
				.executeUpdate();
		});
	}

	/** A reference to a parent, without loading it. */
	private BenchParent parent(long id) {
		return this.entityManager.getReference(BenchParent.class, id);
	}

	/** Recounts the parents' counter cache from their children, every parent row. */
	long recalculateAllChildCounts() {
		return this.counters.recalculateAll(BenchParent.class, BenchParent.CHILD_COUNT);
	}

	FlushResult flush() {
		return this.counters.flush();
	}

	/**
	 * Flushes with {@code instances} flushers at once, each a {@link Flusher} of its own as a
	 * separate application instance would have (own lock, own shard threads), all draining the
	 * same store into the same database, until the store is empty.
	 * @return the sum of what they wrote
	 */
	FlushResult flushWith(int instances) throws Exception {
		DeltaStore store = this.context.getBean(DeltaStore.class);
		EntityManagerFactory entityManagerFactory = this.context.getBean(EntityManagerFactory.class);
		CounterRegistry registry = this.context.getBean(CounterRegistry.class);
		FlushSettings settings = new FlushSettings(1000, Duration.ofSeconds(60), 5, Duration.ofSeconds(1),
				Duration.ofMinutes(5), 1000, Duration.ofDays(7), false, 2);
		ExecutorService pool = Executors.newFixedThreadPool(instances);
		List<Flusher> flushers = new ArrayList<>();
		try {
			List<Future<FlushResult>> results = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				Flusher flusher = new Flusher(store, entityManagerFactory, registry, settings, Clock.systemUTC());
				flushers.add(flusher);
				results.add(pool.submit(() -> {
					FlushResult total = FlushResult.EMPTY;
					FlushResult last;
					do {
						last = flusher.flush();
						total = total.plus(last);
					}
					while (last.batches() > 0);
					return total;
				}));
			}
			FlushResult total = FlushResult.EMPTY;
			for (Future<FlushResult> result : results) {
				total = total.plus(result.get(10, TimeUnit.MINUTES));
			}
			return total;
		}
		finally {
			pool.shutdownNow();
			flushers.forEach(Flusher::close);
		}
	}

	/** Redis {@code INFO memory} {@code used_memory}: bytes allocated by the server. */
	long redisUsedMemory() {
		try (RedisConnection connection = this.context.getBean(RedisConnectionFactory.class).getConnection()) {
			Properties info = connection.serverCommands().info("memory");
			return Long.parseLong(info.getProperty("used_memory").trim());
		}
	}

	/**
	 * Adds 1 to a field of a hash of this configuration's own with one synchronous
	 * {@code HINCRBY}: what an application would do writing to Redis itself, one round trip per
	 * increment, through Spring Data Redis and Lettuce's shared connection.
	 */
	void incrementRawRedis(long field) {
		this.redis.opsForHash().increment(rawHash(), Long.toString(field), 1);
	}

	/** Sums the raw hash's fields, then deletes it. */
	long takeRawRedisTotal() {
		long total = this.redis.<String, String>opsForHash()
			.values(rawHash())
			.stream()
			.mapToLong(Long::parseLong)
			.sum();
		this.redis.delete(rawHash());
		return total;
	}

	private String rawHash() {
		return this.rawHash;
	}

	/** Whether Lettuce records an observation of every command, as it does under the actuator starter. */
	boolean lettuceObserved() {
		RedisConnectionFactory factory = this.context.getBean(RedisConnectionFactory.class);
		return factory instanceof LettuceConnectionFactory lettuce && lettuce.getClientResources() != null
				&& lettuce.getClientResources().tracing().isEnabled();
	}

	String redisVersion() {
		try (RedisConnection connection = this.context.getBean(RedisConnectionFactory.class).getConnection()) {
			return connection.serverCommands().info("server").getProperty("redis_version", "?").trim();
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
