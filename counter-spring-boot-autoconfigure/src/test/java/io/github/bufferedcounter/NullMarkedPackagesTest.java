package io.github.bufferedcounter;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.github.bufferedcounter.testsupport.TestRedis;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of the library, and the test support package, has a {@code package-info}
 * annotated {@link NullMarked}, as Spring Framework 7 and Boot 4 mark theirs: Kotlin and IDEs
 * then read unannotated types as non-null. The packages are found on disk, not listed, so a new
 * one cannot be forgotten.
 */
class NullMarkedPackagesTest {

	@Test
	void everyPackageOfTheLibraryIsNullMarked() throws Exception {
		Set<String> packages = packagesBeside(BufferedCounters.class);

		assertThat(packages).hasSizeGreaterThan(15);
		assertThat(notNullMarked(packages)).as("packages without a @NullMarked package-info").isEmpty();
	}

	@Test
	void theTestSupportPackageIsNullMarked() {
		assertThat(notNullMarked(Set.of(TestRedis.class.getPackageName()))).isEmpty();
	}

	/** The packages with classes in the classes directory or jar that holds the given class. */
	private static Set<String> packagesBeside(Class<?> type) throws IOException, URISyntaxException {
		Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		Set<String> packages = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root)) {
			files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> root.relativize(file.getParent()).toString().replace(root.getFileSystem().getSeparator(), "."))
				.forEach(packages::add);
		}
		return packages;
	}

	private static List<String> notNullMarked(Set<String> packages) {
		return packages.stream().filter((name) -> !nullMarked(name)).toList();
	}

	private static boolean nullMarked(String packageName) {
		try {
			return Class.forName(packageName + ".package-info").isAnnotationPresent(NullMarked.class);
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}
