package io.github.bufferedcounter.testsupport;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.exceptions.EmbeddedRedisException;

/**
 * A Redis server for tests, shared by the whole JVM. Tests keep apart by using key prefixes of their own.
 * <p>
 * By default an embedded Redis (the binary shipped with {@code org.signal:embedded-redis}) is started on first use,
 * on a free loopback port, without persistence; the library stops it with a JVM shutdown hook. Setting
 * {@value #URL_ENV} to {@code redis://host:port} uses that server instead.
 */
public final class TestRedis {

	static final String URL_ENV = "BUFFERED_COUNTER_TEST_REDIS_URL";

	private static final Logger logger = LoggerFactory.getLogger(TestRedis.class);

	private static final String LOOPBACK = Loopback.ADDRESS;

	private static final int START_ATTEMPTS = 3;

	/** The server and its address; guarded by {@code TestRedis.class}. */
	private static Server server;

	private TestRedis() {
	}

	/**
	 * Returns the host of the server, starting it if needed.
	 * @return the host name or address
	 */
	public static String host() {
		return server().host();
	}

	/**
	 * Returns the port of the server, starting it if needed.
	 * @return the port
	 */
	public static int port() {
		return server().port();
	}

	/**
	 * Returns the address of the server, starting it if needed.
	 * @return {@code redis://host:port}
	 */
	public static String uri() {
		Server current = server();
		return "redis://" + current.host() + ":" + current.port();
	}

	/**
	 * Stops the embedded server and starts it again on the same port. All data is lost, and clients see their
	 * connections drop.
	 * @throws IllegalStateException if {@value #URL_ENV} points at an external server
	 */
	public static synchronized void restart() {
		RedisServer embedded = server().embedded();
		if (embedded == null) {
			throw new IllegalStateException(
					"Cannot restart the external Redis server at " + uri() + " (set by " + URL_ENV + ")");
		}
		long start = System.nanoTime();
		embedded.stop();
		embedded.start();
		logger.info("Restarted embedded Redis on port {} in {} ms", port(), Loopback.millisSince(start));
	}

	private static synchronized Server server() {
		if (server == null) {
			String url = System.getenv(URL_ENV);
			server = (url == null || url.isBlank()) ? startEmbedded() : external(url);
		}
		return server;
	}

	private static Server external(String url) {
		URI uri = URI.create(url.trim());
		if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException(URL_ENV + " must look like redis://host:port but is " + url);
		}
		return new Server(uri.getHost(), (uri.getPort() < 0) ? 6379 : uri.getPort(), null);
	}

	private static Server startEmbedded() {
		long start = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			int port = Loopback.freePort();
			RedisServer redis = RedisServer.builder()
				.bind(LOOPBACK)
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			try {
				redis.start();
				logger.info("Started embedded Redis on port {} in {} ms", port, Loopback.millisSince(start));
				return new Server(LOOPBACK, port, redis);
			}
			catch (EmbeddedRedisException ex) {
				// most likely someone else took the port in the meantime
				if (attempt == START_ATTEMPTS) {
					throw ex;
				}
				logger.warn("Could not start embedded Redis on port {}, retrying", port, ex);
			}
		}
	}

	/**
	 * Where the server listens.
	 * @param host host name or address
	 * @param port port
	 * @param embedded the embedded server, or {@code null} for an external one
	 */
	private record Server(String host, int port, RedisServer embedded) {
	}

}
