package io.github.bufferedcounter.it;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;

@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = CounterTestApplication.class)
public class CounterTestApplication {

	@Bean
	CounterChanges counterChanges() {
		return new CounterChanges();
	}

}
