package io.github.bufferedcounter.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Proves that the test servers start (or are reachable) on this machine.
 */
class TestServersSmokeTest {

	@Test
	void postgresAnswers() throws SQLException {
		assertAnswers(TestDatabases.postgres(), "postgresql", "select version()");
	}

	@Test
	void mariadbAnswers() throws SQLException {
		assertAnswers(TestDatabases.mariadb(), "mariadb", "select version()");
	}

	@Test
	void h2Answers() throws SQLException {
		assertAnswers(TestDatabases.h2(), "h2", "select h2version()");
	}

	@Test
	void everyPostgresCallGivesAFreshEmptyDatabase() throws SQLException {
		TestDatabase first = TestDatabases.postgres();
		TestDatabase second = TestDatabases.postgres();
		assertThat(first.url()).isNotEqualTo(second.url());
		execute(first, "create table marker (id int)");
		assertThat(query(first, "select current_database()")).isNotEqualTo(query(second, "select current_database()"));
		assertThat(query(first, "select count(*) from information_schema.tables where table_name = 'marker'"))
			.isEqualTo("1");
		assertThat(query(second, "select count(*) from information_schema.tables where table_name = 'marker'"))
			.isEqualTo("0");
	}

	@Test
	void redisAnswersPingAndRestartLosesData() {
		RedisClient client = RedisClient.create(TestRedis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			assertThat(redis.ping()).isEqualTo("PONG");
			log("Redis " + redis.info("server").lines().filter((line) -> line.startsWith("redis_version")).findFirst()
				.orElseThrow() + " at " + TestRedis.uri());
			if (System.getenv(TestRedis.URL_ENV) != null) {
				assertThatIllegalStateException().isThrownBy(TestRedis::restart);
				return;
			}
			String key = "test-support:" + getClass().getSimpleName();
			redis.set(key, "1");
			TestRedis.restart();
			assertThat(redis.get(key)).isNull(); // Lettuce reconnects by itself
			assertThat(redis.ping()).isEqualTo("PONG");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void redisClusterHasThreeMastersSharingAllSlots() {
		RedisClusterClient client = RedisClusterClient
			.create(TestRedisCluster.nodes().stream().map((node) -> RedisURI.create("redis://" + node)).toList());
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			List<RedisClusterNode> masters = connection.getPartitions().stream()
				.filter((node) -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
				.toList();
			assertThat(masters).hasSize(3);
			assertThat(masters.stream().mapToInt((node) -> node.getSlots().size()).sum()).isEqualTo(16384);
			assertThat(connection.sync().clusterInfo()).contains("cluster_state:ok");
			String key = "test-support:" + getClass().getSimpleName();
			connection.sync().set(key, "1");
			assertThat(connection.sync().get(key)).isEqualTo("1");
			connection.sync().del(key);
			log("Redis Cluster at " + TestRedisCluster.nodesProperty());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static void assertAnswers(TestDatabase database, String name, String versionQuery) throws SQLException {
		assertThat(database.name()).isEqualTo(name);
		assertThat(query(database, "select 1")).isEqualTo("1");
		log(query(database, versionQuery) + " at " + database.url());
	}

	private static String query(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	private static void execute(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void log(String message) {
		System.out.println(TestServersSmokeTest.class.getSimpleName() + ": " + message);
	}

}
