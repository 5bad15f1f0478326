package io.github.bufferedcounter.sample;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;

/**
 * Says which property to change when the sample's port is taken, and how to change it from the
 * README's run command. Ordered before Spring Boot's own analysis of the same failure, which names
 * no property. Registered in {@code META-INF/spring.factories}.
 */
class PortTakenFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
		int port = cause.getPort();
		String description = "The sample could not start its web server: port " + port
				+ " is already in use by another process.";
		String action = "Stop the process listening on port " + port
				+ ", or set the property server.port to a free port (0 picks one at random), for example:\n"
				+ "    SERVER_PORT=8081 ./mvnw -pl sample-app -am spring-boot:run\n"
				+ "    ./mvnw -pl sample-app -am spring-boot:run -Dspring-boot.run.arguments=--server.port=8081";
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
