package io.github.bufferedcounter.sample;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the real sample on a port another socket holds: the start fails, and the report printed
 * names the property that moves the sample to another port.
 */
@ExtendWith(OutputCaptureExtension.class)
class PortTakenTest {

	@Test
	void aTakenPortIsReportedWithThePropertyToChange(CapturedOutput output) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThatException().isThrownBy(() -> SpringApplication.run(SampleApplication.class,
					"--server.port=" + port, "--server.address=127.0.0.1", "--demo.seed-posts=0"));
			assertThat(output).contains("port " + port + " is already in use")
				.contains("set the property server.port to a free port")
				.contains("SERVER_PORT=8081 ./mvnw -pl sample-app -am spring-boot:run")
				.doesNotContain("Identify and stop the process");
		}
	}

}
