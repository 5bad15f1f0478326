package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What the embedded test servers and their clients share: the loopback address, a free port on
 * it, a started Lettuce or Jedis connection factory, and the time a start took.
 */
public final class Loopback {

	/** The address every embedded server binds to. */
	public static final String ADDRESS = "127.0.0.1";

	private Loopback() {
	}

	/**
	 * Creates and starts a connection factory; the caller destroys it.
	 * @param configuration a standalone or cluster configuration
	 * @return the started factory
	 */
	public static LettuceConnectionFactory connectionFactory(RedisConfiguration configuration) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Creates and starts a Jedis connection factory, for tests that run on both clients; the
	 * caller destroys it.
	 * @param configuration a standalone configuration
	 * @return the started factory
	 */
	public static JedisConnectionFactory jedisConnectionFactory(RedisStandaloneConfiguration configuration) {
		JedisConnectionFactory factory = new JedisConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port", ex);
		}
	}

	static long millisSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
	}

}
