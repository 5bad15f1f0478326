package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.exceptions.EmbeddedRedisException;

/**
 * A Redis Cluster of three masters for tests, shared by the whole JVM. Tests keep apart by using key prefixes of
 * their own.
 * <p>
 * By default three embedded Redis servers (the binary shipped with {@code org.signal:embedded-redis}, as for
 * {@link TestRedis}) are started in cluster mode on first use, on free loopback ports and with explicit cluster bus
 * ports, without persistence; they are joined with {@code CLUSTER MEET}, given a third of the slots each with
 * {@code CLUSTER ADDSLOTSRANGE}, and used once every node reports {@code cluster_state:ok}. A shutdown hook stops
 * them and deletes their directory. Setting {@value #NODES_ENV} to {@code host:port,host:port,...} uses that
 * cluster instead.
 */
public final class TestRedisCluster {

	static final String NODES_ENV = "BUFFERED_COUNTER_TEST_REDIS_CLUSTER_NODES";

	private static final Logger logger = LoggerFactory.getLogger(TestRedisCluster.class);

	private static final String LOOPBACK = Loopback.ADDRESS;

	/** The slots of each master, as {@code redis-cli --cluster create} splits them. */
	static final int[][] SLOT_RANGES = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };

	private static final int MASTERS = SLOT_RANGES.length;

	private static final int SLOTS = 16384;

	private static final int START_ATTEMPTS = 3;

	/**
	 * How long a node may stay silent before the others suspect it, in ms. A master that saw itself in a minority,
	 * as each does while the others are still joining, also waits this long (0.5 to 5 s) before it serves again, so
	 * the default of 15 s would add 5 s to the start.
	 */
	private static final int NODE_TIMEOUT_MILLIS = 2000;

	private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

	/** The nodes, {@code host:port}; guarded by {@code TestRedisCluster.class}. */
	private static List<String> nodes;

	private TestRedisCluster() {
	}

	/**
	 * Returns the nodes of the cluster, starting it if needed.
	 * @return {@code host:port} of each node
	 */
	public static synchronized List<String> nodes() {
		if (nodes == null) {
			String configured = System.getenv(NODES_ENV);
			nodes = (configured == null || configured.isBlank()) ? startEmbedded() : external(configured);
		}
		return nodes;
	}

	/**
	 * Returns the nodes of the cluster as {@code spring.data.redis.cluster.nodes} takes them, starting it if needed.
	 * @return {@code host:port,host:port,...}
	 */
	public static String nodesProperty() {
		return String.join(",", nodes());
	}

	private static List<String> external(String configured) {
		List<String> external = new ArrayList<>();
		for (String node : configured.split(",")) {
			String trimmed = node.trim();
			int colon = trimmed.lastIndexOf(':');
			try {
				if (colon > 0) {
					Integer.parseInt(trimmed.substring(colon + 1));
					external.add(trimmed);
					continue;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException(
					NODES_ENV + " must look like host:port,host:port,... but is " + configured);
		}
		return List.copyOf(external);
	}

	private static List<String> startEmbedded() {
		long start = System.nanoTime();
		Path dir;
		try {
			dir = Files.createTempDirectory("embedded-redis-cluster");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a directory for the embedded Redis Cluster", ex);
		}
		List<Node> started = new ArrayList<>();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, dir), "TestRedisClusterCleaner"));
		try {
			for (int i = 0; i < MASTERS; i++) {
				Node node = startNode(dir);
				synchronized (started) {
					started.add(node);
				}
			}
			form(started);
		}
		catch (RuntimeException ex) {
			stop(started, dir);
			throw ex;
		}
		List<String> addresses = started.stream().map((node) -> LOOPBACK + ":" + node.port()).toList();
		logger.info("Started embedded Redis Cluster {} in {} ms", addresses, Loopback.millisSince(start));
		return addresses;
	}

	static Node startNode(Path dir) {
		for (int attempt = 1;; attempt++) {
			int port = Loopback.freePort();
			int busPort;
			while ((busPort = Loopback.freePort()) == port) {
				// the bus needs a port of its own
			}
			RedisServer redis = RedisServer.builder()
				.bind(LOOPBACK)
				.port(port)
				.setting("cluster-enabled yes")
				.setting("cluster-config-file nodes-" + port + ".conf")
				.setting("cluster-port " + busPort)
				.setting("cluster-node-timeout " + NODE_TIMEOUT_MILLIS)
				// a node briefly suspected on a busy machine does not stop the others serving their slots
				.setting("cluster-require-full-coverage no")
				.setting("dir \"" + dir.toAbsolutePath() + "\"")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			try {
				redis.start();
				return new Node(port, busPort, redis);
			}
			catch (EmbeddedRedisException ex) {
				// most likely someone else took one of the ports in the meantime
				if (attempt == START_ATTEMPTS) {
					throw ex;
				}
				logger.warn("Could not start embedded Redis Cluster node on ports {} and {}, retrying", port, busPort,
						ex);
			}
		}
	}

	/** Gives each node a third of the slots, joins them, and waits until every node sees a healthy cluster. */
	static void form(List<Node> nodes) {
		RedisClient client = RedisClient.create();
		try {
			List<RedisCommands<String, String>> commands = new ArrayList<>();
			for (Node node : nodes) {
				commands.add(client.connect(RedisURI.create(LOOPBACK, node.port())).sync());
			}
			for (int i = 0; i < nodes.size(); i++) {
				// distinct epochs up front spare the nodes resolving a collision, as redis-cli --cluster create does
				commands.get(i).clusterSetConfigEpoch(i + 1);
				commands.get(i).clusterAddSlotsRange(Range.create(SLOT_RANGES[i][0], SLOT_RANGES[i][1]));
			}
			for (Node other : nodes.subList(1, nodes.size())) {
				meet(commands.get(0), other);
			}
			awaitOk(nodes, commands, MASTERS);
		}
		finally {
			client.shutdownAsync(0, 2, TimeUnit.SECONDS);
		}
	}

	/** Introduces a node to the cluster of the node the commands go to. */
	static void meet(RedisCommands<String, String> commands, Node other) {
		// CLUSTER MEET with the bus port: it is not port + 10000 here
		commands.dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add("MEET").add(LOOPBACK).add(other.port()).add(other.busPort()));
	}

	/**
	 * Waits until every node reports a healthy cluster of the given number of nodes.
	 * @param nodes the nodes
	 * @param commands a connection to each node, in the same order
	 * @param known how many nodes each must know
	 */
	static void awaitOk(List<Node> nodes, List<RedisCommands<String, String>> commands, int known) {
		long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
		while (true) {
			List<String> infos = commands.stream().map(RedisCommands::clusterInfo).toList();
			if (infos.stream().allMatch((info) -> healthy(info, known))) {
				return;
			}
			if (System.nanoTime() > deadline) {
				StringBuilder message = new StringBuilder("The embedded Redis Cluster did not reach cluster_state:ok "
						+ "with " + known + " known nodes within " + FORM_TIMEOUT + "; CLUSTER INFO of each node:");
				for (int i = 0; i < nodes.size(); i++) {
					message.append("\n--- ").append(LOOPBACK).append(':').append(nodes.get(i).port()).append('\n')
						.append(infos.get(i).strip());
				}
				throw new IllegalStateException(message.toString());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while forming the embedded Redis Cluster", ex);
			}
		}
	}

	private static boolean healthy(String info, int known) {
		List<String> lines = info.lines().map(String::strip).toList();
		return lines.contains("cluster_state:ok") && lines.contains("cluster_known_nodes:" + known)
				&& lines.contains("cluster_slots_ok:" + SLOTS);
	}

	static void stop(List<Node> nodes, Path dir) {
		synchronized (nodes) {
			for (Node node : nodes) {
				try {
					node.server().stop();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not stop embedded Redis Cluster node on port {}", node.port(), ex);
				}
			}
			nodes.clear();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

	/**
	 * One embedded node.
	 * @param port the client port
	 * @param busPort the cluster bus port
	 * @param server the server
	 */
	record Node(int port, int busPort, RedisServer server) {
	}

}
