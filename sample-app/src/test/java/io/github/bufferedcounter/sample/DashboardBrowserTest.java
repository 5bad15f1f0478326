package io.github.bufferedcounter.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the dashboard in real headless Chromium and checks that the posts and the chart render;
 * pauses the flushes from the page and sees views and an approved comment added on the page stay
 * pending (the views already ranking the post first in the most viewed list), resumes them and
 * sees them written; starts a load from the page and waits until the
 * values shown grow, the flushes appear, the load demo reports that the database totals match and
 * a views milestone shows up; then saves a screenshot to {@code target/dashboard.png}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} packages ({@code /usr/bin/chromium}
 * and {@code /usr/bin/chromedriver}; other paths with {@code -Dchromium.binary} and
 * {@code -Dchromium.driver}). Without them the test is skipped by an assumption, before the
 * application starts, so that a machine with only a JDK still passes {@code ./mvnw verify}. The
 * application runs on a free port with flushes every 300 ms and a database of its own. Chromium
 * is told not to reach the network on its own; the only address it opens is the application's
 * on the loopback interface.
 */
class DashboardBrowserTest {

	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

	private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

	private static final long LOAD = 10_000;

	private ConfigurableApplicationContext application;

	private int port;

	private LoadDemo loadDemo;

	private ChromeDriverService service;

	private WebDriver driver;

	private Path profile;

