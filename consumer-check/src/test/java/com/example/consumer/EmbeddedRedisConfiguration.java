package com.example.consumer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real Redis for the test context, on a free loopback port, owned by the context: it is created
 * before the beans that connect to it and stopped after them, when the context closes.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedRedisConfiguration {

	private static final String HOST = "127.0.0.1";

	@Bean(destroyMethod = "stop")
	RedisServer redisServer() throws IOException {
		RedisServer server = RedisServer.builder()
			.bind(HOST)
			.port(freePort())
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		return server;
	}

	@Bean
	DynamicPropertyRegistrar redisProperties(RedisServer server) {
		return (registry) -> {
			registry.add("spring.data.redis.host", () -> HOST);
			registry.add("spring.data.redis.port", () -> server.ports().get(0));
		};
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
	}

}
