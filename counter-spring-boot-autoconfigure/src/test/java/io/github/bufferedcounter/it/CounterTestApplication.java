package io.github.bufferedcounter.it;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = CounterTestApplication.class)
public class CounterTestApplication {

}
