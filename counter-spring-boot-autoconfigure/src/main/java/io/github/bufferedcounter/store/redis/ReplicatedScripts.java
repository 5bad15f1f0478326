package io.github.bufferedcounter.store.redis;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs a script, then {@code WAIT}s on the same connection until the required replicas have
 * it. {@code WAIT} cannot run inside a script, counts only the writes of its own connection and
 * blocks that connection, so each call borrows a connection of its own from a pool (one per
 * caller running at once: the write lanes and the flush threads). A script that ran but that
 * too few replicas confirmed throws {@link ReplicasNotConfirmedException}: the write happened
 * on the primary, and a failover may or may not keep it, so its outcome is unclear. A script
 * sent again after that must make a write of its own for the {@code WAIT} after it to cover
 * the first one: {@code add.lua} touches the writer's mark when it skips a write it ran.
 */
final class ReplicatedScripts implements DurableScripts {

	private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

	private final LettuceConnectionFactory connectionFactory;

	private final ReplicaAcknowledgement acknowledgement;

	private final Queue<ScriptConnection> idle = new ConcurrentLinkedQueue<>();

	private volatile boolean closed;

	private ReplicatedScripts(LettuceConnectionFactory connectionFactory, ReplicaAcknowledgement acknowledgement) {
		this.connectionFactory = connectionFactory;
		this.acknowledgement = acknowledgement;
	}

	/**
	 * Returns how the store runs its scripts: on the primary alone, or confirmed by replicas.
	 * @throws IllegalStateException if replicas must confirm but the connection factory is not
	 * Lettuce's, which is needed to run {@code WAIT} on the connection that wrote
	 */
	static DurableScripts of(RedisConnectionFactory connectionFactory, ReplicaAcknowledgement acknowledgement,
			DurableScripts onPrimary) {
		if (!acknowledgement.waits()) {
			return onPrimary;
		}
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("buffered-counter.redis.replicas is " + acknowledgement.replicas()
					+ ", which needs Lettuce's connection factory (Spring Boot's default) to run WAIT on the "
					+ "connection that wrote; got " + connectionFactory.getClass().getName()
					+ ". Use Lettuce, or set buffered-counter.redis.replicas to 0");
		}
		return new ReplicatedScripts(lettuce, acknowledgement);
	}

	@Override
	public <T> T run(RedisScript<T> script, List<String> keys, List<String> args, Predicate<T> wrote) {
		ScriptConnection connection = borrow();
		boolean healthy = false;
		try {
			RedisCommands<String, String> node = connection.nodeOf(keys.get(0));
			Long client = node.clientId();
			T reply = evaluate(node, script, keys, args);
			if (wrote.test(reply)) {
				awaitReplicas(node);
				sameConnection(node, client);
			}
			healthy = true;
			return reply;
		}
		catch (ReplicasNotConfirmedException ex) {
			// the connection answered: it stays in the pool, and the topology is as it was
			healthy = true;
			throw ex;
		}
		catch (RuntimeException ex) {
			connection.failed();
			throw translate(ex);
		}
		finally {
			giveBack(connection, healthy);
		}
	}

	@SuppressWarnings("unchecked")
	private <T> T evaluate(RedisCommands<String, String> node, RedisScript<T> script, List<String> keys,
			List<String> args) {
		String[] keyArray = keys.toArray(String[]::new);
		String[] argArray = args.toArray(String[]::new);
		ScriptOutputType type = outputOf(script.getResultType());
		try {
			return (T) node.evalsha(script.getSha1(), type, keyArray, argArray);
		}
		catch (RedisNoScriptException ex) {
			return (T) node.eval(script.getScriptAsString(), type, keyArray, argArray);
		}
	}

	/**
	 * Checks that the script and {@code WAIT} ran on one Redis connection. Lettuce reconnects a
	 * dropped connection and sends again the commands that were in flight: a {@code WAIT} sent
	 * again on a new connection counts from that connection's writes, none, and would confirm
	 * at once what the replicas never got.
	 */
	private static void sameConnection(RedisCommands<String, String> node, Long before) {
		Long after = node.clientId();
		if (before == null || !before.equals(after)) {
			throw new ReplicasNotConfirmedException("The connection to Redis was re-established between a write and "
					+ "the WAIT for its replicas, which then counts for the new connection only", null);
		}
	}

	private void awaitReplicas(RedisCommands<String, String> node) {
		int required = this.acknowledgement.replicas();
		long confirmed;
		try {
			Long reply = node.waitForReplication(required, this.acknowledgement.timeout().toMillis());
			confirmed = (reply != null) ? reply : 0;
		}
		catch (RuntimeException ex) {
			throw new ReplicasNotConfirmedException("A write ran on the Redis primary, but WAIT for "
					+ required + " replicas failed: " + RedisFailures.describe(ex), ex);
		}
		if (confirmed < required) {
			throw new ReplicasNotConfirmedException("A write ran on the Redis primary, but only " + confirmed
					+ " of the " + required + " replicas required by buffered-counter.redis.replicas confirmed it within "
					+ this.acknowledgement.timeout() + " (buffered-counter.redis.replica-timeout)", null);
		}
	}

	private static ScriptOutputType outputOf(Class<?> resultType) {
		if (resultType == null) {
			return ScriptOutputType.STATUS;
		}
		if (Long.class.equals(resultType)) {
			return ScriptOutputType.INTEGER;
		}
		if (List.class.isAssignableFrom(resultType)) {
			return ScriptOutputType.MULTI;
		}
		return ScriptOutputType.VALUE;
	}

	private static RuntimeException translate(RuntimeException ex) {
		RuntimeException translated = EXCEPTIONS.translateExceptionIfPossible(ex);
		return (translated != null) ? translated : ex;
	}

	private ScriptConnection borrow() {
		ScriptConnection connection = this.idle.poll();
		if (connection != null) {
			return connection;
		}
		AbstractRedisClient client = this.connectionFactory.getNativeClient();
		if (client == null) {
			throw new IllegalStateException("The Redis connection factory is not started");
		}
		try {
			return ScriptConnection.open(client);
		}
		catch (RuntimeException ex) {
			throw translate(ex);
		}
	}

	/**
	 * Keeps a connection for the next call, unless a call on it failed: a command it timed out
	 * on may still be queued there, so it is closed, and the next call opens a new one.
	 */
	private void giveBack(ScriptConnection connection, boolean healthy) {
		if (!healthy || this.closed) {
			connection.close();
			return;
		}
		this.idle.add(connection);
		if (this.closed && this.idle.remove(connection)) {
			connection.close();
		}
	}

	/** Closes the idle connections; one in use is closed when it is given back. */
	@Override
	public void close() {
		this.closed = true;
		ScriptConnection connection;
		while ((connection = this.idle.poll()) != null) {
			connection.close();
		}
	}

}
