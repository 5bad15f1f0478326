package io.github.bufferedcounter.slice;

import io.github.bufferedcounter.BufferedCounters;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

/**
 * A controller slice has no persistence unit, so the starter backs off; the controller's
 * {@link BufferedCounters} is mocked like any other collaborator of a controller.
 */
@WebMvcTest(StoryController.class)
class WebMvcSliceTest {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private BufferedCounters counters;

	@Test
	void aControllerThatInjectsBufferedCountersRunsWithTheBeanMocked() {
		given(this.counters.current(Story.class, 7L, "views")).willReturn(4L);

		assertThat(this.mvc.post().uri("/stories/7/views")).hasStatusOk().bodyText().isEqualTo("4");

		then(this.counters).should().increment(Story.class, 7L, "views", 1);
	}

}
