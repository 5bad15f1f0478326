package io.github.bufferedcounter.virtualthreads;

/** Tells the library's code from this test's and everyone else's. */
final class LibraryFrames {

	private static final String LIBRARY = "io.github.bufferedcounter.";

	private static final String THIS_TEST = LibraryFrames.class.getPackageName() + ".";

	private LibraryFrames() {
	}

	static boolean inLibrary(String className) {
		return className.startsWith(LIBRARY) && !className.startsWith(THIS_TEST);
	}

}
