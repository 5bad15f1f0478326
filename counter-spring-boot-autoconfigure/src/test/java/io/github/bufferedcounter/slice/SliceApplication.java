package io.github.bufferedcounter.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application shaped like a user's: its own entities and a controller, nothing else. */
@SpringBootApplication
public class SliceApplication {

}
