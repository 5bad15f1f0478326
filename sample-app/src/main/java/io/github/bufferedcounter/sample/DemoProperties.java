package io.github.bufferedcounter.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample's demo features, under {@code demo.*}.
 *
 * @param load increments the load demo makes right after startup, {@code 0} for none (for
 * example {@code --demo.load=100000})
 * @param threads threads making them
 * @param posts how many posts they go to (the first ones by id, created if missing)
 * @param exit whether to stop the application once the startup load is checked, with exit code
 * 0 if the database totals match and 1 otherwise
 * @param seedPosts posts created at startup when there are none, so the dashboard has something
 * to show
 */
@ConfigurationProperties("demo")
public record DemoProperties(@DefaultValue("0") long load, @DefaultValue("32") int threads,
		@DefaultValue("10") int posts, @DefaultValue("false") boolean exit, @DefaultValue("5") int seedPosts) {

}
