package io.github.bufferedcounter.testsupport;

import java.time.Duration;
import java.util.function.Consumer;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import redis.embedded.RedisServer;
import redis.embedded.RedisServerBuilder;

import org.springframework.data.redis.connection.RedisServerCommands;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A Redis server of one test's own, for tests that put the server into a state others must not
 * see: memory full under {@code noeviction}, or a read-only replica. Always embedded (the
 * binary shipped with {@code org.signal:embedded-redis}), whatever {@link TestRedis} uses.
 */
public final class PrivateRedis implements AutoCloseable {

	/** Shared by every fault test's connection factory, which does not shut down resources it was given. */
	private static final ClientResources QUICK_RECONNECT = ClientResources.builder()
		.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
		.build();

	/** A port nothing listens on: a replica of it never syncs, so it keeps its data. */
	private static final int NO_MASTER_PORT = 1;

	private final RedisServer server;

	private final int port;

	private final LettuceConnectionFactory admin;

	private PrivateRedis(RedisServer server, int port) {
		this.server = server;
		this.port = port;
		this.admin = connectionFactory(port, Duration.ofSeconds(5));
	}

	/**
	 * Starts a server on a free loopback port, without persistence and with the
	 * {@code noeviction} policy.
	 * @return the running server
	 */
	public static PrivateRedis start() {
		int port = Loopback.freePort();
		RedisServer server = withoutPersistence(port).setting("maxmemory-policy noeviction").build();
		server.start();
		return new PrivateRedis(server, port);
	}

	/**
	 * Returns a builder of a server on a loopback port, without persistence.
	 * @param port the port
	 * @return the builder
	 */
	static RedisServerBuilder withoutPersistence(int port) {
		return RedisServer.builder().bind(Loopback.ADDRESS).port(port).setting("save \"\"").setting("appendonly no");
	}

	public int port() {
		return this.port;
	}

	/**
	 * Creates and starts a connection factory on a loopback port with a short command timeout
	 * and quick reconnects, as a fault test needs; the caller destroys it.
	 * @param port the port, of this server or of a proxy in front of it
	 * @param timeout the command timeout
	 * @return the started factory
	 */
	public static LettuceConnectionFactory connectionFactory(int port, Duration timeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout)
			.clientResources(QUICK_RECONNECT)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(Loopback.ADDRESS, port), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Makes every write fail with {@code OOM}, as a server at {@code maxmemory} under {@code noeviction}. */
	public void fillMemory() {
		server((commands) -> commands.setConfig("maxmemory", "1"));
	}

	/** Lifts the memory limit again. */
	public void freeMemory() {
		server((commands) -> commands.setConfig("maxmemory", "0"));
	}

	/** Makes the server a replica of a master that cannot be reached: it keeps its data, and refuses writes with {@code READONLY}. */
	public void makeReadOnlyReplica() {
		server((commands) -> commands.replicaOf(Loopback.ADDRESS, NO_MASTER_PORT));
	}

	/** Promotes it back to a master. */
	public void promote() {
		server(RedisServerCommands::replicaOfNoOne);
	}

	private void server(Consumer<RedisServerCommands> command) {
		new StringRedisTemplate(this.admin).execute((RedisCallback<Void>) (connection) -> {
			command.accept(connection.serverCommands());
			return null;
		});
	}

	@Override
	public void close() {
		this.admin.destroy();
		this.server.stop();
	}

}
