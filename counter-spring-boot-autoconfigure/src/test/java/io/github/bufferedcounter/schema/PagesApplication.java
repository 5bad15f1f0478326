package io.github.bufferedcounter.schema;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/** An application with one entity, {@link Page}, whose schema its migrations create. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = Page.class)
public class PagesApplication {

}
