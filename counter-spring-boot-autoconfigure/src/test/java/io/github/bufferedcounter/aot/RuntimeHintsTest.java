package io.github.bufferedcounter.aot;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.actuate.CountersDescriptor;
import io.github.bufferedcounter.actuate.CountersDescriptor.LastFlushDescriptor;
import io.github.bufferedcounter.actuate.CountersDescriptor.PendingDeltaDescriptor;
import io.github.bufferedcounter.store.DeadLetter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints that {@code META-INF/spring/aot.factories} registers cover what the library loads at
 * run time: every resource in its package tree, found on the classpath rather than listed here,
 * and the types the counters endpoint writes as JSON.
 */
class RuntimeHintsTest {

	private static final String ROOT = "io/github/bufferedcounter/";

	private static final RuntimeHints hints = new RuntimeHints();

	@BeforeAll
	static void registerFromAotFactories() {
		ClassLoader classLoader = RuntimeHintsTest.class.getClassLoader();
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories", classLoader)
			.load(RuntimeHintsRegistrar.class);
		registrars.forEach((registrar) -> registrar.registerHints(hints, classLoader));
	}

	@Test
	void everyLuaScriptIsIncluded() throws IOException {
		List<String> scripts = libraryResources("**/*.lua");
		assertThat(scripts).contains(ROOT + "store/redis/claim.lua", ROOT + "unique/redis/add.lua");
		assertThat(scripts).allSatisfy(this::isIncluded);
	}

	@Test
	void everyMigrationAndTheChangelogAreIncluded() throws IOException {
		List<String> files = libraryResources("jdbc/**/*.*");
		assertThat(files).contains(ROOT + "jdbc/changelog.xml",
				ROOT + "jdbc/migration/h2/V1.0.0.0.1__buffered_counter_tables.sql");
		assertThat(files).allSatisfy(this::isIncluded);
	}

	@Test
	void migrationFoldersAreIncludedForListingThem() {
		Stream.of("postgresql", "mysql", "mariadb", "h2")
			.forEach((platform) -> isIncluded(ROOT + "jdbc/migration/" + platform));
	}

	@Test
	void everyResourceOfTheLibraryIsIncluded() throws IOException {
		assertThat(libraryResources("**/*.*")).isNotEmpty().allSatisfy(this::isIncluded);
	}

	@Test
	void countersEndpointResponsesCanBeWrittenAsJson() {
		Stream.of(CountersDescriptor.class, PendingDeltaDescriptor.class, LastFlushDescriptor.class,
				FlushResult.class, DeadLetter.class)
			.forEach((type) -> {
				assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
				for (RecordComponent component : type.getRecordComponents()) {
					assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
						.as(type.getSimpleName() + "." + component.getName())
						.accepts(hints);
				}
			});
	}

	private void isIncluded(String resource) {
		assertThat(RuntimeHintsPredicates.resource().forResource(resource)).as(resource).accepts(hints);
	}

	/** The library's resources (not its classes) matching a pattern below its root package. */
	private static List<String> libraryResources(String pattern) throws IOException {
		List<String> found = new ArrayList<>();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:" + ROOT + pattern)) {
			String url = resource.getURL().toString();
			if (resource.isReadable() && !url.endsWith(".class") && !url.contains("/test-classes/")) {
				found.add(url.substring(url.lastIndexOf(ROOT)));
			}
		}
		return found;
	}

}