	/**
	 * Skips the test, and reports it skipped, before anything starts if Chromium is missing. The
	 * application is started here rather than by {@code @SpringBootTest}, which would start it
	 * before any assumption of the test could be checked.
	 */
	@BeforeEach
	void startApplicationAndBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER
						+ "): apt-get install -y chromium chromium-driver to run the dashboard browser test");
		this.application = new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--buffered-counter.flush.interval=300ms", "--spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1");
		this.port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		this.loadDemo = this.application.getBean(LoadDemo.class);
		this.profile = Files.createTempDirectory("dashboard-chromium-");
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
				"--user-data-dir=" + this.profile.toAbsolutePath(), "--window-size=1400,1500");
		this.driver = new ChromeDriver(this.service, options);
	}

	@AfterEach
	void stopBrowserAndApplication() throws IOException {
		if (this.driver != null) {
			this.driver.quit();
		}
		if (this.service != null) {
			this.service.stop();
		}
		if (this.profile != null) {
			FileSystemUtils.deleteRecursively(this.profile);
		}
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void dashboardShowsValuesAndChartChangingUnderLoad() throws IOException {
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		assertThat(this.driver.getTitle()).contains("Buffered counters");

		// the page polls: posts, store and chart render
		await(Duration.ofSeconds(30), (driver) -> "true".equals(script("return document.body.dataset.ready"))
				&& samples() >= 3 && !posts().isEmpty());
		assertThat(text("store")).isEqualTo("redis");
		assertThat(text("health")).isEqualTo("bufferedCounters UP");
		assertThat(text("interval")).isEqualTo("300ms");
		List<WebElement> posts = posts();
		assertThat(posts).hasSizeGreaterThanOrEqualTo(5);
		String firstPost = posts.get(0).getDomAttribute("id").substring("post-".length());
		long viewsBefore = value("post-" + firstPost + "-views");
		long storedBefore = number(text("post-" + firstPost + "-views-stored"));
		long viewersBefore = value("post-" + firstPost + "-uniqueViewers");
		assertThat(chartPixels()).as("grid and axes drawn").isGreaterThan(1000);
		// the views-per-day chart: a bar for each of the last 7 days, today's last, for the first post
		await(Duration.ofSeconds(10), (driver) -> this.driver.findElements(By.cssSelector("#views-chart rect")).size() == 7);
		assertThat(text("views-chart-post")).endsWith("#" + firstPost);
		assertThat(todayBar().getDomAttribute("id")).isEqualTo("views-day-" + LocalDate.now());
		long todayBefore = todayViews();
		String chartBefore = (String) script("return document.getElementById('chart').toDataURL()");

		// with scheduled flushes paused, a view clicked on the page stays pending
		click("pause-toggle");
		await(Duration.ofSeconds(10), (driver) -> this.driver.findElement(By.id("paused")).isDisplayed());
		WebElement addView = this.driver.findElement(By.cssSelector("#post-" + firstPost + " button[data-act=views]"));
		for (int i = 0; i < 3; i++) {
			addView.click();
		}
		await(Duration.ofSeconds(10), (driver) -> value("post-" + firstPost + "-views") == viewsBefore + 3
				&& number(text("post-" + firstPost + "-views-pending")) == 3);
		assertThat(number(text("post-" + firstPost + "-views-stored"))).isEqualTo(storedBefore);
		// the most viewed list ranks them too: BufferedCounters.top counts pending views
		await(Duration.ofSeconds(10), (driver) -> firstPost.equals(this.driver.findElement(By.id("most-viewed-1"))
			.getDomAttribute("data-post"))
				&& Long.parseLong(this.driver.findElement(By.id("most-viewed-1")).getDomAttribute("data-views")) == viewsBefore + 3);
		// today's bar counts them while they are pending: the rollup bucket is read with its pending delta
		await(Duration.ofSeconds(10), (driver) -> todayViews() == todayBefore + 3);
		// the three clicks came from one visitor, this tab: one unique viewer, not yet written
		await(Duration.ofSeconds(10), (driver) -> value("post-" + firstPost + "-uniqueViewers") == viewersBefore + 1
				&& number(text("post-" + firstPost + "-uniqueViewers-pending")) == 1);
		// an approved comment: both counter caches count it at the commit, and it stays pending too
		long commentsBefore = value("post-" + firstPost + "-comments");
		long approvedBefore = value("post-" + firstPost + "-approvedComments");
		long approvedStoredBefore = number(text("post-" + firstPost + "-approvedComments-stored"));
		click(By.cssSelector("#post-" + firstPost + " button[data-act=approved]"));
		await(Duration.ofSeconds(10), (driver) -> value("post-" + firstPost + "-comments") == commentsBefore + 1
				&& value("post-" + firstPost + "-approvedComments") == approvedBefore + 1
				&& number(text("post-" + firstPost + "-approvedComments-pending")) == 1);
		assertThat(number(text("post-" + firstPost + "-approvedComments-stored"))).isEqualTo(approvedStoredBefore);
		await(Duration.ofSeconds(10), (driver) -> Double.parseDouble(chartData("maxPending")) >= 3);
		// resumed, the next flush writes them
		click("pause-toggle");
		await(Duration.ofSeconds(10), (driver) -> number(text("post-" + firstPost + "-views-stored")) == storedBefore + 3
				&& number(text("post-" + firstPost + "-views-pending")) == 0
				&& number(text("post-" + firstPost + "-approvedComments-stored")) == approvedStoredBefore + 1
				&& number(text("post-" + firstPost + "-uniqueViewers-stored")) == viewersBefore + 1);
		long viewsAfterClicks = viewsBefore + 3;

		// start a load from the page
		WebElement increments = this.driver.findElement(By.id("load-increments"));
		increments.clear();
		increments.sendKeys(String.valueOf(LOAD));
		click("load-start");

		// the current values (database + pending) grow while the load runs...
		await(Duration.ofSeconds(60), (driver) -> value("post-" + firstPost + "-views") > viewsAfterClicks);
		// ...and so do the stored ones, as the flushes write them; the history lists the flushes
		await(Duration.ofSeconds(60),
				(driver) -> number(text("post-" + firstPost + "-views-stored")) > viewsAfterClicks
						&& this.driver.findElements(By.cssSelector("#flushes tbody tr:not(.empty)")).size() > 0);
		// the run ends with its check of the database totals
		await(Duration.ofSeconds(180), (driver) -> !this.driver.findElements(By.cssSelector("#load-result[data-ok]"))
			.isEmpty());
		assertThat(this.driver.findElement(By.id("load-result")).getDomAttribute("data-ok"))
			.as(text("load-result"))
			.isEqualTo("true");
		assertThat(text("load-sum-increments")).startsWith("10,000 ");
		assertThat(text("load-result")).contains("counter caches equal the comment rows");
		// posts passed 100 or 1,000 views, which a CounterChangedEvent listener noticed
		await(Duration.ofSeconds(10), (driver) -> text("milestones").matches(".*post #\\d+ reached [0-9,]+ views.*"));
		assertThat(number(text("load-sum-rows"))).isPositive();
		assertThat(this.loadDemo.status()).hasValueSatisfying((status) -> {
			assertThat(status.summary()).isNotNull();
			assertThat(status.summary().ok()).isTrue();
		});

		// the chart drew both series, and everything got written
		long samplesAtEnd = samples();
		await(Duration.ofSeconds(10), (driver) -> samples() >= samplesAtEnd + 2);
		assertThat(Double.parseDouble(chartData("maxWritten"))).as("written drawn").isGreaterThanOrEqualTo(LOAD + 3);
		assertThat(script("return document.getElementById('chart').toDataURL()")).isNotEqualTo(chartBefore);
		assertThat(value("post-" + firstPost + "-views")).isGreaterThan(viewsAfterClicks);
		await(Duration.ofSeconds(10), (driver) -> todayViews() > todayBefore + 3);
		assertThat(Integer.parseInt(todayBar().getDomAttribute("height"))).as("today's bar drawn").isPositive();
		assertThat(number(text("stat-rows"))).isPositive();
		assertThat(text("dead")).contains("No dead letters.");

		Files.createDirectories(SCREENSHOT.getParent());
		byte[] png = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOT, png);
		assertThat(png.length).isGreaterThan(20_000);

		assertThat((List<?>) script("return window.dashboardErrors")).as("JavaScript errors on the page").isEmpty();
	}

	private WebElement todayBar() {
		return this.driver.findElement(By.cssSelector("#views-chart rect.today"));
	}

	private long todayViews() {
		return Long.parseLong(todayBar().getDomAttribute("data-views"));
	}

	private void click(String id) {
		click(By.id(id));
	}

	private void click(By element) {
		this.driver.findElement(element).click();
	}

	private void await(Duration timeout, Function<WebDriver, Boolean> condition) {
		new WebDriverWait(this.driver, timeout, Duration.ofMillis(100)).until(condition);
	}

	private Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	private List<WebElement> posts() {
		return this.driver.findElements(By.cssSelector("#posts tbody tr"));
	}

	private String text(String id) {
		return this.driver.findElement(By.id(id)).getText().trim();
	}

	/** The raw value the page holds for a counter cell, as it last rendered it. */
	private long value(String id) {
		return Long.parseLong(this.driver.findElement(By.id(id)).getDomAttribute("data-value"));
	}

	private long samples() {
		return Long.parseLong(chartData("samples"));
	}

	private String chartData(String name) {
		return (String) script("return document.getElementById('chart').dataset." + name + " || '0'");
	}

	/** Counts the pixels the chart painted. */
	private long chartPixels() {
		return (Long) script("var c = document.getElementById('chart');"
				+ "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var n = 0;"
				+ "for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } return n;");
	}

	/** Reads the first number of a text such as "1,234 (12.5 increments per row update)". */
	private static long number(String text) {
		String digits = text.replaceAll("^[^0-9-]*", "").replaceAll("[ (].*$", "").replace(",", "");
		return Long.parseLong(digits);
	}

}
